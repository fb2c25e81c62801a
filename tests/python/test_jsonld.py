"""Compacted JSON-LD as a developer reads it: pyld, given the published
context locally (no network), turns a served document into the same RDF as
the Turtle of that document."""

import json

import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import ROOT, get

CONTEXT = json.loads((ROOT / "ontology" / "context.jsonld").read_text())
SCHEMA = rdflib.Namespace("http://schema.org/")
BASE = "http://localhost:7878/"


def local_loader(url, options=None):
    """Serves `ontology/context.jsonld` for any `…/ns/context.jsonld`; refuses the rest."""
    if url.endswith("/ns/context.jsonld"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise jsonld.JsonLdError(
        f"tests load no document from the network: {url}", "jsonld.LoadDocumentError"
    )


def as_rdf(document):
    """The RDF of a JSON-LD document, through pyld's expansion and toRdf."""
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": local_loader}
    )
    return rdflib.Graph().parse(data=nquads, format="nt")


def fetch(url, kind, key):
    """The JSON-LD and the Turtle of `/doc/{kind}/{key}`."""
    status, body = get(f"{url}/doc/{kind}/{key}.jsonld")
    assert status == 200, body
    document = json.loads(body)
    status, turtle = get(f"{url}/doc/{kind}/{key}.ttl")
    assert status == 200, turtle
    return document, rdflib.Graph().parse(data=turtle, format="turtle")


def assert_isomorphic(document, turtle):
    graph = as_rdf(document)
    if not isomorphic(graph, turtle):
        _, only_json, only_turtle = graph_diff(to_isomorphic(graph), to_isomorphic(turtle))
        pytest.fail(
            "JSON-LD and Turtle differ\nonly in JSON-LD:\n"
            + only_json.serialize(format="nt")
            + "\nonly in Turtle:\n"
            + only_turtle.serialize(format="nt")
        )
    assert len(graph) > 0


def key_of(iri, kind):
    prefix = f"{BASE}id/{kind}/"
    assert str(iri).startswith(prefix), iri
    return str(iri)[len(prefix):]


def projects(dump):
    found = {
        key_of(project, "project")
        for project, _, _, _ in dump.quads((None, rdflib.RDF.type, SCHEMA.Project, None))
    }
    assert len(found) >= 6, "projects of the six demo partners"
    return sorted(found)


def test_every_project_gives_the_rdf_of_its_turtle(demo, dump):
    url, _ = demo
    for key in projects(dump):
        document, turtle = fetch(url, "project", key)
        assert_isomorphic(document, turtle)


def test_a_project_has_short_keys_and_embedded_nodes(demo, dump):
    url, _ = demo
    key = "fondation-territoires-f87565bb7ee2"
    assert key in projects(dump)
    document, _ = fetch(url, "project", key)
    assert document["@context"] == f"{BASE}ns/context.jsonld"
    assert document["id"] == f"{BASE}id/project/{key}"
    assert document["type"] == ["Project", "pair:Project"]
    assert document["name"] == "Habitat inclusif Le Local"
    assert document["source"] == (
        "https://www.fondation-territoires.example/projets/habitat-inclusif-le-local.html"
    )
    assert document["organisation"]["name"] == "SCIC L'Enclume"
    assert document["location"]["name"] == "Pontivy"
    assert document["themes"][0]["prefLabel"]["fr"] == "Handicap"
    assert document["record"]["attributedTo"]["name"] == "Fondation Solidaire des Territoires"
    assert not [key for key in keys(document) if "://" in key]


def keys(value):
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys(inner)


@pytest.mark.parametrize(
    "kind, key",
    [
        ("organisation", "scic-l-enclume"),
        ("partner", "fondation-territoires"),
        ("theme", "handicap"),
        ("place", "fondation-territoires-f87565bb7ee2"),
    ],
)
def test_other_things_give_the_rdf_of_their_turtle(demo, kind, key):
    url, _ = demo
    document, turtle = fetch(url, kind, key)
    assert document["id"] == f"{BASE}id/{kind}/{key}"
    assert_isomorphic(document, turtle)
