// Runs one SPARQL SELECT query with Comunica (@comunica/query-sparql, from
// npm, installed by .ci/setup) over the sources given, and prints the rows
// as JSON: [{"variable": "value", …}, …] (each term's value only).
//
// Usage: node tests/federation/comunica.mjs QUERY_FILE TYPE=URL [TYPE=URL…]
// where TYPE is `sparql` (a SPARQL endpoint) or `auto` (Comunica finds out
// what the source is from what it answers: a Triple Pattern Fragments
// interface by its hypermedia controls).
// Run by tests/it/federation_hubs.rs against two hubs on loopback.
import { readFileSync } from 'node:fs';
import { QueryEngine } from '@comunica/query-sparql';

const [queryFile, ...given] = process.argv.slice(2);
if (!queryFile || given.length === 0) {
  console.error('usage: comunica.mjs QUERY_FILE TYPE=URL [TYPE=URL…]');
  process.exit(2);
}
const sources = given.map((source) => {
  const [type, url] = source.split(/=(.*)/s);
  return type === 'auto' ? url : { type, value: url };
});
const query = readFileSync(queryFile, 'utf8');
const engine = new QueryEngine();
const bindings = await engine.queryBindings(query, { sources, lenient: false });
const rows = [];
for await (const binding of bindings) {
  rows.push(Object.fromEntries([...binding].map(([variable, term]) => [variable.value, term.value])));
}
console.log(JSON.stringify(rows));
