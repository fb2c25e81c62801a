"""Project URIs as `curl` sees them: it follows the 303 and gets the format
its Accept header asks for, with `Vary: Accept`; rdflib parses what it gets."""

import shutil
import subprocess

import pytest
import rdflib

SCHEMA = rdflib.Namespace("http://schema.org/")

FORMATS = [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", None),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("text/html", "text/html", None),
]


def a_project(dump):
    """The first project of the dump (a Dataset: projects live in named graphs)."""
    return min(s for s, _, _, _ in dump.quads((None, rdflib.RDF.type, SCHEMA.Project, None)))


def name_of(dump, project):
    return next(o for _, _, o, _ in dump.quads((project, SCHEMA.name, None, None)))


def curl(url, accept):
    """`curl -sL -D - -H 'Accept: …' URL`: (headers of the final response, body)."""
    assert shutil.which("curl"), "curl is installed by .ci/setup"
    out = subprocess.run(
        ["curl", "-sS", "-L", "-D", "-", "-H", f"Accept: {accept}", url],
        check=True, capture_output=True,
    ).stdout
    # With -L, curl prints the head of every response; keep the last one.
    head, _, body = out.rpartition(b"\r\n\r\n")
    blocks = (head + b"\r\n\r\n").split(b"\r\n\r\n")
    last = [b for b in blocks if b.startswith(b"HTTP/")][-1].decode()
    lines = last.split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, body


@pytest.mark.parametrize("accept,media_type,rdflib_format", FORMATS)
def test_curl_follows_the_303_and_gets_the_format(demo, dump, accept, media_type, rdflib_format):
    url, _ = demo
    project = a_project(dump)
    path = str(project).replace("http://localhost:7878", "")
    status, headers, body = curl(url + path, accept)
    assert status == 200, body[:500]
    assert headers["content-type"][0].split(";")[0] == media_type
    assert "Accept" in headers["vary"][0]
    assert headers["content-location"][0].startswith(path.replace("/id/", "/doc/"))
    if rdflib_format:
        graph = rdflib.Graph().parse(data=body, format=rdflib_format)
        assert (project, rdflib.RDF.type, SCHEMA.Project) in graph
        assert len(list(graph.objects(project, SCHEMA.name))) == 1
    elif media_type == "text/html":
        name = str(name_of(dump, project))
        assert f"<h1>{name}</h1>".replace("'", "&#39;") in body.decode()


def test_the_first_response_is_a_303(demo, dump):
    url, _ = demo
    path = str(a_project(dump)).replace("http://localhost:7878", "")
    out = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
         "-H", "Accept: text/turtle", url + path],
        check=True, capture_output=True, text=True,
    ).stdout
    code, location = out.split(" ", 1)
    assert code == "303"
    assert location.endswith(path.replace("/id/", "/doc/"))
