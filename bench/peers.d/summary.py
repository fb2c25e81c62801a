#!/usr/bin/env python3
"""The tables of bench/peers, from the files one run left in its directory.

    summary.py WORK N PARTNERS BIN

Markdown on stdout (bench/peers also keeps it in WORK/summary.md).
"""

import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone


def read(path, default=""):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def time_file(path):
    """GNU time's `%e %U %S %M`: wall s, CPU s (user + sys), peak RSS MB."""
    wall, user, system, rss_kb = read(path).split()[-4:]
    return float(wall), float(user) + float(system), int(rss_kb) / 1024


def served(path):
    match = re.search(r"served (\d+) requests: (.*)", read(path))
    return (int(match.group(1)), match.group(2)) if match else (0, "?")


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ")


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def to_ms(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_file(path):
    """req/s, p50 ms, p99 ms, non-2xx responses, socket errors."""
    text = read(path)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    total = re.search(r"(\d+) requests in", text)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p50": to_ms(p50.group(1)) if p50 else None,
        "p99": to_ms(p99.group(1)) if p99 else None,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1) if errors else None,
        "requests": int(total.group(1)) if total else 0,
    }


def main(work, n, partners, binary):
    out = []
    cpu = (subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                          capture_output=True, text=True).stdout.strip() or platform.processor())
    sites = json.load(open(os.path.join(work, "http", "sites.json")))
    names = [s["partner"] for s in sites if not partners or s["partner"] in partners.split(",")]
    out.append(f"## bench/peers {n}: {datetime.now(timezone.utc):%Y-%m-%d}, {os.cpu_count()} cores ({cpu})\n")
    built = datetime.fromtimestamp(os.path.getmtime(binary), timezone.utc)
    out.append(f"Carrefour: a release binary built {built:%Y-%m-%d %H:%M} UTC.")
    out.append(f"Partners harvested by both: {', '.join(names)} "
               f"({'all six: HTML, JSON-LD, microdata + sitemaps, JSON API' if len(names) == 6 else 'restricted'}); "
               f"{n} generated projects per site, served over loopback HTTP.\n")

    # ---- harvest
    reports = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(work, "data", "reports", "*.json")))]
    c_wall, c_cpu, c_rss = time_file(os.path.join(work, "harvest-carrefour.time"))
    s_wall, s_cpu, s_rss = time_file(os.path.join(work, "harvest-scrapy.time"))
    c_served, c_status = served(os.path.join(work, "served-carrefour.txt"))
    s_served, s_status = served(os.path.join(work, "served-scrapy.txt"))
    stats = json.loads(read(os.path.join(work, "scrapy-stats.json"), "{}"))
    c_items = sum(r.get("items_kept", 0) for r in reports)
    s_items = stats.get("item_scraped_count", 0)
    # Every partner of a round shares one fetcher, whose counters each report
    # copies when its partner ends: the largest is the round's total.
    c_own = max((r.get("fetch", {}).get("requests", 0) for r in reports), default=0)
    s_own = stats.get("downloader/request_count", 0)
    c_cpu_page = 1000 * c_cpu / c_served if c_served else None
    s_cpu_page = 1000 * s_cpu / s_served if s_served else None
    out.append("### Harvest over loopback HTTP\n")
    out.append("| figure | Carrefour | Scrapy | Carrefour / Scrapy |")
    out.append("|---|---|---|---|")
    out.append(f"| pages fetched (served; as counted by the harvester) | {fmt(c_served)} ({fmt(c_own)}) "
               f"| {fmt(s_served)} ({fmt(s_own)}) | {ratio(c_served, s_served)} |")
    out.append(f"| projects kept / items | {fmt(c_items)} | {fmt(s_items)} | {ratio(c_items, s_items)} |")
    out.append(f"| wall | {c_wall:.1f} s | {s_wall:.1f} s | {ratio(c_wall, s_wall)} |")
    out.append(f"| CPU (user + sys) | {c_cpu:.1f} s | {s_cpu:.1f} s | {ratio(c_cpu, s_cpu)} |")
    out.append(f"| peak RSS | {c_rss:.0f} MB | {s_rss:.0f} MB | {ratio(c_rss, s_rss)} |")
    out.append(f"| CPU per page fetched | {fmt(c_cpu_page, 2)} ms | {fmt(s_cpu_page, 2)} ms "
               f"| {ratio(c_cpu_page, s_cpu_page)} |")
    out.append("")
    verdicts = ", ".join(f"{r['partner']} {r.get('verdict', {}).get('status', '?')}" for r in reports)
    log = read(os.path.join(work, "harvest-carrefour.log"))
    notes = [f"Server answers: Carrefour {c_status}; Scrapy {s_status}.",
             f"Carrefour's verdicts: {verdicts}; its log has {len(re.findall(r' ERROR ', log))} ERROR and "
             f"{len(re.findall(r' WARN ', log))} WARN lines.",
             f"Scrapy's items against expected.json: {read(os.path.join(work, 'scrapy-check.txt')).strip()}; "
             f"{stats.get('log_count/ERROR', 0)} errors in its log."]
    # Requests to the busiest site: its pages and its robots.txt.
    busiest = max((r.get("listing_pages", 0) + r.get("detail_pages", 0) + 1 for r in reports), default=0)
    if busiest and c_wall / busiest >= 0.9:
        notes.append(f"Carrefour's wall time is its politeness floor, not its speed: {c_wall:.0f} s for "
                     f"{busiest} requests to its busiest site ({c_wall / busiest:.2f} s each) although the "
                     f"mappings say `delay_seconds = 0` (the fetcher's 1 s minimum delay between two "
                     f"requests to one host wins). Compare CPU, not wall.")
    out += [f"- {note}" for note in notes]
    out.append("")

    # ---- SPARQL
    out.append("### SPARQL: Carrefour `/sparql` vs bare `oxigraph serve-read-only --union-default-graph`\n")
    answers = [line.split() for line in read(os.path.join(work, "answers.txt")).splitlines() if line.strip()]
    same = all(a[1] == a[2] for a in answers)
    out.append("Query mix (bench/peers.d/queries; rows from Carrefour / Oxigraph): "
               + ", ".join(f"{a[0]} {a[1]}/{a[2]}" for a in answers)
               + ("" if same else " — **the answers differ**") + ".\n")
    out.append("| connections | mix | Carrefour req/s | Oxigraph req/s | Carrefour / Oxigraph "
               "| Carrefour p50 / p99 | Oxigraph p50 / p99 |")
    out.append("|---|---|---|---|---|---|---|")
    trouble = []
    for conns in (1, 8, 32):
        for mode in ("warm", "cold"):
            runs = {server: [wrk_file(os.path.join(work, "wrk", f"c{conns}-{mode}-r{r}-{server}.txt"))
                             for r in (1, 2)] for server in ("carrefour", "oxigraph")}
            cells = {}
            for server, rounds in runs.items():
                for i, run in enumerate(rounds, 1):
                    if run["non2xx"] or run["errors"] or run["rps"] is None:
                        trouble.append(f"-c{conns} {mode} round {i} {server}: {run['non2xx']} non-2xx, "
                                       f"socket errors {run['errors'] or 'none'}")
                rps = [r["rps"] for r in rounds if r["rps"] is not None]
                p50 = [r["p50"] for r in rounds if r["p50"] is not None]
                p99 = [r["p99"] for r in rounds if r["p99"] is not None]
                cells[server] = (
                    statistics.mean(rps) if rps else None,
                    " / ".join(fmt(r, 0 if r >= 100 else 1) for r in rps),
                    f"{statistics.mean(p50):.1f} / {statistics.mean(p99):.1f} ms" if p50 and p99 else "–")
            c, o = cells["carrefour"], cells["oxigraph"]
            out.append(f"| {conns} | {mode} | {fmt(c[0], 1)} ({c[1]}) | {fmt(o[0], 1)} ({o[1]}) "
                       f"| {ratio(c[0], o[0])} | {c[2]} | {o[2]} |")
    out.append("")
    out.append("req/s: mean of the two rounds (each round in brackets); p50 / p99: means of the two "
               "rounds. *warm*: the same five query texts again and again (Carrefour answers from its "
               "cache); *cold*: every request a text never sent before (`LIMIT 100000+i`), so "
               "Carrefour evaluates each one like Oxigraph.")
    if trouble:
        out.append("")
        out += [f"- {t}" for t in trouble]
    out.append("")

    queries = json.loads(read(os.path.join(work, "queries.json"), "[]"))
    out.append("Each query alone, cold, one connection kept alive (`wrk -c1 -d3s`): p50 latency\n")
    out.append("| query | Carrefour p50 | Oxigraph p50 | Carrefour / Oxigraph |")
    out.append("|---|---|---|---|")
    for index, query in enumerate(queries, 1):
        c = wrk_file(os.path.join(work, "wrk", f"q{index}-carrefour.txt"))
        o = wrk_file(os.path.join(work, "wrk", f"q{index}-oxigraph.txt"))
        if c["p50"] is None or o["p50"] is None:
            continue
        out.append(f"| {query['name']} | {c['p50']:.2f} ms | {o['p50']:.2f} ms | {ratio(c['p50'], o['p50'])} |")
    out.append("")

    out.append("### Repeat speed-up: first request vs the median of the next 20\n")
    out.append("| query | Carrefour first | again | speed-up | Oxigraph first | again | speed-up |")
    out.append("|---|---|---|---|---|---|---|")
    repeat = {}
    for line in read(os.path.join(work, "repeat.txt")).splitlines():
        server, query, first, again = line.split()
        repeat.setdefault(query, {})[server] = (float(first), float(again))
    for query, servers in repeat.items():
        cells = []
        for server in ("carrefour", "oxigraph"):
            first, again = servers.get(server, (None, None))
            cells.append(f"{first:.1f} ms | {again:.2f} ms | {first / again:.0f}×" if first else "– | – | –")
        out.append(f"| {query} | {cells[0]} | {cells[1]} |")
    out.append("")
    out.append("Each mix query with `LIMIT 99999` appended (a text sent nowhere else in the run), "
               "then queries/18 as it is; one request at a time, a new connection each. "
               "Issue 11 wants Carrefour's repeat ≥ 20× faster than cold.")
    out.append("")
    load = read(os.path.join(work, "oxigraph-load.time")).strip()
    rss = dict(line.split() for line in read(os.path.join(work, "serve-rss.txt")).splitlines() if line.strip())
    out.append(f"Oxigraph loaded the dump in {load} s (then `optimize`). Peak RSS while serving: "
               f"Carrefour {rss.get('carrefour', '?')} MB, Oxigraph {rss.get('oxigraph', '?')} MB. "
               "Only ratios measured in the same run compare: the machine is shared.")
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:5])
