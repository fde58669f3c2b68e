/* Sends the redeem confirmation with fetch and goes straight to the receipt.
   A refusal (409) is shown in place. Anything else (a form error, a network
   failure) falls back to the plain form POST; the idempotency key in the form
   makes that retry return the first result instead of redeeming twice. */
(function () {
  "use strict";
  var form = document.querySelector(".redeem-form");
  if (!form || !window.fetch) { return; }
  var button = form.querySelector("button[type=submit]");
  var refusal = form.querySelector(".js-refusal");

  function plainSubmit() { form.submit(); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.data.ok) {
        window.location.assign(result.data.receipt_url);
      } else if (result.status === 409) {
        refusal.textContent = result.data.message;
        refusal.hidden = false;
        button.hidden = true;
      } else {
        plainSubmit();
      }
    }).catch(plainSubmit);
  });
})();
