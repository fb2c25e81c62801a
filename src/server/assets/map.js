// Carrefour: a small map on pages that have a position. Progressive
// enhancement: without JavaScript (or Leaflet) the page shows the
// coordinates as text. No tile server: the background is the départements'
// outlines (Natural Earth, public domain) served by Carrefour itself.
//
// No script from data: the label is a scraped project name, and Leaflet
// writes a string given to bindPopup, bindTooltip or divIcon as innerHTML.
// So every text goes to Leaflet as a DOM node whose textContent is set, never
// as a string. (element.dataset.label is already entity-decoded: it is the
// raw scraped text.)
(function () {
  "use strict";
  var element = document.getElementById("map");
  if (!element || typeof L === "undefined") return;
  var latitude = parseFloat(element.dataset.latitude);
  var longitude = parseFloat(element.dataset.longitude);
  if (isNaN(latitude) || isNaN(longitude)) return;

  // A node showing `text` literally, whatever it contains.
  function textNode(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  element.hidden = false;
  var map = L.map(element, { attributionControl: true, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Limites : Natural Earth");
  map.setView([latitude, longitude], 8);
  // The départements' outlines (assets/outlines.js), if it loaded.
  if (typeof CarrefourOutlines !== "undefined") CarrefourOutlines.addTo(map);
  var marker = L.circleMarker([latitude, longitude], {
    radius: 8, color: "#b3261e", weight: 2, fillColor: "#b3261e", fillOpacity: 0.6
  }).addTo(map);
  var label = element.dataset.label || "";
  if (label) marker.bindPopup(textNode("p", "popup-label", label));
})();
