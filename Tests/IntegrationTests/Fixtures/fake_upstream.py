#!/usr/bin/env python3
"""A stand-in for every service behind the gateway, for GatewayFaultTests: it plays auth (the JWKS), tenant (the
organisation's facts) and a back-end service, and can be SIGKILLed mid-answer. Standard library only.

Usage: fake_upstream.py --port PORT --fixtures DIR

DIR is what Benchmarks/reference/edge_fixture.py writes (jwks.json, tenant.json). Routes:
  GET /jwks.json, /.well-known/jwks.json      DIR/jwks.json
  GET /internal/v1/tenants/bench_shop         DIR/tenant.json
  GET /health, /v1/health                     {"status":"ok"}
  GET /v1/ping                                {"ok":true}; remembers the request's headers
  GET /v1/last-headers                        the headers /v1/ping last received, names lowercased
  GET /v1/stream?bytes=N&chunk=K&interval_ms=T
                                              200 with Content-Length N, then K bytes every T ms
It speaks HTTP/1.1 with keep-alive, prints `ready PORT` once listening, and exits when its standard input closes,
so it never outlives the test that started it.
"""
import argparse
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

last_headers = {}
last_headers_lock = threading.Lock()
# Never set: waiting on it paces the streamed answer.
pacing = threading.Event()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Head and body leave in separate writes; with Nagle on, the body would wait for the gateway's delayed ACK.
    disable_nagle_algorithm = True
    fixtures = "."

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def fixture(self, name):
        with open(os.path.join(self.fixtures, name), "rb") as file:
            self.answer(200, file.read())

    def do_GET(self):  # noqa: N802 - the base class's name
        url = urlsplit(self.path)
        path = url.path
        if path in ("/jwks.json", "/.well-known/jwks.json"):
            self.fixture("jwks.json")
        elif path == "/internal/v1/tenants/bench_shop":
            self.fixture("tenant.json")
        elif path in ("/health", "/v1/health"):
            self.answer(200, {"status": "ok"})
        elif path == "/v1/ping":
            with last_headers_lock:
                last_headers.clear()
                last_headers.update({name.lower(): value for name, value in self.headers.items()})
            self.answer(200, {"ok": True})
        elif path == "/v1/last-headers":
            with last_headers_lock:
                self.answer(200, dict(last_headers))
        elif path == "/v1/stream":
            self.stream(parse_qs(url.query))
        else:
            self.answer(404, {"type": "/problems/not-found", "title": "Not found", "status": 404})

    def stream(self, query):
        total = int(query.get("bytes", ["1000000"])[0])
        chunk = int(query.get("chunk", ["1024"])[0])
        interval = int(query.get("interval_ms", ["50"])[0]) / 1000
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        sent = 0
        try:
            while sent < total:
                size = min(chunk, total - sent)
                self.wfile.write(b"x" * size)
                self.wfile.flush()
                sent += size
                pacing.wait(interval)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def exit_when_stdin_closes():
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fixtures", required=True)
    arguments = parser.parse_args()
    Handler.fixtures = arguments.fixtures
    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
