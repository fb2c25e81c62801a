#!/usr/bin/env python3
"""Turn a generated corpus and the bundled mappings into their HTTP twins.

    prepare.py SITES MAPPINGS OUT PORT

SITES is generate.py's output with mirrors.toml beside it (origin = site
directory). Site i (in mirrors.toml order) is served on 127.0.0.1:PORT+i, so:

- OUT/sites/<site>/ is a copy of the site in which every occurrence of its
  origin (`https://www.fondation-territoires.example`) reads
  `http://127.0.0.1:PORT+i`: absolute links, `<link rel=next>`, sitemap
  `<loc>`s then lead back to the loopback server instead of off-site. The
  `Crawl-delay` lines of robots.txt are dropped (SPIP asks for 2 s): Scrapy
  ignores Crawl-delay, Carrefour obeys it, and the benchmark compares fetching
  and parsing, not waiting. Everything else in robots.txt stays (both obey
  its Disallow lines).
- OUT/mappings/<partner>.toml: the mapping with the same origin rewritten,
  page limits raised (as bench/scale does), `[politeness] delay_seconds = 0`.
- OUT/sites.json: per site, its partner id, origin, loopback base URL and port
  (what the Scrapy spider and the shell script read).
"""

import json
import os
import re
import shutil
import sys
import tomllib

TEXT = (".html", ".htm", ".php", ".json", ".xml", ".txt")


def is_text(name):
    base = name.split("?", 1)[0]
    return base.endswith(TEXT) or "." not in base  # SPIP's `spip.php?article12` ends in .php


def main(sites, mappings, out, port):
    with open(os.path.join(sites, "mirrors.toml"), "rb") as f:
        mirrors = tomllib.load(f)
    mapping_files = {name: open(os.path.join(mappings, name), encoding="utf-8").read()
                     for name in sorted(os.listdir(mappings)) if name.endswith(".toml")}
    os.makedirs(os.path.join(out, "mappings"), exist_ok=True)
    table = []
    for i, (origin, site) in enumerate(mirrors.items()):
        origin = origin.rstrip("/")
        base = f"http://127.0.0.1:{port + i}"
        src, dst = os.path.join(sites, site), os.path.join(out, "sites", site)
        if os.path.isdir(dst):
            shutil.rmtree(dst)
        old, new = origin.encode(), base.encode()
        for dirpath, _, files in os.walk(src):
            target_dir = os.path.join(dst, os.path.relpath(dirpath, src))
            os.makedirs(target_dir, exist_ok=True)
            for name in files:
                path, target = os.path.join(dirpath, name), os.path.join(target_dir, name)
                if name == "expected.json" and dirpath == src:
                    shutil.copyfile(path, target)  # the truth keeps the real URLs
                    continue
                if not is_text(name):
                    shutil.copyfile(path, target)
                    continue
                with open(path, "rb") as f:
                    data = f.read().replace(old, new)
                if name == "robots.txt" and dirpath == src:
                    data = re.sub(rb"(?im)^crawl-delay:.*\n?", b"", data)
                with open(target, "wb") as f:
                    f.write(data)
        # The partner whose mapping starts on this origin.
        partner = None
        for name, text in mapping_files.items():
            if re.search(r'^(start|sitemap)\s*=.*' + re.escape(origin + "/"), text, re.M):
                partner = name[:-len(".toml")]
                text = text.replace(origin, base)
                text = re.sub(r"(?m)^max_pages = .*\n", "", text)
                text = re.sub(r"(?m)^\[discovery\]\n", "[discovery]\nmax_pages = 100000\n", text)
                text = re.sub(r"(?ms)^\[politeness\]\n.*?(?=^\[|\Z)", "", text)
                text += "\n[politeness]\ndelay_seconds = 0\n"
                with open(os.path.join(out, "mappings", name), "w", encoding="utf-8") as f:
                    f.write(text)
        if partner is None:
            sys.exit(f"prepare.py: no mapping in {mappings} starts on {origin}")
        table.append({"site": site, "partner": partner, "origin": origin + "/",
                      "base": base + "/", "port": port + i})
    with open(os.path.join(out, "sites.json"), "w") as f:
        json.dump(table, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
