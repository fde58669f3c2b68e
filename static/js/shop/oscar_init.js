/* Starts Oscar's storefront behaviour (static/oscar/js/oscar/ui.js) without inline script.

   Oscar's templates start it from inline <script> blocks ("onbodyload"), which the
   portal's Content-Security-Policy forbids. This file does what those blocks do on
   the storefront pages; each init only binds to elements present on the page.
   The basket's address comes from this script tag's data-basket-url. */
(function () {
  "use strict";
  var script = document.currentScript;
  var basketUrl = script && script.dataset.basketUrl;
  // "Cancel" links of Oscar's forms go back one page (their inline onclick is not allowed).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  if (!window.jQuery || !window.oscar) {
    return;
  }
  window.jQuery(function () {
    var oscar = window.oscar;
    oscar.init();
    if (oscar.search) {
      oscar.search.init();
    }
    if (document.getElementById("basket_formset") && oscar.basket) {
      oscar.basket.init({ basketURL: basketUrl });
    }
    if (document.querySelector("form input[name=options]") && oscar.checkout) {
      oscar.checkout.gateway.init();
    }
    if (document.querySelector('a[data-behaviours~="archive"]') && oscar.notifications) {
      oscar.notifications.init();
    }
  });
})();
