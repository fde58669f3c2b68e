// The provider's return page: ask the portal whether the webhook has decided,
// politely (3 s, then slower, for at most five minutes), and reload once it has.
(function () {
  "use strict";
  var box = document.querySelector("[data-payment-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-payment-status");
  var slow = box.querySelector("[data-payment-status-slow]");
  var delay = 3000;
  var waited = 0;
  var limit = 5 * 60 * 1000;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { final: false };
      })
      .catch(function () {
        return { final: false };
      })
      .then(function (state) {
        if (state.final) {
          window.location.reload();
          return;
        }
        waited += delay;
        if (waited >= 20000 && slow) {
          slow.hidden = false;
        }
        if (waited < limit) {
          delay = Math.min(delay * 1.5, 15000);
          window.setTimeout(poll, delay);
        }
      });
  }

  window.setTimeout(poll, delay);
})();
