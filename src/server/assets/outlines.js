// Carrefour: the départements' outlines behind a map (Natural Earth, public
// domain, served by Carrefour itself: no tile server), shared by map.js (a
// page's position) and carte.js (the clustered map). Each outline's
// tooltip is a DOM node whose textContent is set, never an HTML string.
var CarrefourOutlines = (function () {
  "use strict";
  function addTo(map) {
    return fetch("/assets/boundaries.geojson")
      .then(function (response) { return response.json(); })
      .then(function (boundaries) {
        L.geoJSON(boundaries, {
          style: { color: "#8a97a3", weight: 1, fillColor: "#eef1f4", fillOpacity: 1 },
          onEachFeature: function (feature, layer) {
            var properties = feature.properties || {};
            var label = document.createElement("span");
            label.className = "boundary-label";
            label.textContent = properties.name + " (" + properties.code + ")";
            layer.bindTooltip(label);
          }
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the markers alone still say where */ });
  }
  return { addTo: addTo };
})();
