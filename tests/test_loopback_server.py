"""The loopback test server's own count of requests in flight, which politeness and limit
tests read: a request counts from its arrival until its answer starts."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler

import requests

from tests.server import Loopback, respond


def test_a_request_answered_no_longer_counts_while_its_handler_lingers() -> None:
    """Once a request's answer is written the client may send its next one: a handler still
    returning (here, lingering 0.5 s) must not make two sequential requests count as two in
    flight."""

    def linger(h: BaseHTTPRequestHandler) -> None:
        respond(h, 200, b"ok")
        time.sleep(0.5)

    with Loopback() as server:
        server.routes["/linger"] = linger
        server.routes["/next"] = lambda h: respond(h, 200, b"ok")
        assert requests.get(server.url("/linger"), timeout=5).text == "ok"
        assert requests.get(server.url("/next"), timeout=5).text == "ok"
        assert len(server.log) == 2
        assert server.max_in_flight == 1


def test_requests_waiting_for_their_answers_together_count_together() -> None:
    """Three requests whose answers are all held back 0.3 s count three in flight."""
    started = threading.Barrier(3)

    def held(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.3)
        respond(h, 200, b"ok")

    def get(path: str) -> None:
        started.wait(5)
        requests.get(server.url(path), timeout=5)

    with Loopback() as server:
        for n in range(3):
            server.routes[f"/held/{n}"] = held
        threads = [threading.Thread(target=get, args=(f"/held/{n}",)) for n in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(server.log) == 3
        assert server.max_in_flight == 3
        assert server.in_flight == 0
