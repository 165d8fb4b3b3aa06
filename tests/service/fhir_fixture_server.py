"""A tiny FHIR R4 server on loopback for the service tests: it serves the charts in
fixtures/ as a FHIR server would answer the discovery templates (a Patient read, a
Condition search, an Observation search by LOINC code, newest first, `_count`), checks
the bearer token, and has two broken bases: /hang (answers after HANG_SECONDS) and
/error (HTTP 500)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).with_name("fixtures")
HANG_SECONDS = 8.0


def load_charts() -> dict[str, dict]:
    charts = {}
    for f in sorted(FIXTURES.glob("*.json")):
        c = json.loads(f.read_text())
        charts[c["patient"]["id"]] = c
    return charts


def bundle(resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"resource": r} for r in resources],
    }


def answer(chart: dict, path: str, query: dict[str, list[str]]) -> dict | None:
    """The FHIR answer to a relative request, or None for 404."""
    if path.startswith("Patient/"):
        return chart["patient"] if path == f"Patient/{chart['patient']['id']}" else None
    if path == "Condition":
        return bundle(chart["conditions"])
    if path == "Observation":
        codes = set()
        for c in query.get("code", []):
            for one in c.split(","):
                codes.add(one.split("|")[-1])
        hits = [
            o
            for o in chart["observations"]
            if not codes or any(cd.get("code") in codes for cd in o["code"]["coding"])
        ]
        if query.get("_sort", [""])[0] == "-date":
            hits.sort(key=lambda o: o.get("effectiveDateTime", ""), reverse=True)
        if "_count" in query:
            hits = hits[: int(query["_count"][0])]
        return bundle(hits)
    return None


def patient_of(path: str, query: dict[str, list[str]]) -> str | None:
    if path.startswith("Patient/"):
        return path.split("/", 1)[1]
    return query.get("patient", [None])[0]


class FixtureServer:
    def __init__(self, token: str):
        self.token = token
        self.charts = load_charts()
        self.requests: list[str] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                u = urlsplit(self.path)
                with outer.lock:
                    outer.requests.append(u.path)
                parts = u.path.lstrip("/").split("/", 1)
                base, rest = parts[0], parts[1] if len(parts) > 1 else ""
                if base == "hang":
                    time.sleep(HANG_SECONDS)
                if base == "error":
                    return self.send(500, {"resourceType": "OperationOutcome", "issue": []})
                if self.headers.get("Authorization") != f"Bearer {outer.token}":
                    return self.send(401, {"resourceType": "OperationOutcome", "issue": []})
                q = parse_qs(u.query)
                chart = outer.charts.get(patient_of(rest, q) or "")
                res = answer(chart, rest, q) if chart else None
                if res is None:
                    return self.send(404, {"resourceType": "OperationOutcome", "issue": []})
                self.send(200, res)

            def send(self, status: int, body: dict):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/fhir+json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the service gave up on a hanging request, as it should

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def base(self, name: str = "fhir") -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
