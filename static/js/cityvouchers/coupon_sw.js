/* The service worker of the coupon pages: shows a coupon without network.
   Served by the view ``coupon_views.service_worker`` (a fixed address, with
   ``Service-Worker-Allowed``) and registered by coupon_offline.js for the
   coupon links (/g/) and the coupon pages (/gutscheine/coupons/). It never
   stores anything itself: the pages a resident opened put themselves and
   their style sheets into the cache (coupon_offline.js). Online every
   request goes to the network as usual; only when that fails is the stored
   copy shown, or a short German note for a page that was never stored. */
(function () {
  "use strict";

  self.addEventListener("install", function () { self.skipWaiting(); });
  self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

  // The view that serves this file puts these texts in the visitor's language here.
  var TEXT = /*TEXT*/{
    title: "No connection",
    note: "This page is not stored on this device. Coupons you opened here before can be shown without network."
  }/*TEXT*/;

  function escaped(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; });
  }

  function offlineNote() {
    return "<!doctype html><html lang=\"de\"><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + escaped(TEXT.title) + "</title><main><h1>" + escaped(TEXT.title) + "</h1>" +
    "<p>" + escaped(TEXT.note) + "</p></main></html>";
  }

  function stored(request) {
    return caches.match(request, { ignoreVary: true }).then(function (found) {
      if (found) { return found; }
      if (request.mode === "navigate") {
        return new Response(offlineNote(), {
          status: 503, headers: { "Content-Type": "text/html; charset=utf-8" }
        });
      }
      return Response.error();
    });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
    event.respondWith(fetch(request).catch(function () { return stored(request); }));
  });
})();
