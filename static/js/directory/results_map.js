// Map of the directory results on the current page (the list is paginated,
// so the map never holds more than one page of markers, however many
// businesses the town has). Leaflet comes from the portal's static files;
// tiles only from the configured server, none when it is empty.
(function () {
  var script = document.currentScript;
  var element = document.querySelector("[data-results-map]");
  var data = document.getElementById("directory-markers");
  if (!element || !data) return;
  var markers = JSON.parse(data.textContent);

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

  loadLeaflet(function () {
    // Marker images sit next to the vendored CSS; Leaflet cannot guess the
    // path when its CSS is added at run time.
    L.Icon.Default.prototype.options.imagePath = script.dataset.leafletCss.replace(/leaflet\.css$/, "images/");
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {
        maxZoom: 19,
        attribution: element.dataset.attribution || "",
      }).addTo(map);
    } else {
      element.classList.add("map--no-tiles");
    }
    var bounds = [];
    markers.forEach(function (item) {
      var marker = L.marker([item.lat, item.lon], { title: item.title, alt: item.title }).addTo(map);
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      var popup = document.createElement("div");
      popup.appendChild(link);
      if (item.category) popup.appendChild(document.createTextNode(" · " + item.category));
      marker.bindPopup(popup);
      bounds.push([item.lat, item.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 16);
    else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    element.dataset.ready = "true";
  });
})();
