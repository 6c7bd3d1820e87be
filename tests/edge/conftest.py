"""A local HTTP endpoint that stands for an edge cache or a CDN's API: it records every request
it gets and answers with the status a test chooses."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeEdge:
    url: str
    requests: list[Recorded] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0  # seconds before answering

    def header_values(self, name: str) -> list[str]:
        return [r.headers[name] for r in self.requests if name in r.headers]


def _handler(edge: FakeEdge) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if edge.delay:
                time.sleep(edge.delay)
            edge.requests.append(Recorded(self.command, self.path, dict(self.headers), body))
            self.send_response(edge.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_PURGE = do_POST = do_BAN = _record

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def fake_edge():
    edge = FakeEdge(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(edge))
    server.daemon_threads = True
    edge.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield edge
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_backoff_between_tests():
    """A backend failing in one test is not skipped in the next."""
    from edge import purging

    purging._failing_until.clear()
    yield
    purging._failing_until.clear()


@pytest.fixture
def varnish_settings(settings, fake_edge):
    settings.EDGE_CACHE = {
        "varnish": {"BACKEND": "edge.backends.VarnishBackend", "LOCATIONS": [fake_edge.url]}
    }
    settings.EDGE_PURGE_TIMEOUT = 0.5
    return settings
