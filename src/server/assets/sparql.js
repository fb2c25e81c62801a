// Carrefour: the query page's editor. Progressive enhancement: without
// JavaScript, or without Yasgui installed, the plain form of the page stays
// and works. No data is ever written as HTML here: the queries and titles
// come from data-* attributes (already entity-decoded by the browser) and go
// to Yasgui as text (the editor's content, a tab's name set with textContent).
(function () {
  "use strict";
  if (typeof Yasgui === "undefined") return;
  var holder = document.getElementById("yasgui");
  var plain = document.getElementById("plain");
  if (!holder) return;
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "carrefour-sparql",
    yasqe: {
      value: holder.dataset.query,
      // The other autocompleters call an external service.
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: null
    }
  });
  if (plain) plain.hidden = true;
  accessible();
  // Yasgui draws a new editor for each tab, and its menus and results as
  // they open: fix each once it is in the page, at most once a frame.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    (window.requestAnimationFrame || setTimeout)(function () {
      pending = false;
      accessible();
    });
  }).observe(holder, { childList: true, subtree: true });

  // What Yasgui 4.6.2 leaves out for assistive technologies, and that
  // axe-core's WCAG 2.1 A/AA rules find (tests/browser/public.mjs): only
  // attributes are set here, on Yasgui's own nodes, and the one node added
  // is a button; no text from data is involved. Colours are in
  // carrefour.css. Running it again changes nothing.
  function accessible() {
    // A field without a label: the endpoint's address, CodeMirror's hidden
    // textarea (what a screen reader types into), a tab's name while it is
    // renamed, the settings menu's fields. The name is the label Yasgui
    // shows next to it, if any, else ours.
    var fields = holder.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field.type === "hidden" || field.getAttribute("aria-label") || field.labels && field.labels.length) continue;
      field.setAttribute("aria-label", fieldName(field));
    }
    // CodeMirror's scrolling box is taken out of the tab order (tabindex
    // -1), so a keyboard could not scroll a long query: put it back, named.
    var scrollers = holder.querySelectorAll(".CodeMirror-scroll[tabindex='-1']");
    for (var j = 0; j < scrollers.length; j++) {
      scrollers[j].setAttribute("tabindex", "0");
      scrollers[j].setAttribute("role", "region");
      scrollers[j].setAttribute("aria-label", "Texte de la requête (défilement)");
    }
    // The "+" button sits inside the tab list, where ARIA allows tabs
    // only. Yasgui inserts new tabs before it, so it must stay there:
    // hidden, and replaced by a button just after the list that does the
    // same.
    var tabs = holder.querySelector(".tabsList");
    var add = tabs && tabs.querySelector(".addTab");
    if (add && !add.parentNode.hidden) {
      add.parentNode.hidden = true;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "carrefour-add-tab";
      button.textContent = "+";
      button.title = "Nouvel onglet";
      button.setAttribute("aria-label", "Nouvel onglet");
      button.addEventListener("click", function () { yasgui.addTab(true); });
      tabs.parentNode.insertBefore(button, tabs.nextSibling);
    }
  }

  // The accessible name of an unlabelled field.
  function fieldName(field) {
    if (field.classList.contains("autocomplete")) return "Adresse du point d’accès SPARQL";
    if (field.closest(".CodeMirror")) return "Requête SPARQL";
    if (field.closest(".tab")) return "Nom de l’onglet";
    var previous = field.previousElementSibling;
    while (previous && previous.tagName !== "LABEL") previous = previous.previousElementSibling;
    var shown = previous || field.parentNode.querySelector("label");
    var text = shown && shown.textContent.trim();
    return text || field.getAttribute("placeholder") || field.name || "Réglage";
  }

  function open(link) {
    yasgui.addTab(true, {
      name: link.dataset.title,
      yasqe: { value: link.dataset.query },
      requestConfig: { endpoint: endpoint }
    });
  }
  var links = document.querySelectorAll("a.example");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      event.preventDefault();
      open(event.currentTarget);
      holder.scrollIntoView();
    });
    if (links[i].dataset.id === holder.dataset.selected) open(links[i]);
  }
})();
