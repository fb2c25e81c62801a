"""The SPARQL endpoint as Python clients use it: rdflib's SPARQLStore and
SPARQLWrapper each run a SELECT and a CONSTRUCT against the demo server, and
the answers are checked against the demo site's own list of projects."""

import json

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, JSONLD, POST, TURTLE, XML, SPARQLWrapper

from conftest import ROOT

# SPARQLWrapper 2.0 builds its graphs with rdflib's deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:SPARQLWrapper.*")

SCHEMA = rdflib.Namespace("http://schema.org/")
PARTNER = "http://localhost:7878/id/partner/fondation-territoires"

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

# The partner's projects: its records (provenance graph) and their projects
# (record graphs) meet in the union default graph.
PROJECTS = f"""?record prov:wasAttributedTo <{PARTNER}> ; foaf:primaryTopic ?project .
  ?project a schema:Project ; schema:name ?name ."""

COUNT = f"{PREFIXES}SELECT (COUNT(DISTINCT ?project) AS ?n) WHERE {{ {PROJECTS} }}"

CONSTRUCT = f"""{PREFIXES}CONSTRUCT {{ ?project a schema:Project ; schema:name ?name }}
WHERE {{ {PROJECTS} }}"""


MEDIA_TYPES = {XML: "application/rdf+xml", TURTLE: "text/turtle", JSONLD: "application/ld+json"}


def expected_projects():
    """The number of projects the partner's demo site lists."""
    site = ROOT / "tests" / "fixtures" / "sites" / "drupal-fondation" / "expected.json"
    return len(json.loads(site.read_text())["projects"])


def check_graph(graph):
    projects = set(graph.subjects(rdflib.RDF.type, SCHEMA.Project))
    assert len(projects) == expected_projects()
    assert all(graph.value(project, SCHEMA.name) for project in projects)


def test_rdflib_sparqlstore_selects_and_constructs(demo):
    url, _ = demo
    store = SPARQLStore(url + "/sparql")
    rows = list(store.query(COUNT))
    assert len(rows) == 1
    assert int(rows[0].n) == expected_projects()
    check_graph(store.query(CONSTRUCT).graph)


def test_sparqlwrapper_selects_in_json_and_xml(demo):
    url, _ = demo
    for method in (GET, POST):
        for return_format in (JSON, XML):
            sparql = SPARQLWrapper(url + "/sparql")
            sparql.setMethod(method)
            sparql.setReturnFormat(return_format)
            sparql.setQuery(COUNT)
            result = sparql.query()
            assert result.response.headers["Carrefour-Result-Limit"].isdigit()
            converted = result.convert()
            if return_format == JSON:
                value = converted["results"]["bindings"][0]["n"]["value"]
            else:
                value = converted.getElementsByTagName("literal")[0].firstChild.data
            assert int(value) == expected_projects(), (method, return_format)


def test_sparqlwrapper_constructs_in_rdf_formats(demo):
    url, _ = demo
    for return_format in (XML, TURTLE, JSONLD):
        sparql = SPARQLWrapper(url + "/sparql")
        sparql.setReturnFormat(return_format)
        sparql.setQuery(CONSTRUCT)
        result = sparql.query()
        media_type = result.response.headers["Content-Type"].split(";")[0]
        assert media_type == MEDIA_TYPES[return_format]
        converted = result.convert()
        # SPARQLWrapper parses RDF/XML and JSON-LD into a graph, not Turtle.
        if isinstance(converted, bytes):
            converted = rdflib.Graph().parse(data=converted, format=media_type)
        check_graph(converted)
