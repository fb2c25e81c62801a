"""Partners that publish linked data, harvested by the command line as a
partner's web person would set them up: a Turtle dump served over HTTP
(`format = "rdf"`) and a SemApps-like SPARQL endpoint (a `carrefour serve`
holding PAIR data, `format = "sparql"`), both on loopback. The records
they give pass the SHACL shapes, with every field read and no rule written."""

import functools
import http.server
import os
import subprocess
import threading

import pytest
import rdflib

from conftest import BIN, ROOT, dump_of, start
from test_demo_data import SCHEMA, validate

FIXTURES = ROOT / "tests" / "fixtures" / "linked-data"
ENV = {**os.environ, "RUST_LOG": "info", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def dump_site():
    """The fixtures directory over HTTP on a free loopback port."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A SPARQL endpoint holding `semapps.ttl`: `carrefour serve` with no partners."""
    data = tmp_path_factory.mktemp("semapps-data")
    empty = tmp_path_factory.mktemp("no-mappings")
    subprocess.run(
        [BIN, "load", "--data", str(data), "--graph", "https://semapps.example/graph",
         str(FIXTURES / "semapps.ttl")],
        cwd=ROOT, check=True, capture_output=True,
    )
    url, process = start(
        ["serve", "--data", str(data), "--bind", "127.0.0.1:0", "--mappings", str(empty),
         "--no-schedule"]
    )
    yield url
    process.terminate()
    process.wait(timeout=30)


MAPPINGS = {
    "reseau-tiers-lieux": """
[partner]
id = "reseau-tiers-lieux"
name = "Réseau des tiers-lieux"
homepage = "{dump_site}/"
license = "http://creativecommons.org/licenses/by/4.0/"

[discovery]
start = ["{dump_site}/reseau-tiers-lieux.ttl"]

[listing]
format = "rdf"
""",
    "semapps-local": """
[partner]
id = "semapps-local"
name = "Instance SemApps locale"
homepage = "{endpoint}/"

[discovery]
start = ["{endpoint}/sparql"]

[listing]
format = "sparql"
page_size = 2
""",
}


@pytest.fixture(scope="module")
def harvested(dump_site, endpoint, tmp_path_factory):
    """Both partners harvested by `carrefour harvest`; yields the dataset and the log."""
    mappings = tmp_path_factory.mktemp("linked-mappings")
    for partner, text in MAPPINGS.items():
        (mappings / f"{partner}.toml").write_text(
            text.format(dump_site=dump_site, endpoint=endpoint)
        )
    data = tmp_path_factory.mktemp("linked-data")
    run = subprocess.run(
        [BIN, "harvest", "--data", str(data), "--mappings", str(mappings), "--allow-loopback"],
        cwd=ROOT, capture_output=True, text=True, env=ENV,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return dump_of(data), run.stdout + run.stderr


def graph_of(dataset):
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def names(graph, partner):
    query = f"""
    PREFIX schema: <http://schema.org/>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    SELECT ?name WHERE {{
      ?project a schema:Project ; schema:name ?name ; foaf:isPrimaryTopicOf ?record .
      ?record prov:wasAttributedTo <http://localhost:7878/id/partner/{partner}> .
    }}"""
    return sorted(str(row.name) for row in graph.query(query))


def test_a_turtle_dump_and_a_sparql_endpoint_give_their_projects(harvested):
    dataset, log = harvested
    graph = graph_of(dataset)
    assert names(graph, "reseau-tiers-lieux") == [
        "Café des possibles", "La Fabrique partagée", "Le Jardin suspendu", "Ressourcerie du lac",
    ], log
    assert names(graph, "semapps-local") == [
        "Cuisine commune", "Mobilité partagée", "Répar'Ali",
    ], log


def test_linked_data_records_pass_the_shapes(harvested):
    dataset, _ = harvested
    conforms, violations, text = validate(graph_of(dataset))
    assert conforms and not violations, text


def test_fields_places_and_licences_are_read_without_rules(harvested):
    dataset, _ = harvested
    graph = graph_of(dataset)
    rows = list(graph.query("""
        PREFIX schema: <http://schema.org/>
        PREFIX cc: <http://creativecommons.org/ns#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name ?organisation ?page ?license ?commune WHERE {
          ?project schema:name ?name ; schema:mainEntityOfPage ?page ;
                   schema:parentOrganization/schema:name ?organisation ;
                   foaf:isPrimaryTopicOf ?record .
          ?record cc:license ?license .
          OPTIONAL { ?project schema:location/schema:containedInPlace ?commune .
                     FILTER(CONTAINS(STR(?commune), "/id/commune/")) }
        }"""))
    by_name = {str(row.name): row for row in rows}
    fabrique = by_name["La Fabrique partagée"]
    assert str(fabrique.organisation) == "Association La Fabrique"
    assert str(fabrique.page) == "https://tiers-lieux.example/lieux/la-fabrique"
    assert str(fabrique.license) == "http://creativecommons.org/licenses/by/4.0/"
    assert str(fabrique.commune).endswith("/id/commune/35238")
    reparali = by_name["Répar'Ali"]
    assert str(reparali.organisation) == "Les Bricoleurs du Gers"
    assert str(reparali.page) == "https://semapps.example/projects/reparali"
    assert str(reparali.commune).endswith("/id/commune/32013")
    keywords = {str(o) for o in graph.objects(
        rdflib.URIRef(next(iter(graph.subjects(SCHEMA.name, rdflib.Literal("Répar'Ali", lang="fr"))))),
        SCHEMA.keywords)}
    assert keywords == {"Réemploi", "Lien social"}
