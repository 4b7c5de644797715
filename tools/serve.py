#!/usr/bin/env python3
"""Serves the sandbox as static files on 127.0.0.1.

Why not `python3 -m http.server`: the page needs `.wasm` served as application/wasm (for
streaming compilation) and a Content-Security-Policy that forbids inline script and any
remote origin, so a regression that loads something from the internet fails in tests.
Only the page, public/ and style/ are served; the rest of the checkout is not exposed.
"""
import argparse
import http.server
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED = ("/index.html", "/public/", "/style/")

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
])


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".json": "application/json",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            self.path = "/index.html"
        elif not path.startswith(ALLOWED) or ".." in path:
            self.send_error(404, "Not Found")
            return
        super().do_GET()

    def do_HEAD(self):
        self.do_GET()

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        # Always fresh during development: a rebuilt module must not be mixed with a cached one.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    p.add_argument("--host", default="127.0.0.1")
    a = p.parse_args()
    if not os.path.exists(os.path.join(ROOT, "public", "pkg", "app_bg.wasm")):
        sys.exit("public/pkg is missing: build it first with `make build`.")
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
