#!/usr/bin/env python3
"""Do both servers give the same answers to the mix? One line per query.

    answers.py queries.json CARREFOUR_URL OXIGRAPH_URL

Prints `name rows_carrefour rows_oxigraph` (solutions, or triples for a graph
answer): a race between endpoints that answer differently means nothing.
"""

import json
import sys
import urllib.parse
import urllib.request


def rows(url, query, accept):
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read().decode("utf-8")
    except OSError as error:  # HTTPError included: say which, do not stop the run
        return f"error({getattr(error, 'code', error)})"
    if accept == "application/sparql-results+json":
        return str(len(json.loads(body)["results"]["bindings"]))
    return str(sum(1 for line in body.splitlines() if line.strip()))


def main(queries, carrefour, oxigraph):
    for q in json.load(open(queries)):
        print(q["name"], rows(carrefour, q["query"], q["accept"]), rows(oxigraph, q["query"], q["accept"]))


if __name__ == "__main__":
    main(*sys.argv[1:])
