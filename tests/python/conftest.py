"""Shared fixtures: a running `carrefour demo` and its dump."""

import os
import pathlib
import subprocess
import threading
import urllib.request

import pytest
import rdflib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("CARREFOUR_BIN", str(ROOT / "target" / "debug" / "carrefour"))


def start(args):
    """Runs `carrefour ARGS` (a serving command with `--bind 127.0.0.1:0`)
    until it logs where it serves; returns (base URL, process)."""
    process = subprocess.Popen(
        [BIN, *args],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "RUST_LOG": "info", "NO_COLOR": "1"},
    )
    seen = []
    url = None
    for line in process.stderr:
        seen.append(line)
        if "serving: http://" in line:
            url = "http://" + line.split("serving: http://")[1].split("/")[0]
            break
    if url is None:
        process.kill()
        pytest.fail(f"carrefour {args[0]} did not start:\n" + "".join(seen))
    # Keep reading the log (one line per request) so the pipe never fills
    # and blocks the server.
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
    return url, process


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """Runs `carrefour demo` on a free port; yields (base URL, data dir)."""
    data = tmp_path_factory.mktemp("data")
    url, process = start(["demo", "--data", str(data), "--bind", "127.0.0.1:0"])
    yield url, data
    process.terminate()
    process.wait(timeout=30)


def dump_of(data):
    """The store in `data`, dumped by `carrefour dump` as TriG, parsed by rdflib."""
    trig = subprocess.run(
        [BIN, "dump", "--data", str(data), "--format", "trig"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout
    dataset = rdflib.Dataset()
    dataset.parse(data=trig, format="trig")
    return dataset


@pytest.fixture(scope="session")
def dump(demo):
    """The demo store, dumped and parsed."""
    _, data = demo
    return dump_of(data)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()
