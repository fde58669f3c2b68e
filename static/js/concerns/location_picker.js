// Lets the citizen mark the place of a concern on a map. A click (or, for
// keyboard users, the "middle of the map" button) sets a draggable pin whose
// coordinates go into the form's hidden latitude/longitude fields. Without
// JavaScript the map stays hidden and the address field alone is offered.
// Leaflet comes from the portal's static files; tiles only from the server
// configured in settings (none in tests).
(function () {
  function init() {
    var element = document.querySelector("[data-location-picker]");
    if (!element || !window.L) return;
    var form = element.closest("form");
    var latitude = form.querySelector("[data-location-latitude]");
    var longitude = form.querySelector("[data-location-longitude]");
    var status = form.querySelector("[data-location-status]");
    var clearButton = form.querySelector("[data-location-clear]");
    var centerButton = form.querySelector("[data-location-center]");
    form.querySelector("[data-location-picker-wrapper]").hidden = false;

    var map = L.map(element, { scrollWheelZoom: false }).setView(
      [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)],
      parseInt(element.dataset.zoom || "14", 10)
    );
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {
        maxZoom: 19,
        attribution: element.dataset.attribution || "",
      }).addTo(map);
    } else {
      element.classList.add("map--no-tiles");
    }

    var marker = null;

    function store(latlng) {
      latitude.value = latlng.lat.toFixed(6);
      longitude.value = latlng.lng.toFixed(6);
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, {
          draggable: true,
          title: element.dataset.pinTitle,
          alt: element.dataset.pinTitle,
        }).addTo(map);
        marker.on("dragend", function () { store(marker.getLatLng()); });
      }
      store(latlng);
      status.textContent = element.dataset.setText;
      clearButton.hidden = false;
    }

    map.on("click", function (event) { place(event.latlng); });
    centerButton.addEventListener("click", function () { place(map.getCenter()); });
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
      var previous = L.latLng(parseFloat(latitude.value), parseFloat(longitude.value));
      place(previous);
      map.setView(previous);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
