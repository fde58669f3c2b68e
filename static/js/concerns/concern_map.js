// Shows the concerns of the current list page on one map. Each marker's popup
// links to the concern's entry in the list below. Marker data comes from the
// page's <script type="application/json" id="concern-markers"> element.
(function () {
  function init() {
    var element = document.querySelector("[data-concern-map]");
    var data = document.getElementById("concern-markers");
    if (!element || !data || !window.L) return;
    var markers = JSON.parse(data.textContent);
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
    var points = markers.map(function (item) {
      var link = document.createElement("a");
      link.href = "#" + item.anchor;
      link.textContent = item.title;
      L.marker([item.lat, item.lon], { title: item.title, alt: item.title })
        .bindPopup(link)
        .addTo(map);
      return [item.lat, item.lon];
    });
    if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 17 });
    } else if (points.length === 1) {
      map.setView(points[0], 16);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
