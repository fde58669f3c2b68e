// Turns every [data-map] element into a Leaflet map with one marker.
// Leaflet itself is loaded once, from the portal's own static files, only on
// pages that show a map. Tiles load only from the server configured in
// settings (MAP_TILE_URL); without one the marker sits on a plain background
// and nothing leaves the portal.
(function () {
  if (window.portalMaps) return;
  window.portalMaps = true;
  var script = document.currentScript;

  function loadLeaflet(callback) {
    if (window.L) return callback();
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = script.dataset.leafletJs;
    js.onload = callback;
    document.head.appendChild(js);
  }

  function init() {
    var elements = document.querySelectorAll("[data-map]");
    if (!elements.length) return;
    loadLeaflet(function () {
      L.Icon.Default.imagePath = script.dataset.leafletImages;
      elements.forEach(function (element) {
        var lat = parseFloat(element.dataset.lat);
        var lon = parseFloat(element.dataset.lon);
        var zoom = parseInt(element.dataset.zoom || "15", 10);
        var map = L.map(element, { scrollWheelZoom: false }).setView([lat, lon], zoom);
        if (element.dataset.tiles) {
          L.tileLayer(element.dataset.tiles, {
            maxZoom: 19,
            attribution: element.dataset.attribution || "",
          }).addTo(map);
        } else {
          element.classList.add("map--no-tiles");
        }
        L.marker([lat, lon], { title: element.dataset.title, alt: element.dataset.title }).addTo(map);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
