#!/usr/bin/env python3
"""Serve generated partner sites over loopback HTTP, one port per site.

    serve_sites.py DIR:PORT [DIR:PORT ...]

Each DIR is the root of one origin, laid out by the mirror rule of
tests/fixtures/sites/generate.py (`url_to_file`) and src/harvest/mirror.rs:
a path ending in `/` or whose last segment has no dot is a directory
(`index.html` appended); the query string, parameters sorted by name, is
part of the file name; the fragment never reaches the server. The media
type comes from the extension before the `?`, as the mirror reads it.

Both harvesters of bench/peers fetch from this one server, so whatever it
costs is the same for both. HTTP/1.1 with Content-Length, so connections are
kept alive; one thread per connection (the harvesters open few).

On SIGTERM it prints what it served (`served 6120 requests: 200 6114, 404 6`)
and exits: the pages fetched, counted by neither harvester.
"""

import collections
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "sites"))
from generate import url_to_file as mirror_file  # noqa: E402  (the one mirror rule)

MEDIA_TYPES = {
    "html": "text/html", "htm": "text/html", "php": "text/html",
    "json": "application/json", "xml": "application/xml", "txt": "text/plain",
    "css": "text/css", "js": "text/javascript", "png": "image/png",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "pdf": "application/pdf",
}


def url_to_file(root, target):
    """The mirror rule (generate.py's own `url_to_file`), for a request target."""
    full = os.path.normpath(mirror_file(root, target))
    # Never outside the site (a `..` in a crafted URL).
    return full if full.startswith(root + os.sep) else None


def media_type(file):
    name = os.path.basename(file).split("?", 1)[0]
    ext = name.rsplit(".", 1)[1].lower() if "." in name else "html"
    # No charset parameter: a mirror has none either, so the pages' own
    # declarations (ISO-8859-1 in a <meta> for SPIP) decide for both harvesters.
    return MEDIA_TYPES.get(ext, "application/octet-stream")


SERVED = collections.Counter()
SERVED_LOCK = threading.Lock()


def handler_for(root):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real site would

        def do_GET(self):
            self.answer(send_body=True)

        def do_HEAD(self):
            self.answer(send_body=False)

        def answer(self, send_body):
            file = url_to_file(root, self.path)
            try:
                with open(file, "rb") as f:
                    body = f.read()
                status, kind = 200, media_type(file)
            except (OSError, TypeError):
                body, status, kind = b"not found\n", 404, "text/plain"
            with SERVED_LOCK:
                SERVED[status] += 1
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, *args):  # one line per request would cost more than the answer
            pass

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main(args):
    if not args:
        sys.exit(__doc__)
    servers = []
    for arg in args:
        root, port = arg.rsplit(":", 1)
        root = os.path.abspath(root)
        server = Server(("127.0.0.1", int(port)), handler_for(root))
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("serving " + " ".join(args), flush=True)

    def report(*_):
        with SERVED_LOCK:
            by_status = ", ".join(f"{k} {v}" for k, v in sorted(SERVED.items()))
            print(f"served {sum(SERVED.values())} requests: {by_status}", flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, report)
    signal.signal(signal.SIGINT, report)
    while True:
        signal.pause()


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        pass
