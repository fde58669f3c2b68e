// The portal's one Leaflet module: builds every [data-map] element of a page.
//
// Leaflet is loaded once, from the portal's own static files, and only on
// pages that show a map; this script's tag (templates/includes/map_script.html)
// names its files and the German labels of the map controls. Tiles load only
// from the server configured in settings (MAP_TILE_URL, data-tiles); without
// one the markers sit on a plain background and nothing leaves the portal.
//
// A map element says what it shows:
//   data-lat, data-lon, data-zoom   the initial view
//   data-title                      one marker at that point, with this title
//   data-markers="ID"               markers from <script type="application/json" id="ID">:
//                                   [{lat, lon, title, url, note}], each with a popup
//                                   linking to url; the view fits them all
// When a map is built the element gets data-ready="true", its Leaflet map as
// element.portalMap, and a "portal:map-ready" event (detail: {map}), which
// scripts such as concerns/location_picker.js use to add their own behaviour.
(function () {
  "use strict";

  if (window.PortalMap) return;
  var script = document.currentScript;
  var labels = {
    zoomIn: script.dataset.zoomInTitle,
    zoomOut: script.dataset.zoomOutTitle,
    closePopup: script.dataset.closePopupTitle,
  };

  function loadLeaflet(callback) {
    if (window.L) {
      callback();
      return;
    }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = script.dataset.leafletCss;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = script.dataset.leafletJs;
    js.onload = callback;
    document.head.appendChild(js);
  }

  function number(value, fallback) {
    var parsed = parseFloat(value);
    return isNaN(parsed) ? fallback : parsed;
  }

  function addMarker(map, item) {
    var marker = window.L.marker([item.lat, item.lon], { title: item.title, alt: item.title });
    if (item.url) {
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      popup.appendChild(link);
      if (item.note) popup.appendChild(document.createTextNode(" · " + item.note));
      marker.bindPopup(popup);
    }
    return marker.addTo(map);
  }

  function build(element) {
    var L = window.L;
    var center = [number(element.dataset.lat, 0), number(element.dataset.lon, 0)];
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
    map.setView(center, parseInt(element.dataset.zoom || "15", 10));
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" hreflang="en">Leaflet</a>');
    map.on("popupopen", function (event) {
      var button = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button && labels.closePopup) button.setAttribute("aria-label", labels.closePopup);
    });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {
        maxZoom: 19,
        attribution: element.dataset.attribution || "",
      }).addTo(map);
    } else {
      element.classList.add("map--no-tiles");
    }

    if (element.dataset.markers) {
      var data = document.getElementById(element.dataset.markers);
      var points = JSON.parse(data ? data.textContent : "[]").map(function (item) {
        addMarker(map, item);
        return [item.lat, item.lon];
      });
      if (points.length === 1) map.setView(points[0], 16);
      else if (points.length > 1) map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
    } else if (element.dataset.title) {
      addMarker(map, { lat: center[0], lon: center[1], title: element.dataset.title });
    }

    element.portalMap = map;
    element.dataset.ready = "true";
    element.dispatchEvent(new CustomEvent("portal:map-ready", { detail: { map: map } }));
  }

  function init() {
    var elements = document.querySelectorAll("[data-map]");
    if (!elements.length) return;
    loadLeaflet(function () {
      // Marker images sit next to the vendored CSS; Leaflet cannot guess the
      // path when its CSS is added at run time.
      window.L.Icon.Default.prototype.options.imagePath = script.dataset.leafletImages;
      elements.forEach(build);
    });
  }

  window.PortalMap = { build: build };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
