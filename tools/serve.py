#!/usr/bin/env python3
"""Serves the built site (dist/, made by `make build`) on 127.0.0.1, as a real host would.

Why not `python3 -m http.server`:
- `.wasm` must come as application/wasm, or the browser cannot compile the module while it
  downloads (WebAssembly.instantiateStreaming);
- the brotli or gzip file made at build time is sent when the browser accepts it, with
  `Content-Encoding`, so the page downloads what a learner's browser would download;
- content-hashed names (app.3f9c1a2b4d.js) never change, so they are cached for a year; the page
  itself is revalidated on every visit, so a rebuild shows at once;
- a Content-Security-Policy forbids inline script and any remote origin, so a regression that
  loads something from the internet fails in tests; its frame-ancestors lets other pages embed
  the sandbox (FRAME_ANCESTORS narrows it).
Only dist/ is served; the rest of the checkout is not exposed.
"""
import argparse
import http.server
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = os.path.join(ROOT, "dist")

CSP = "; ".join([
    "default-src 'self'",
    # WebAssembly compilation needs 'wasm-unsafe-eval'; no inline or remote script.
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    # Documentation sites embed scenarios in iframes (embed=1): any page may frame the sandbox,
    # unless FRAME_ANCESTORS names the ones that may ("'self' https://docs.example.com").
    "frame-ancestors " + os.environ.get("FRAME_ANCESTORS", "*"),
])

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
# The suffix bundle.mjs gives every asset: a dot and 10 hex digits of its SHA-256.
HASHED = re.compile(r"\.[0-9a-f]{10}\.[a-z]+$")
YEAR = 365 * 24 * 3600
# Best first: brotli is about a fifth smaller than gzip on the wasm.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header):
    """The content codings an Accept-Encoding header allows (those with q=0 are refused)."""
    accepted = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = re.search(r"q\s*=\s*([0-9.]+)", params)
        if name and not (q and float(q.group(1)) == 0):
            accepted.add(name.strip().lower())
    return accepted


def resolve(url_path):
    """The file under dist/ for a request path, or None (outside the site, a folder, missing)."""
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    if path == "/":
        path = "/index.html"
    if ".." in path or path.endswith((".br", ".gz")):
        return None
    file = os.path.join(SITE, path.lstrip("/"))
    return file if os.path.isfile(file) else None


class Handler(http.server.BaseHTTPRequestHandler):
    # Keep-alive, as a real host: the page's eight files come over a few connections.
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.respond(send_body=True)

    def do_HEAD(self):
        self.respond(send_body=False)

    def respond(self, send_body):
        file = resolve(self.path)
        if file is None:
            self.send_error(404, "Not Found")
            return
        encoding, body_file = None, file
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        for name, suffix in ENCODINGS:
            if name in accepted and os.path.isfile(file + suffix):
                encoding, body_file = name, file + suffix
                break
        with open(body_file, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(os.path.splitext(file)[1], "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        if HASHED.search(file):
            self.send_header("Cache-Control", f"public, max-age={YEAR}, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    p.add_argument("--host", default="127.0.0.1")
    a = p.parse_args()
    if not os.path.exists(os.path.join(SITE, "index.html")):
        sys.exit("dist/ is missing: build it first with `make build`.")
    server = http.server.ThreadingHTTPServer((a.host, a.port), Handler)
    print(f"Data Sandbox is running at http://{a.host}:{a.port}/  (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
