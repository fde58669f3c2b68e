// "Use my location" in the directory's and the coupons' filters
// ([data-directory-filters]): asks the browser for the position only when the
// button is clicked, fills the hidden lat/lon fields (rounded to about 100 m)
// and submits, so the result URL can be shared.
(function () {
  "use strict";

  var form = document.querySelector("[data-directory-filters]");
  if (!form || !navigator.geolocation) return;
  var button = form.querySelector("[data-locate]");
  var status = form.querySelector("[data-locate-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting || "…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lon.value = position.coords.longitude.toFixed(3);
        form.elements.plz.value = "";
        form.submit();
      },
      function () {
        status.textContent = button.dataset.failed || "";
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
})();
