#!/usr/bin/env python3
"""How well the Scrapy spider's items match the generator's truth.

    check_items.py OUT/sites.json SITES items.jsonl [partner,...]

Prints one line: items matched to a project of expected.json (by source URL,
the loopback base read back as the real origin) and the share of the charter
fields (name, organisation, description, locality, postcode, région,
themes, stage, e-mail, telephone) equal to the truth, so the spider is known
to do the extraction work it is credited for, not only the fetching.
"""

import json
import os
import re
import sys
import unicodedata
from urllib.parse import urlsplit


def fold(value):
    if value is None:
        return None
    if isinstance(value, list):
        return sorted(filter(None, (fold(v) for v in value)))
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower() or None


def canonical(url):
    parts = urlsplit(url)
    query = "&".join(sorted(parts.query.split("&"), key=lambda kv: kv.split("=", 1)[0])) if parts.query else ""
    return parts._replace(query=query, fragment="").geturl()


def main(table_file, sites, items_file, partners=""):
    table = json.load(open(table_file))
    wanted = set(filter(None, partners.split(",")))
    truth = {}
    for site in table:
        if wanted and site["partner"] not in wanted:
            continue
        with open(os.path.join(sites, site["site"], "expected.json"), encoding="utf-8") as f:
            for project in json.load(f)["projects"]:
                truth[canonical(project["source"])] = project
    base_to_origin = {s["base"]: s["origin"] for s in table}
    matched = agree = total = 0
    for line in open(items_file, encoding="utf-8"):
        item = json.loads(line)
        source = item["source"]
        for base, origin in base_to_origin.items():
            if source.startswith(base):
                source = origin + source[len(base):]
        expected = truth.get(canonical(source))
        if not expected:
            continue
        matched += 1
        loc, exp_loc = item.get("place") or {}, expected.get("location") or {}
        contact, exp_contact = item.get("contact") or {}, expected.get("contact") or {}
        pairs = [
            (item["name"], expected["name"]),
            (item["organisation"]["name"], expected["organisation"]["name"]),
            (item["description"], expected["description"]),
            (loc.get("locality"), exp_loc.get("locality")),
            (loc.get("postal_code"), exp_loc.get("postal_code")),
            (loc.get("region"), exp_loc.get("region")),
            (item["themes"], expected["keywords"]),
            (item["stage"], expected["stage_label"]),
            (contact.get("email"), exp_contact.get("email")),
            (contact.get("telephone"), exp_contact.get("telephone")),
        ]
        total += len(pairs)
        agree += sum(fold(a) == fold(b) for a, b in pairs)
    print(f"{matched}/{len(truth)} projects, {100 * agree / max(total, 1):.1f} % of fields equal to the truth")


if __name__ == "__main__":
    main(*sys.argv[1:])
