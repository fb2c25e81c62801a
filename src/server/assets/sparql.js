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
