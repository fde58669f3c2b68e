/* Warns while typing when a purchase is lower than a fully redeemed voucher. */
(function () {
  "use strict";
  var form = document.querySelector(".redeem-form[data-full='1']");
  if (!form) { return; }
  var input = form.querySelector("input[name='purchase_amount']");
  var notice = form.querySelector(".js-no-change");
  var value = parseFloat(form.dataset.voucherValue);
  if (!input || !notice) { return; }
  input.addEventListener("input", function () {
    var purchase = parseFloat(input.value.replace(/\./g, "").replace(",", "."));
    notice.hidden = !(purchase > 0 && purchase < value);
  });
})();
