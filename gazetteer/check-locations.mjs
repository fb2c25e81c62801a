// Checks the location test set (../tests/fixtures/locations.tsv) against the
// gazetteer files of this folder. Node 20, no dependencies, no network.
//
//   node gazetteer/check-locations.mjs [path/to/locations.tsv]
//
// For every row `text  level  code` it checks that the code exists at that
// level and that the text really points there:
//   commune      the text holds the commune's name (or a former name, or the
//                city and number of an arrondissement), one of its postcodes
//                or its INSEE code; a name shared by several communes must come
//                with a hint (postcode, "(69)", département or région name)
//                that leaves only this one; a postcode or "(NN)" in the text
//                must not contradict the commune;
//   departement  the text holds the département's name or number, or names
//                places that all lie in it, or is a postcode shared only by
//                communes of it;
//   region       the text holds the région's name, a pre-2016 name or an
//                alias of old-regions.tsv, or names places that all lie in it;
//   none         the code is empty, and a text that is exactly a commune name
//                is the name of several communes in different départements.
// It also checks that every location label of the demo partner sites
// (../tests/fixtures/sites/*/expected.json) is in the test set.
// Exit status 1 on any error.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const testSet = process.argv[2] || join(repo, 'tests/fixtures/locations.tsv');

function readTsv(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines.shift().split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [header[i], v])));
}

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
/** Whole-word containment of normalized strings. */
const holds = (text, name) => name !== '' && ` ${text} `.includes(` ${name} `);

const communes = readTsv(join(here, 'communes.tsv'));
const departements = readTsv(join(here, 'departements.tsv'));
const regions = readTsv(join(here, 'regions.tsv'));
const oldRegions = readTsv(join(here, 'old-regions.tsv'));
const former = readTsv(join(here, 'former-communes.tsv'));

const communeByCode = new Map(communes.map((c) => [c.insee, c]));
const depByCode = new Map(departements.map((d) => [d.code, d]));
const regByCode = new Map(regions.map((r) => [r.code, r]));
const byName = new Map(); // normalized name -> communes (not arrondissements)
const byPostcode = new Map(); // postcode -> communes and arrondissements
for (const c of communes) {
  c.postcodeList = c.postcodes.split(' ').filter(Boolean);
  c.norm = norm(c.name);
  for (const p of c.postcodeList) byPostcode.set(p, [...(byPostcode.get(p) || []), c]);
  if (c.parent) continue;
  byName.set(c.norm, [...(byName.get(c.norm) || []), c]);
}
const formerNames = new Map(); // current code -> normalized former names
for (const f of former) {
  if (!f.name || f.name === communeByCode.get(f.current)?.name) continue;
  formerNames.set(f.current, [...(formerNames.get(f.current) || []), norm(f.name)]);
}
const regionNames = new Map(); // région code -> normalized names and aliases
for (const r of regions) regionNames.set(r.code, [norm(r.name)]);
for (const o of oldRegions) regionNames.get(o.region).push(norm(o.name));
const depNames = new Map(departements.map((d) => [d.code, norm(d.name)]));

const errors = [];
const counts = { commune: 0, departement: 0, region: 0, none: 0 };
const failed = new Set();
const fail = (row, msg) => {
  failed.add(row);
  errors.push(`${JSON.stringify(row.text)} (${row.level} ${row.code}): ${msg}`);
};

/** Département and région hints found in a normalized text. */
const regionNamesLongestFirst = [...regionNames.entries()]
  .flatMap(([code, names]) => names.map((n) => [code, n]))
  .sort((a, b) => b[1].length - a[1].length);
function hints(raw, text) {
  // Région names first, taken out of the text so that "Rhône" in
  // "Auvergne-Rhône-Alpes" is not read as the département.
  const regs = new Set();
  let rest = ` ${text} `;
  for (const [code, n] of regionNamesLongestFirst) {
    if (rest.includes(` ${n} `)) {
      regs.add(code);
      rest = rest.replace(` ${n} `, ' | ');
    }
  }
  const deps = new Set();
  for (const m of raw.matchAll(/\((\d\d|2A|2B|97\d)\)/gi)) deps.add(m[1].toUpperCase());
  for (const [code, name] of depNames) if (rest.includes(` ${name} `)) deps.add(code);
  return { deps, regs };
}

/** Communes whose name (or former name) the text holds, longest names first. */
function communesNamed(text) {
  const out = [];
  for (const [name, list] of byName) if (holds(text, name)) out.push(...list);
  for (const [code, names] of formerNames) if (names.some((n) => holds(text, n))) out.push(communeByCode.get(code));
  return out;
}

function arrondissementMatch(text, c) {
  const m = /^(.*) (\d+)(?:er|e) Arrondissement$/.exec(c.name);
  if (!m) return false;
  const n = Number(m[2]);
  const tokens = text.split(' ');
  const i = tokens.indexOf(norm(m[1]));
  if (i < 0) return false;
  return tokens.slice(i + 1).some((t) => new RegExp(`^0?${n}(e|er|eme|ieme)?$`).test(t));
}

function checkCommune(row, text) {
  const c = communeByCode.get(row.code);
  if (!c) return fail(row, 'no such commune');
  const numbers = [...row.text.matchAll(/(?<![\dA-Za-z])(\d{5}|2[AB]\d{3})(?![\dA-Za-z])/gi)].map((m) => m[1].toUpperCase());
  let evidence = null;
  for (const n of numbers) {
    if (n === c.insee) evidence = 'insee';
    else if (c.postcodeList.includes(n)) evidence = 'postcode';
    else if (byPostcode.has(n) && !/\b(insee|code commune)\b/i.test(row.text)) return fail(row, `postcode ${n} is not ${c.name}'s`);
  }
  const { deps, regs } = hints(row.text, text);
  const explicitDep = [...row.text.matchAll(/\((\d\d|2A|2B|97\d)\)/gi)].map((m) => m[1].toUpperCase());
  if (explicitDep.some((d) => d !== c.departement)) return fail(row, `département hint ${explicitDep} contradicts ${c.departement}`);
  if (c.parent) {
    if (!evidence && arrondissementMatch(text, c)) evidence = 'arrondissement';
    if (!evidence) return fail(row, `no evidence for arrondissement ${c.name}`);
    return;
  }
  const names = [c.norm, ...(formerNames.get(c.insee) || [])];
  const named = names.find((n) => holds(text, n));
  if (evidence === 'postcode') {
    for (const n of numbers) {
      const arm = (byPostcode.get(n) || []).find((o) => o.parent === c.insee);
      if (arm) return fail(row, `postcode ${n} is that of the arrondissement ${arm.insee}, more specific`);
      const sharing = (byPostcode.get(n) || []).filter((o) => !o.parent);
      if (!named && sharing.length > 1) return fail(row, `postcode ${n} is shared by ${sharing.length} communes and the text names none`);
    }
  }
  if (!evidence && named) {
    evidence = 'name';
    // Homonyms of the name used, current or former, must be ruled out by a hint.
    const homonyms = communes.filter(
      (o) => !o.parent && (o.norm === named || (formerNames.get(o.insee) || []).includes(named)),
    );
    const distinct = [...new Map(homonyms.map((o) => [o.insee, o])).values()];
    if (distinct.length > 1) {
      const left = distinct.filter(
        (o) =>
          (deps.size === 0 || deps.has(o.departement)) &&
          (regs.size === 0 || regs.has(o.region)) &&
          (deps.size > 0 || regs.size > 0),
      );
      if (left.length !== 1 || left[0].insee !== c.insee) {
        return fail(row, `ambiguous name "${named}" (${distinct.map((o) => o.insee).join(' ')}) without a deciding hint`);
      }
    }
  }
  if (!evidence) fail(row, `text does not name ${c.name} (${c.insee}) nor give its postcode or code`);
}

function checkDepartement(row, text) {
  const d = depByCode.get(row.code);
  if (!d) return fail(row, 'no such département');
  if (holds(text, norm(d.name))) return;
  if (new RegExp(`(^|[^0-9A-Za-z])${d.code}([^0-9A-Za-z]|$)`).test(row.text)) return;
  const numbers = [...row.text.matchAll(/\b(\d{5})\b/g)].map((m) => m[1]);
  if (numbers.length === 1 && row.text.trim() === numbers[0]) {
    const list = (byPostcode.get(numbers[0]) || []).filter((c) => !c.parent);
    if (list.length > 1 && list.every((c) => c.departement === d.code)) return;
    return fail(row, `postcode ${numbers[0]} is not shared only by communes of ${d.code}`);
  }
  const named = communesNamed(text).filter((c) => (byName.get(c.norm) || []).length === 1);
  if (named.length && named.every((c) => c.departement === d.code)) return;
  fail(row, `text does not point to département ${d.name}`);
}

function checkRegion(row, text) {
  const r = regByCode.get(row.code);
  if (!r) return fail(row, 'no such région');
  if (regionNames.get(r.code).some((n) => holds(text, n))) return;
  const named = communesNamed(text).filter((c) => (byName.get(c.norm) || []).length === 1);
  if (named.length > 1 && named.every((c) => c.region === r.code) && new Set(named.map((c) => c.departement)).size > 1) return;
  fail(row, `text does not point to région ${r.name}`);
}

function checkNone(row, text) {
  if (row.code !== '') return fail(row, 'a row of level none has a code');
  const exact = byName.get(text) || [];
  if (exact.length === 1) fail(row, `the text is the name of exactly one commune (${exact[0].insee})`);
  if (exact.length > 1 && new Set(exact.map((c) => c.departement)).size === 1) fail(row, 'all homonyms share a département');
  if ([...depNames.values()].includes(text)) fail(row, 'the text is a département name');
  if ([...regionNames.values()].some((ns) => ns.includes(text))) fail(row, 'the text is a région name');
  if (/^\d{5}$/.test(row.text.trim()) && byPostcode.has(row.text.trim())) fail(row, 'the text is a known postcode');
}

const rows = readTsv(testSet);
const texts = new Set();
for (const row of rows) {
  if (row.code === undefined) { fail(row, 'not three tab-separated columns'); continue; }
  if (texts.has(row.text)) fail(row, 'duplicate text');
  texts.add(row.text);
  const text = norm(row.text);
  switch (row.level) {
    case 'commune': checkCommune(row, text); break;
    case 'departement': checkDepartement(row, text); break;
    case 'region': checkRegion(row, text); break;
    case 'none': checkNone(row, text); break;
    default: fail(row, 'unknown level');
  }
  if (counts[row.level] !== undefined) counts[row.level]++;
}

// Demo partner sites: every location label must be in the set.
const sitesDir = join(repo, 'tests/fixtures/sites');
let demoLabels = 0, demoMissing = 0;
if (existsSync(sitesDir)) {
  const labels = new Set();
  for (const site of readdirSync(sitesDir)) {
    const f = join(sitesDir, site, 'expected.json');
    if (!existsSync(f)) continue;
    for (const p of JSON.parse(readFileSync(f, 'utf8')).projects || []) if (p.location?.label) labels.add(p.location.label);
  }
  demoLabels = labels.size;
  for (const l of labels) {
    if (texts.has(l)) continue;
    demoMissing++;
    errors.push(`demo location label missing from the test set: ${JSON.stringify(l)}`);
  }
}

console.log(
  `${rows.length} location strings: ${counts.commune} commune, ${counts.departement} département, ` +
    `${counts.region} région, ${counts.none} none; ${demoLabels} demo site labels covered`,
);
for (const e of errors) console.log(`error: ${e}`);
console.log(`${rows.length - failed.size} passed, ${failed.size + demoMissing} failed`);
process.exit(errors.length ? 1 : 0);
