"""The demo store as outside tools see it: served, dumped, valid against the SHACL shapes."""

import json
import tomllib

import pyshacl
import rdflib
from rdflib.namespace import SH

from conftest import ROOT, get

SCHEMA = rdflib.Namespace("http://schema.org/")
CIS = rdflib.Namespace("https://w3id.org/carrefour/ns#")

RECORDS_QUERY = """
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cc: <http://creativecommons.org/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?project ?record ?source ?partner ?harvest ?at ?license ?name WHERE {
  GRAPH ?record { ?project a schema:Project ; schema:mainEntityOfPage ?source ;
                           foaf:isPrimaryTopicOf ?record }
  GRAPH <http://localhost:7878/graph/provenance> {
    ?record a prov:Entity ; foaf:primaryTopic ?project ;
            prov:wasDerivedFrom ?source ; prov:wasGeneratedBy ?harvest ;
            prov:generatedAtTime ?at ; prov:wasAttributedTo ?partner ;
            cc:license ?license ; dct:license ?license ;
            cc:attributionName ?name ; cc:attributionURL ?source .
    ?harvest a prov:Activity ; prov:startedAtTime ?start ; prov:endedAtTime ?end ;
             prov:wasAssociatedWith ?agent ; prov:qualifiedAssociation/prov:hadPlan ?plan .
    ?partner a prov:Organization ; schema:name ?name .
  }
}
"""


def merged(dataset):
    """All graphs of the dataset in one graph, as the SPARQL union default graph sees them."""
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def validate(graph):
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "carrefour.ttl")
    conforms, results, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    violations = list(results.subjects(SH.resultSeverity, SH.Violation))
    return conforms, violations, text


def test_health_answers(demo):
    url, _ = demo
    status, body = get(url + "/health")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


def test_dump_conforms_to_the_shapes(dump):
    conforms, violations, text = validate(merged(dump))
    assert conforms and not violations, text


def test_every_project_has_a_record_graph_with_provenance_and_licence(dump):
    projects = {s for s, _, _, _ in dump.quads((None, rdflib.RDF.type, SCHEMA.Project, None))}
    # The demo partners: the sites of mirrors.toml (the other fixture sites
    # are for the harvester's own tests).
    sites = ROOT / "tests" / "fixtures" / "sites"
    demo = tomllib.loads((sites / "mirrors.toml").read_text()).values()
    expected = sum(
        len(json.loads((sites / directory / "expected.json").read_text())["projects"])
        for directory in set(demo)
    )
    assert len(projects) == expected
    rows = list(dump.query(RECORDS_QUERY))
    described = {row.project for row in rows}
    assert described == projects
    for row in rows:
        assert str(row.record).startswith("http://localhost:7878/id/record/")
        assert str(row.license).startswith("http://creativecommons.org/licenses/")
        assert str(row.partner).startswith("http://localhost:7878/id/partner/")


def test_the_shapes_catch_a_record_without_description(dump):
    graph = merged(dump)
    project = next(graph.subjects(rdflib.RDF.type, SCHEMA.Project))
    graph.remove((project, SCHEMA.description, None))
    conforms, violations, _ = validate(graph)
    assert not conforms and violations


def test_the_shapes_catch_a_record_without_licence(dump):
    graph = merged(dump)
    record = next(graph.subjects(rdflib.RDF.type, CIS.Record))
    graph.remove((record, rdflib.URIRef("http://creativecommons.org/ns#license"), None))
    conforms, violations, _ = validate(graph)
    assert not conforms and violations
