/* Keeps taken coupons in this browser (localStorage): the coupon page offers
   "save on this device", the page "My coupons" lists what was saved, with the
   QR code, so it can be shown from the device.

   Without network too: a page marked ``data-offline-copy`` (a coupon, a
   coupon book, "My coupons", a city voucher) stores itself and the style
   sheets, scripts and images it loaded in the browser's cache each time it
   is opened online, and the coupon service worker (coupon_sw.js, registered
   here) shows that copy when the network is gone. */
(function () {
  "use strict";
  var KEY = "stadtportal.coupons";
  var CACHE = "stadtportal-coupons-v1";
  var script = document.currentScript;

  function keepOffline() {
    if (!document.querySelector("[data-offline-copy]") || !window.caches) { return; }
    var own = window.location.origin;
    var urls = [window.location.pathname];
    window.performance.getEntriesByType("resource").forEach(function (entry) {
      if (entry.name.indexOf(own + "/static/") === 0) { urls.push(entry.name); }
    });
    window.caches.open(CACHE).then(function (cache) {
      urls.forEach(function (url) { cache.add(url).catch(function () {}); });
    });
  }

  if ("serviceWorker" in navigator && script && script.dataset.serviceWorker) {
    var worker = script.dataset.serviceWorker;
    Promise.all(["/g/", "/gutscheine/coupons/"].map(function (scope) {
      return navigator.serviceWorker.register(worker, { scope: scope });
    })).catch(function () {});
  }
  if (document.readyState === "complete") { keepOffline(); } else { window.addEventListener("load", keepOffline); }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch { return []; }
  }

  var card = document.querySelector("[data-coupon-code]");
  var button = document.querySelector("[data-save-coupon]");
  if (card && button && window.localStorage) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var saved = load().filter(function (item) { return item.code !== card.dataset.couponCode; });
      saved.push({ code: card.dataset.couponCode, url: window.location.pathname, html: card.outerHTML });
      window.localStorage.setItem(KEY, JSON.stringify(saved));
      button.disabled = true;
    });
  }

  var list = document.querySelector("[data-saved-coupons]");
  if (list && window.localStorage) {
    var items = load();
    if (!items.length) { return; }
    var ul = list.querySelector("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.code;
      li.appendChild(link);
      ul.appendChild(li);
    });
    list.hidden = false;
  }
})();
