// Opens Carrefour's pages over hostile data in headless Chromium and checks
// that no script from the data runs. Driven by tests/it/browser.rs, which
// builds the hostile store, serves it on a loopback port and passes:
//
//   node tests/browser/xss.mjs --base http://127.0.0.1:PORT --chromium PATH \
//     --out DIR --project /doc/project/KEY --territory /doc/commune/CODE \
//     --gone /doc/project/KEY --organisation /doc/organisation/KEY \
//     --partner /doc/partner/ID
//
// Checks, on every page: document.title never becomes "pwned", no dialog
// opens, no request leaves the loopback host, the page carries a
// Content-Security-Policy and no CSP violation is reported (a violation
// would mean data became markup, or one of our scripts needs what the
// policy forbids). On the project page it opens the map popup with a real
// mouse click (a Leaflet circle marker is an SVG path: ElementHandle.click()
// fails on it and a synthetic click does not open the popup) and checks the
// hostile name shows literally. On /sparql it runs the editor's query in
// Yasgui and checks the results table shows the name literally.
//
// Prints one "ok"/"not ok" line per check, then "N passed, M failed", and
// exits non-zero when a check failed. Screenshots go to --out.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import puppeteer from "puppeteer-core";

const HOSTILE_NAME = `<img src=x onerror="document.title='pwned'">`;
const HOSTILE_DESCRIPTION = "<script>document.title='pwned'</script>";
const WAIT = { timeout: 20000 };

const { values: options } = parseArgs({
  options: {
    base: { type: "string" },
    chromium: { type: "string" },
    out: { type: "string" },
    project: { type: "string" },
    territory: { type: "string" },
    gone: { type: "string" },
    organisation: { type: "string" },
    partner: { type: "string" },
  },
});
const required = ["base", "chromium", "out", "project", "territory", "gone", "organisation", "partner"];
for (const name of required) {
  if (!options[name]) {
    console.error(`xss.mjs: --${name} is required (see the comment at the top of this file)`);
    process.exit(2);
  }
}
const base = new URL(options.base);
fs.mkdirSync(options.out, { recursive: true });

const results = [];
function check(name, passed, detail = "") {
  results.push({ name, passed });
  console.log(`${passed ? "ok" : "not ok"} - ${name}${passed || !detail ? "" : `: ${detail}`}`);
}

// Requests to anything but our own server: a CDN, a partner's site, the
// target of an injected <img src>. Data and blob URLs stay in the browser.
function leavesLoopback(url) {
  const parsed = new URL(url);
  if (parsed.protocol === "data:" || parsed.protocol === "blob:" || parsed.href === "about:blank") {
    return false;
  }
  return parsed.host !== base.host;
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

// A page that records everything the checks look at.
async function openPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  // violations: reports from the page (structured); console: Chromium's own
  // CSP messages, kept to explain a failure.
  const seen = { dialogs: [], outside: [], violations: [], console: [], errors: [] };
  page.on("dialog", async (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (leavesLoopback(request.url())) {
      seen.outside.push(request.url());
      request.abort("blockedbyclient");
    } else {
      request.continue();
    }
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) seen.console.push(message.text());
  });
  page.on("pageerror", (error) => seen.errors.push(String(error)));
  await page.exposeFunction("__carrefourViolation", (report) => seen.violations.push(report));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__carrefourViolation({
        directive: event.violatedDirective,
        blocked: event.blockedURI || "inline",
        source: `${event.sourceFile || "page"}:${event.lineNumber}:${event.columnNumber}`,
        sample: event.sample || "",
      });
    });
  });
  return { page, seen };
}

// Opens `pathname` and runs `steps` on it, then the checks every page gets.
async function visit(label, pathname, { status = 200, steps = async () => {} } = {}) {
  const { page, seen } = await openPage();
  try {
    const response = await page.goto(new URL(pathname, base).href, { waitUntil: "load" });
    check(`${label}: answers ${status}`, response.status() === status, `got ${response.status()}`);
    const headers = response.headers();
    check(
      `${label}: has a Content-Security-Policy`,
      /script-src 'self'/.test(headers["content-security-policy"] || ""),
      headers["content-security-policy"] || "none",
    );
    check(`${label}: is nosniff`, headers["x-content-type-options"] === "nosniff");
    await steps(page);
    await noScriptFromData(label, page);
    await page.screenshot({ path: path.join(options.out, `${label}.png`), fullPage: true });
  } catch (error) {
    check(`${label}: the page could be checked`, false, error.stack || String(error));
  } finally {
    // Let late scripts and requests finish before the last look.
    await new Promise((resolve) => setTimeout(resolve, 200));
    check(`${label}: title is not pwned`, (await page.title()) !== "pwned", await page.title());
    check(`${label}: no dialog`, seen.dialogs.length === 0, seen.dialogs.join("; "));
    check(`${label}: no request left ${base.host}`, seen.outside.length === 0, seen.outside.join(" "));
    // An inline handler whose text is the data's (the policy's 'report-sample'
    // shows it) was blocked as it should be: Yasr hands raw result values to
    // DOMPurify, which parses them in an inert document before sorting and
    // filtering on their text. Any other violation means one of our scripts
    // needs what the policy forbids, or data became markup elsewhere.
    const fromData = (v) => v.directive.startsWith("script-src") && v.sample.includes("pwned");
    const blocked = seen.violations.filter(fromData);
    const others = seen.violations.filter((v) => !fromData(v));
    if (blocked.length > 0) {
      check(`${label}: the policy blocked ${blocked.length} inline handler(s) from the data`, true);
    }
    check(
      `${label}: no CSP violation by our own pages and scripts`,
      others.length === 0 && (seen.violations.length > 0 || seen.console.length === 0),
      [...others.map((v) => JSON.stringify(v)), ...seen.console].join("; "),
    );
    check(`${label}: no script error`, seen.errors.length === 0, seen.errors.join("; "));
    await page.close();
  }
}

// What injected markup would have left in the DOM.
async function noScriptFromData(label, page) {
  const found = await page.evaluate(() => {
    const unsafe = /^\s*(javascript|data|vbscript):/i;
    const attributes = [];
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) attributes.push(`${element.tagName} ${attribute.name}`);
      }
    }
    return {
      injectedImages: document.querySelectorAll('img[src="x"]').length,
      unsafeLinks: [...document.querySelectorAll("a[href]")]
        .map((a) => a.getAttribute("href"))
        .filter((href) => unsafe.test(href)),
      unsafeImages: [...document.querySelectorAll("img[src]")]
        .map((img) => img.getAttribute("src"))
        .filter((src) => unsafe.test(src) && !src.startsWith("data:image/")),
      scripts: [...document.querySelectorAll("script")]
        .filter((s) => !(s.getAttribute("src") || "").startsWith("/assets/"))
        .filter((s) => s.type !== "application/ld+json")
        .map((s) => s.outerHTML.slice(0, 120)),
      handlers: attributes,
    };
  });
  check(`${label}: no injected <img>`, found.injectedImages === 0);
  check(`${label}: no javascript:/data: link`, found.unsafeLinks.length === 0, found.unsafeLinks.join(" "));
  check(`${label}: no javascript:/data: image`, found.unsafeImages.length === 0, found.unsafeImages.join(" "));
  check(`${label}: only our script files`, found.scripts.length === 0, found.scripts.join(" "));
  check(`${label}: no on… attribute`, found.handlers.length === 0, found.handlers.join(", "));
}

// The map: a real click on the marker opens the popup, which shows the name
// as text; hovering a département shows its name in a tooltip.
async function openPopup(page) {
  const marker = await page.waitForSelector("#map path.leaflet-interactive[fill='#b3261e']", WAIT);
  await page.waitForFunction(
    () => document.querySelectorAll("#map path.leaflet-interactive").length > 1,
    WAIT,
  );
  const box = await marker.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const popup = await page.waitForSelector(".leaflet-popup-content", WAIT);
  const shown = await popup.evaluate((node) => ({
    text: node.textContent,
    elements: [...node.querySelectorAll("*")].map((e) => e.tagName),
  }));
  check("project map: the popup opens on a click", true);
  check(
    "project map: the popup shows the name literally",
    shown.text.includes("<img src=x") && shown.text === HOSTILE_NAME,
    JSON.stringify(shown.text),
  );
  check(
    "project map: the popup holds only our text node",
    shown.elements.join(",") === "P",
    shown.elements.join(","),
  );
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 80);
  const tooltip = await page.waitForSelector(".leaflet-tooltip", WAIT);
  const tip = await tooltip.evaluate((node) => node.textContent);
  check("project map: a département's tooltip shows its name", /\(\w+\)$/.test(tip), tip);
  // Leave the popup open for the screenshot.
  await page.mouse.move(0, 0);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector(".leaflet-popup-content", WAIT);
}

async function projectPage(page) {
  const text = await page.evaluate(() => ({
    title: document.title,
    heading: document.querySelector("h1").textContent,
    description: document.querySelector("p.description").textContent,
  }));
  check("project: the heading shows the name literally", text.heading === HOSTILE_NAME, text.heading);
  check("project: the title shows the name literally", text.title.startsWith(HOSTILE_NAME), text.title);
  check(
    "project: the description shows literally",
    text.description === HOSTILE_DESCRIPTION,
    text.description,
  );
  await openPopup(page);
}

async function listContainsName(page, label) {
  const body = await page.evaluate(() => document.body.textContent);
  check(`${label}: shows the name literally`, body.includes(HOSTILE_NAME));
}

// Yasgui under the policy: it starts, hides the plain form, runs the
// editor's query against /sparql and shows the hostile name as text.
async function sparqlPage(page) {
  await page.waitForSelector("#yasgui .yasqe .CodeMirror", WAIT);
  const plainHidden = await page.$eval("#plain", (form) => form.hidden);
  check("sparql: Yasgui replaced the plain form", plainHidden);
  await page.click("#yasgui .yasqe_queryButton");
  await page.waitForFunction(
    () => [...document.querySelectorAll("#yasgui .yasr td")].some((td) => td.textContent.includes("<img src=x")),
    WAIT,
  );
  check("sparql: the results table shows the name literally", true);
  // Dragging a column's edge: Yasgui's column resizer adds a <style> then
  // (allowed by its hash in the policy).
  const grip = await page.waitForSelector(
    "#yasgui .grip-handle:not(.grip-lastgrip) .grip-resizable",
    WAIT,
  );
  const edge = await grip.boundingBox();
  const [x, y] = [edge.x + edge.width / 2, edge.y + Math.min(edge.height / 2, 10)];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 40, y, { steps: 4 });
  const dragged = await page.evaluate(() =>
    [...document.querySelectorAll("head style")].some((s) => s.textContent.includes("cursor:col-resize!important")),
  );
  await page.mouse.up();
  check("sparql: a column can be resized", dragged);
  await page.screenshot({ path: path.join(options.out, "sparql-results.png"), fullPage: true });
  const tabs = await page.$$eval("#yasgui .tabsList .tab", (list) => list.length);
  const example = await page.$("a.example");
  if (example) {
    await example.click();
    await page.waitForFunction(
      (before) => document.querySelectorAll("#yasgui .tabsList .tab").length > before,
      WAIT,
      tabs,
    );
    check("sparql: an example opens in a new tab", true);
  }
}

await visit("project", options.project, { steps: projectPage });
await visit("home", "/", { steps: (page) => listContainsName(page, "home") });
await visit("projects", "/api/projects", { steps: (page) => listContainsName(page, "projects") });
await visit("territory", options.territory, { steps: (page) => listContainsName(page, "territory") });
await visit("organisation", options.organisation);
await visit("partner", options.partner);
await visit("gone", options.gone, { status: 410 });
await visit("not-found", "/id/project/absent-000000000000", { status: 404 });
await visit("sparql", "/sparql", { steps: sparqlPage });

await browser.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
const failed = results.filter((result) => !result.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
