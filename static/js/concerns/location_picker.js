// Lets the citizen mark the place of a concern on a map. A click (or, for
// keyboard users, the "middle of the map" button) sets a draggable pin whose
// coordinates go into the form's hidden latitude/longitude fields. Without
// JavaScript the map stays hidden and the address field alone is offered.
// The map itself is built by the portal's map module (js/map.js).
(function () {
  "use strict";

  var element = document.querySelector("[data-location-picker]");
  if (!element) return;
  var form = element.closest("form");
  var latitude = form.querySelector("[data-location-latitude]");
  var longitude = form.querySelector("[data-location-longitude]");
  var status = form.querySelector("[data-location-status]");
  var clearButton = form.querySelector("[data-location-clear]");
  var centerButton = form.querySelector("[data-location-center]");
  form.querySelector("[data-location-picker-wrapper]").hidden = false;

  function setUp(map) {
    var marker = null;

    function store(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = window.L.marker(latlng, {
          draggable: true,
          title: element.dataset.pinTitle,
          alt: element.dataset.pinTitle,
        }).addTo(map);
        marker.on("dragend", function () {
          store(marker.getLatLng());
        });
      }
      store(latlng);
      status.textContent = element.dataset.setText;
      clearButton.hidden = false;
    }

    map.on("click", function (event) {
      place(event.latlng);
    });
    centerButton.addEventListener("click", function () {
      place(map.getCenter());
    });
    clearButton.addEventListener("click", function () {
      if (marker) map.removeLayer(marker);
      marker = null;
      latitude.value = "";
      longitude.value = "";
      status.textContent = element.dataset.clearedText;
      clearButton.hidden = true;
      centerButton.focus();
    });

    // The form came back with an error: show the pin the citizen had set.
    if (latitude.value && longitude.value) {
      var previous = window.L.latLng(parseFloat(latitude.value), parseFloat(longitude.value));
      place(previous);
      map.setView(previous);
    }
  }

  if (element.portalMap) {
    setUp(element.portalMap);
  } else {
    element.addEventListener("portal:map-ready", function (event) {
      setUp(event.detail.map);
    });
  }
})();
