// Carrefour: the clustered map of /carte. Progressive enhancement: without
// JavaScript (or without Leaflet and leaflet.markercluster) the page keeps
// its list link and its GeoJSON link, and the map's element stays hidden.
// No tile server: the background is the départements' outlines (Natural
// Earth, public domain) served by Carrefour itself, as on a project's page
// (map.js).
//
// The page gives the data's address in data-geojson (an RFC 7946
// FeatureCollection from /api/projects?…&format=geojson): one Point per
// project, with its name, organisation, partner, page here and source page.
//
// No script from data: every text here was scraped from a partner's site,
// and Leaflet writes a string given to bindPopup, bindTooltip or divIcon as
// innerHTML. So every text goes to Leaflet as a DOM node whose textContent
// is set, never as a string, and links get their href only after a check of
// the scheme (a scraped "javascript:" source must not become a link).
//
// Markers are L.marker with a divIcon (a styled <div>, no image: Leaflet's
// default icon images would be looked up relative to leaflet.css, and
// the policy allows no data: image) rather than circle markers: Leaflet
// makes a marker's icon a focusable button that opens its popup with Enter,
// which an SVG circle is not, and markercluster animates markers only.
(function () {
  "use strict";
  var element = document.getElementById("carte");
  if (!element || typeof L === "undefined") return;
  var address = element.dataset.geojson;
  if (!address) return;
  var status = document.getElementById("carte-status");
  // The page's language (server::pages::lang): French, or English.
  var english = document.documentElement.lang === "en";
  function t(fr, en) { return english ? en : fr; }

  // Metropolitan France, the view when there is nothing to show.
  var FRANCE = L.latLngBounds([41.3, -5.2], [51.1, 9.6]);

  // A node showing `text` literally, whatever it contains.
  function textNode(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = text;
    return node;
  }

  // The status line (the page's no-JavaScript message until the map runs),
  // replaced as text.
  function say(text) {
    if (status) status.textContent = text;
  }

  function count(number, one, many) {
    return number.toLocaleString("fr-FR") + " " + (number === 1 ? one : many);
  }

  // A link target we are willing to put in an href: a path on this server
  // (but not "//host" or "/\host", which browsers read as another host), or
  // an http(s) URL when `external` is set. Anything else (javascript:,
  // data:, a relative path) gives null and no link.
  function safeTarget(value, external) {
    if (typeof value !== "string") return null;
    if (/^\/(?![\/\\])/.test(value)) return value;
    if (external && /^https?:\/\//i.test(value)) return value;
    return null;
  }

  function link(text, href, rel) {
    var a = textNode("a", "", text);
    a.href = href;
    if (rel) a.rel = rel;
    return a;
  }

  // The popup of one project, built when it first opens (not for every
  // marker up front).
  function popup(properties) {
    var box = document.createElement("div");
    box.className = "carte-popup";
    box.appendChild(textNode("p", "carte-popup-title", properties.name || t("Projet sans nom", "Unnamed project")));
    if (properties.organisation) {
      box.appendChild(textNode("p", "carte-popup-organisation", properties.organisation));
    }
    if (properties.partner) {
      box.appendChild(textNode("p", "carte-popup-partner", t("Référencé par ", "Listed by ") + properties.partner));
    }
    var links = document.createElement("p");
    links.className = "carte-popup-links";
    var page = safeTarget(properties.page, false);
    if (page) links.appendChild(link(t("Fiche du projet", "Project page"), page));
    var source = safeTarget(properties.source, true);
    if (source) {
      if (links.firstChild) links.appendChild(document.createTextNode(" · "));
      // nofollow: the partner's page is credited, not endorsed for search
      // engines; noopener: it gets no handle on this window.
      links.appendChild(link("Source", source, "nofollow noopener"));
    }
    if (links.firstChild) box.appendChild(links);
    return box;
  }

  // [latitude, longitude] of a GeoJSON Point feature, or null.
  function position(feature) {
    var geometry = feature && feature.geometry;
    if (!geometry || geometry.type !== "Point" || !Array.isArray(geometry.coordinates)) return null;
    var longitude = geometry.coordinates[0];
    var latitude = geometry.coordinates[1];
    if (typeof latitude !== "number" || typeof longitude !== "number" ||
        !isFinite(latitude) || !isFinite(longitude) ||
        Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return null;
    }
    return [latitude, longitude];
  }

  // A cluster's icon: markercluster's default look (its classes and
  // MarkerCluster.Default.css), built from nodes, with a hidden word so
  // that a screen reader reads "12 projets" where the default gives a
  // button named just "12". Leaflet makes the icon a focusable button:
  // Enter zooms in on the cluster, as a click does.
  function clusterIcon(cluster) {
    var number = cluster.getChildCount();
    var size = number < 10 ? "small" : number < 100 ? "medium" : "large";
    var inner = document.createElement("div");
    var label = textNode("span", "", number.toLocaleString("fr-FR"));
    label.appendChild(textNode("span", "visually-hidden", number === 1 ? t(" projet", " project") : t(" projets", " projects")));
    inner.appendChild(label);
    return L.divIcon({ html: inner, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  var markerIcon = L.divIcon({ className: "carte-marker", iconSize: L.point(16, 16) });

  element.hidden = false;
  // markercluster needs a maxZoom, which a tile layer would give: 13 is a
  // town's scale, beyond which the outlines show nothing more. The zoom
  // buttons get French names, as the rest of the page.
  var map = L.map(element, {
    attributionControl: true, zoomControl: false, zoomSnap: 0.5, minZoom: 3, maxZoom: 13
  });
  L.control.zoom({ zoomInTitle: t("Zoom avant", "Zoom in"), zoomOutTitle: t("Zoom arrière", "Zoom out") }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Limites : Natural Earth");
  map.fitBounds(FRANCE);
  // Leaflet names the popup's close button in English, in a property it
  // keeps private: rename it on the element.
  map.on("popupopen", function (event) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) close.setAttribute("aria-label", t("Fermer", "Close"));
  });

  // The départements' outlines (assets/outlines.js), if it loaded.
  if (typeof CarrefourOutlines !== "undefined") CarrefourOutlines.addTo(map);

  // Without markercluster (not installed), a plain group: every marker
  // shows, unclustered, which is still a map.
  var group = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ iconCreateFunction: clusterIcon, chunkedLoading: true })
    : L.featureGroup();

  say(t("Chargement des projets…", "Loading the projects…"));
  fetch(address, { headers: { Accept: "application/geo+json, application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (collection) {
      var features = collection && Array.isArray(collection.features) ? collection.features : [];
      var markers = [];
      var skipped = 0;
      features.forEach(function (feature) {
        var where = position(feature);
        if (!where) { skipped++; return; }
        var properties = feature.properties || {};
        // title: the icon's tooltip and its name as a button (a property,
        // set by Leaflet as text).
        var marker = L.marker(where, {
          icon: markerIcon,
          title: typeof properties.name === "string" ? properties.name : "Projet",
          riseOnHover: true
        });
        marker.bindPopup(function () { return popup(properties); });
        markers.push(marker);
      });
      if (group.addLayers) {
        group.addLayers(markers); // markercluster: one clustering pass for all
      } else {
        markers.forEach(function (marker) { group.addLayer(marker); });
      }
      group.addTo(map);
      if (markers.length > 0) {
        map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 12 });
      }
      var text = markers.length === 0
        ? t("Aucun projet de la sélection n’a de position : rien à placer sur la carte", "No project of the selection has a position: nothing to place on the map")
        : count(markers.length, t("projet", "project"), t("projets", "projects")) + t(" sur la carte", " on the map");
      if (skipped > 0) text += " (" + count(skipped, t("autre sans position", "other without a position"), t("autres sans position", "others without a position")) + ")";
      say(text + ".");
    })
    .catch(function (error) {
      say(t("Les projets n’ont pas pu être chargés (", "The projects could not be loaded (") + error.message +
        t(") : la liste et le GeoJSON restent disponibles par les liens ci-dessous.",
          "): the list and the GeoJSON are still there, through the links below."));
    });
})();
