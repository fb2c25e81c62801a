#!/usr/bin/env python3
"""The repeat speed-up: each query's first request, then the median of 20 more.

    repeat.py queries.json EXTRA.rq NAME=URL [NAME=URL ...]

Asks every query of the mix (with `LIMIT 99999` appended: a text no other
request of the run sends, so the first request is really the first) and
EXTRA.rq as it is, of each server in turn, one request at a time on a new
connection (as a page or a chart would), and prints
`server query first_ms median_ms` lines. Carrefour keeps answers per data
revision, so its repeats should be cache hits; Oxigraph evaluates every time.
"""

import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request


def ask(url, query, accept):
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return (time.perf_counter() - start) * 1000


def main(queries_file, extra, *servers):
    queries = [(q["name"], q["query"] + "\nLIMIT 99999", q["accept"]) for q in json.load(open(queries_file))]
    queries.append((os.path.basename(extra)[:-3], open(extra, encoding="utf-8").read(),
                    "application/sparql-results+json"))
    for server in servers:
        name, url = server.split("=", 1)
        for query_name, query, accept in queries:
            first = ask(url, query, accept)
            again = statistics.median(ask(url, query, accept) for _ in range(20))
            print(name, query_name, f"{first:.3f}", f"{again:.3f}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
