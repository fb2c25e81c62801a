// Walks Carrefour's public pages in headless Chromium as a visitor would,
// and audits them with axe-core. Driven by tests/it/browser.rs, which serves
// the demo data on a loopback port and passes:
//
//   node tests/browser/public.mjs --base http://127.0.0.1:PORT \
//     --chromium PATH --out DIR --axe node_modules/axe-core/axe.min.js \
//     [--pages /doc/project/KEY,/doc/commune/CODE] [--word jardin]
//
// The walk: search the home page for --word, narrow the results with a
// facet and come back with the browser's Back, open the selection on the
// clustered map (/carte) and a project's popup there, and check that every
// chart of /statistiques is drawn, has its data table and links to its
// SPARQL query and CSV. Then axe-core's WCAG 2.0/2.1 A and AA rules on each
// public page (and the --pages): any violation fails that page, and is
// printed with its rule, impact, node count and first node.
//
// On every page: it answers 200, no script error, no Content-Security-
// Policy violation, and no request leaves the --base host (a CDN, a
// partner's site: the request is aborted and the check fails), but for
// partners' logos: the policy allows https images for them (see
// server::security), so they are aborted (no network in tests) and only
// noted. The browser's cache is off: every page is a first visit (a
// revalidated page would answer 304).
//
// Prints one "ok"/"not ok" line per check, then "N passed, M failed", and
// exits non-zero when a check failed. Screenshots go to --out.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import puppeteer from "puppeteer-core";

const WAIT = { timeout: 20000 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const { values: options } = parseArgs({
  options: {
    base: { type: "string" },
    chromium: { type: "string" },
    out: { type: "string" },
    axe: { type: "string" },
    pages: { type: "string", default: "" },
    word: { type: "string", default: "jardin" },
  },
});
for (const name of ["base", "chromium", "out", "axe"]) {
  if (!options[name]) {
    console.error(`public.mjs: --${name} is required (see the comment at the top of this file)`);
    process.exit(2);
  }
}
const base = new URL(options.base);
const axeSource = fs.readFileSync(options.axe, "utf8");
const extraPages = options.pages.split(",").map((p) => p.trim()).filter(Boolean);
fs.mkdirSync(options.out, { recursive: true });

const results = [];
function check(name, passed, detail = "") {
  results.push({ name, passed });
  console.log(`${passed ? "ok" : "not ok"} - ${name}${passed || !detail ? "" : `: ${detail}`}`);
}

// Requests to anything but our own server: a CDN, a partner's site.
function leavesLoopback(url) {
  const parsed = new URL(url);
  if (parsed.protocol === "data:" || parsed.protocol === "blob:" || parsed.href === "about:blank") {
    return false;
  }
  return parsed.host !== base.host;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The first whole number in a text ("1 234 projets — page 1 sur 3" gives
// 1234; French groups thousands with a (narrow) no-break space), or NaN.
function firstNumber(text) {
  const found = /\d[\d\u00a0\u202f ]*/.exec(text || "");
  return found ? Number(found[0].replace(/\D/g, "")) : NaN;
}

// A file name for a path: "/?q=jardin" gives "q-jardin".
function slug(pathname) {
  return pathname.replace(/^\//, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "home";
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "carrefour-browser-"));
const browser = await puppeteer.launch({
  executablePath: options.chromium,
  userDataDir,
  args: [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// A page that records script errors, CSP violations and requests that
// would leave our server.
async function openPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const seen = { outside: [], logos: [], violations: [], errors: [] };
  await page.setCacheEnabled(false);
  // A French visitor (headless Chromium asks for en-US, which the pages
  // now follow); the English pages are audited through --pages (?lang=en).
  await page.setExtraHTTPHeaders({ "Accept-Language": "fr-FR,fr;q=0.9" });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (leavesLoopback(request.url())) {
      const logo = request.resourceType() === "image" && request.url().startsWith("https://");
      (logo ? seen.logos : seen.outside).push(request.url());
      request.abort("blockedbyclient");
    } else {
      request.continue();
    }
  });
  page.on("pageerror", (error) => seen.errors.push(String(error)));
  await page.exposeFunction("__carrefourViolation", (report) => seen.violations.push(report));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__carrefourViolation(
        `${event.violatedDirective} ${event.blockedURI || "inline"} at ` +
          `${event.sourceFile || "page"}:${event.lineNumber} ${event.sample || ""}`,
      );
    });
  });
  return { page, seen };
}

// Runs `steps` on a fresh page, then the checks every page gets.
async function session(label, steps) {
  const { page, seen } = await openPage();
  try {
    await steps(page);
  } catch (error) {
    check(`${label}: could be checked`, false, error.stack || String(error));
    await page.screenshot({ path: path.join(options.out, `${label}-failed.png`), fullPage: true }).catch(() => {});
  } finally {
    await pause(200);
    for (const logo of new Set(seen.logos)) console.log(`# ${label}: a partner's logo, not fetched: ${logo}`);
    check(`${label}: no request left ${base.host}`, seen.outside.length === 0, seen.outside.join(" "));
    check(`${label}: no CSP violation`, seen.violations.length === 0, seen.violations.join("; "));
    check(`${label}: no script error`, seen.errors.length === 0, seen.errors.join("; "));
    await page.close();
  }
}

async function open(page, label, pathname) {
  const response = await page.goto(new URL(pathname, base).href, { waitUntil: "load" });
  check(`${label}: ${pathname} answers 200`, response.status() === 200, `got ${response.status()}`);
  return response;
}

// Follows a link with a real click and waits for the next page.
async function follow(page, link) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load", ...WAIT }), link.click()]);
  return response;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(options.out, `${name}.png`), fullPage: true });
}

const resultCount = (page) => page.$eval("#result-count", (node) => node.textContent).then(firstNumber);

// The selection's filters as "name=value" strings, the page number aside.
function filters(url) {
  return [...new URL(url).searchParams].filter(([name]) => name !== "page").map(([n, v]) => `${n}=${v}`);
}

// The clustered map: markers or clusters drawn, and (zooming in by clicking
// clusters, as a visitor does) one project's popup, built from text.
async function carteChecks(page) {
  await page.waitForSelector("#carte:not([hidden])", WAIT);
  await page.waitForSelector("#carte .marker-cluster, #carte .leaflet-marker-icon", WAIT);
  const drawn = await page.evaluate(() => ({
    clusters: document.querySelectorAll("#carte .marker-cluster").length,
    markers: document.querySelectorAll("#carte .leaflet-marker-icon:not(.marker-cluster)").length,
  }));
  check(
    "carte: shows clusters or markers",
    drawn.clusters + drawn.markers > 0,
    JSON.stringify(drawn),
  );
  const status = await page.$eval("#carte-status", (node) => node.textContent).catch(() => "");
  check("carte: the status line counts the projects", /\d/.test(status), status);
  // A real click on a cluster zooms in on it (or spreads it out at the
  // last zoom), until a single project's marker shows.
  for (let tries = 0; tries < 15; tries++) {
    if (await page.$("#carte .carte-marker")) break;
    const cluster = await page.$("#carte .marker-cluster");
    if (!cluster) break;
    const box = await cluster.boundingBox();
    if (!box) break;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await pause(700); // markercluster's zoom and spread animations
  }
  const marker = await page.$("#carte .carte-marker");
  check("carte: zooming in shows a single project", marker !== null);
  if (!marker) return;
  const box = await marker.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const popup = await page.waitForSelector(".leaflet-popup-content .carte-popup", WAIT);
  const shown = await popup.evaluate((node) => ({
    title: (node.querySelector(".carte-popup-title") || {}).textContent || "",
    // Our project page: a path (the link's text is in the page's language).
    page: [...node.querySelectorAll("a")].map((a) => a.getAttribute("href")).filter((href) => /^\/(id|doc)\/project\//.test(href || "")),
  }));
  check("carte: a popup shows the project's name", shown.title.trim().length > 0, JSON.stringify(shown));
  check(
    "carte: the popup links to the project's page here",
    shown.page.length === 1 && shown.page[0].startsWith("/") && !shown.page[0].startsWith("//"),
    JSON.stringify(shown.page),
  );
  await pause(400); // the popup's fade-in, for the screenshot
}

// (a) search, (b) facet and Back, (c) the selection on the map.
await session("search", async (page) => {
  await open(page, "home", "/");
  await shot(page, "home");
  const field = await page.waitForSelector("form#search input[name=q]", WAIT);
  await field.click({ count: 3 });
  await field.type(options.word);
  await Promise.all([page.waitForNavigation({ waitUntil: "load", ...WAIT }), field.press("Enter")]);
  const searched = page.url();
  check(`search: the URL has q=${options.word}`, new URL(searched).searchParams.get("q") === options.word, searched);
  const found = await page.$$eval("ol.results li", (items) => items.length);
  check(`search: "${options.word}" finds projects`, found >= 1, `${found} result(s)`);
  const before = await resultCount(page);
  check("search: #result-count shows a number", Number.isFinite(before), String(before));
  await shot(page, "search");

  const facet = await page.$("nav.facets a");
  check("facet: the results have facets", facet !== null);
  if (!facet) return;
  const facetLabel = await facet.evaluate((a) => a.textContent.trim().replace(/\s+/g, " "));
  await follow(page, facet);
  const faceted = page.url();
  const added = filters(faceted).filter((f) => !filters(searched).includes(f));
  check(`facet: "${facetLabel}" adds a filter to the URL`, added.length > 0, faceted);
  const after = await resultCount(page);
  check("facet: the count does not grow", Number.isFinite(after) && after <= before, `${before} then ${after}`);
  await shot(page, "facet");
  await page.goBack({ waitUntil: "load", ...WAIT });
  check("facet: Back returns to the search", page.url() === searched, page.url());

  const toggle = await page.$("a.map-toggle");
  check("carte: the results link to their map", toggle !== null);
  if (!toggle) return;
  await follow(page, toggle);
  const mapped = new URL(page.url());
  check("carte: the map link opens /carte", mapped.pathname === "/carte", mapped.href);
  check("carte: the map keeps the search", mapped.searchParams.get("q") === options.word, mapped.href);
  await carteChecks(page);
  await shot(page, "carte");
});

// (d) the charts: drawn, with their data, query and CSV.
await session("statistiques", async (page) => {
  await open(page, "statistiques", "/statistiques");
  const figures = await page.$$eval("figure.chart", (list) =>
    list.map((figure) => {
      const links = [...figure.querySelectorAll("a[href]")].map((a) => new URL(a.href, location.href));
      return {
        id: figure.id,
        svg: figure.querySelector("svg") !== null,
        shapes: figure.querySelectorAll("svg rect, svg path").length,
        table: figure.querySelector("table") !== null,
        query: [...figure.querySelectorAll("a[href]")].some((a) => a.getAttribute("href").startsWith("/sparql?query=")),
        csv: links
          .filter((u) => u.pathname.endsWith(".csv") || u.searchParams.get("format") === "csv")
          .map((u) => u.pathname + u.search),
      };
    }),
  );
  const drawn = figures.filter((f) => f.svg);
  check("statistiques: at least 4 charts", drawn.length >= 4, `${drawn.length} of ${figures.length} figures have an <svg>`);
  for (const figure of figures) {
    const name = `statistiques: chart ${figure.id}`;
    check(`${name} is drawn`, figure.svg && figure.shapes >= 1, `${figure.shapes} rect/path`);
    check(`${name} has its data table`, figure.table);
    check(`${name} links to its SPARQL query`, figure.query);
    check(`${name} links to a CSV`, figure.csv.length > 0);
    // The CSV itself, fetched as the page would.
    const csv = figure.csv.find((href) => href.endsWith(".csv")) || figure.csv[0];
    if (csv) {
      const answer = await page.evaluate(async (href) => {
        const response = await fetch(href);
        return { status: response.status, type: response.headers.get("content-type") || "", text: await response.text() };
      }, csv);
      check(
        `${name}: ${csv} is CSV`,
        answer.status === 200 && answer.type.startsWith("text/csv") && answer.text.includes(","),
        `${answer.status} ${answer.type}`,
      );
    }
  }
  await shot(page, "statistiques");
});

// (e) axe-core on each page.
//
// axe-core goes in with page.evaluate (DevTools' Runtime.evaluate), which
// the Content-Security-Policy does not govern, and axe uses no eval: so the
// policy stays on and the page audited is the one a visitor gets.
// page.addScriptTag would add an inline <script> that the policy blocks,
// and page.setBypassCSP(true) would let through what the policy blocks
// (an inline style, say), auditing a page nobody sees.
async function audit(pathname) {
  const label = `axe ${pathname}`;
  await session(label, async (page) => {
    const response = await page.goto(new URL(pathname, base).href, { waitUntil: "networkidle0", ...WAIT });
    check(`${label}: answers 200`, response.status() === 200, `got ${response.status()}`);
    if (response.status() !== 200) return;
    const type = response.headers()["content-type"] || "";
    if (!type.startsWith("text/html")) {
      check(`${label}: not HTML (${type}), nothing to audit`, true);
      return;
    }
    // Pages whose scripts draw after load: let them finish.
    if (await page.$("#carte")) {
      await page
        .waitForFunction(() => !/Chargement/.test((document.getElementById("carte-status") || {}).textContent || ""), WAIT)
        .catch(() => {});
    }
    if (await page.$("#yasgui")) await page.waitForSelector("#yasgui .CodeMirror", WAIT).catch(() => {});
    await pause(600);
    await page.evaluate(axeSource);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      AXE_TAGS,
    );
    for (const violation of result.violations) {
      const first = violation.nodes[0];
      console.log(
        `# ${pathname}: ${violation.id} (${violation.impact}), ${violation.nodes.length} node(s), ` +
          `first ${JSON.stringify(first ? first.target : [])}: ${violation.help}`,
      );
    }
    check(
      `${label}: no WCAG 2.1 A/AA violation`,
      result.violations.length === 0,
      result.violations.map((v) => `${v.id}×${v.nodes.length}`).join(", "),
    );
    await shot(page, `axe-${slug(pathname)}`);
  });
}

const audited = [
  "/",
  `/?q=${encodeURIComponent(options.word)}`,
  "/carte",
  "/statistiques",
  "/partenaires",
  "/api/projects",
  "/ontology",
  "/sparql",
  "/void",
  ...extraPages,
];
for (const pathname of audited) await audit(pathname);

await browser.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
const failed = results.filter((result) => !result.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
