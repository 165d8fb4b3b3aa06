"""An independent CDS client against the real poh-service binary: discovery, prefetch
built from the discovery templates against the loopback FHIR fixture server, tokens
signed here, and every refusal path. The spec's own example requests (shared copy of
CDS Hooks 2.0, current.md) are used where they apply."""

from __future__ import annotations

from http.client import HTTPConnection
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import FHIR_TOKEN

ROOT = Path(__file__).resolve().parents[2]
# The shared reference copy of CDS Hooks 2.0 lies beside the repository (../shared), as
# on CI; POH_SHARED names it elsewhere (a worktree).
SHARED = Path(os.environ.get("POH_SHARED", ROOT.parent / "shared"))
SPEC = SHARED / "reference" / "cds-hooks" / "current.md"
SERVICE = "/cds-services/poh-patient-view"


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 20):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def post(svc, body, token: str | None = "auto", path: str = SERVICE, content_type="application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type} if content_type else {}
    if token == "auto":
        token = svc.token(path)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return http("POST", svc.base + path, data, headers)


def discovery(svc) -> dict:
    st, _, body = http("GET", svc.base + "/cds-services")
    assert st == 200
    return json.loads(body)


def prefetch_from_templates(svc, patient_id: str) -> dict:
    """What a CDS client does: fill each template from the context and run it."""
    entry = discovery(svc)["services"][0]
    out = {}
    for key, template in entry["prefetch"].items():
        rel = template.replace("{{context.patientId}}", patient_id)
        st, _, body = http(
            "GET", svc.fhir.base("fhir") + "/" + rel, headers={"Authorization": f"Bearer {FHIR_TOKEN}"}
        )
        assert st == 200, (key, rel, st)
        res = json.loads(body)
        # The spec: a key whose query found no data is null.
        out[key] = None if res.get("resourceType") == "Bundle" and not res.get("entry") else res
    return out


def request(patient_id: str, prefetch: dict | None = None, **extra) -> dict:
    r = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/example", "patientId": patient_id},
    }
    if prefetch is not None:
        r["prefetch"] = prefetch
    r.update(extra)
    return r


def fhir_auth(svc, base="fhir") -> dict:
    return {
        "fhirServer": svc.fhir.base(base),
        "fhirAuthorization": {
            "access_token": FHIR_TOKEN,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "user/Patient.read user/Condition.read user/Observation.read",
            "subject": "poh-service",
        },
    }


def spec_json_blocks() -> list:
    """The JSON code blocks of the spec, `//` comments removed, that parse."""
    assert SPEC.exists(), f"{SPEC} not found (set POH_SHARED to the shared folder)"
    out = []
    for block in re.findall(r"```json\n(.*?)```", SPEC.read_text(), flags=re.S):
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith(("POST ", "//"))]
        text = re.sub(r"\s//[^\n\"]*$", "", "\n".join(lines), flags=re.M)
        try:
            out.append(json.loads(text))
        except json.JSONDecodeError:
            pass
    return out


def test_discovery_lists_the_service_with_templates(service):
    d = discovery(service)
    (s,) = d["services"]
    assert (s["id"], s["hook"]) == ("poh-patient-view", "patient-view")
    assert s["title"] and s["description"]
    assert s["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert all("{{context.patientId}}" in t for t in s["prefetch"].values())
    assert any("http://loinc.org|2731-8" in t for t in s["prefetch"].values())


def test_a_poh_like_chart_gives_one_card_with_a_working_link(service):
    pre = prefetch_from_templates(service, "poh-like-1")
    st, _, body = post(service, request("poh-like-1", pre))
    assert st == 200, body
    (card,) = json.loads(body)["cards"]
    assert card["indicator"] in ("info", "warning")
    assert len(card["summary"]) < 140
    assert "not a diagnosis" in card["summary"]
    assert "Based on" in card["detail"] and "Next steps" in card["detail"]
    assert card["source"]["label"] and card["source"]["url"].startswith(service.base)
    assert all(r["display"] for r in card["overrideReasons"])
    (link,) = card["links"]
    assert link["type"] == "absolute" and "appContext" not in link
    # The link holds a random token only: no patient id in it.
    assert "poh-like-1" not in link["url"]
    st, headers, page = http("GET", link["url"])
    assert st == 200 and headers["content-type"].startswith("text/html")
    html = page.decode()
    for section in ("criteria", "differential", "explanation", "next-steps", "based-on", "references"):
        assert f'id="{section}"' in html
    assert "OTHER" in html and "Decision support, not a diagnosis" in html
    st, _, page = http("GET", link["url"] + "?counseling=1")
    # No GNAS result in the chart (the FHIR reader reads none): the counseling section says
    # the chance for a child cannot be given until the variant status is known.
    assert st == 200 and 'id="counseling"' in page.decode() and "cannot be given" in page.decode()


def test_an_unrelated_chart_gives_no_card(service):
    pre = prefetch_from_templates(service, "unrelated-1")
    st, _, body = post(service, request("unrelated-1", pre))
    assert st == 200 and json.loads(body) == {"cards": []}


def test_bad_tokens_get_401_with_no_detail(service):
    body = request("unrelated-1", prefetch_from_templates(service, "unrelated-1"))
    t = service.token()
    head, payload, sig = t.split(".")
    tampered = f"{head}.{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{sig}"
    for token in (tampered, None, "", service.token(aud=service.base + "/cds-services"),
                  service.token(exp=int(time.time()) - 120), service.token(iss="https://other.invalid/"),
                  service.token(jti=None)):
        st, _, b = post(service, body, token=token)
        assert (st, b) == (401, b""), token
    t = service.token()
    assert post(service, body, token=t)[0] == 200
    assert post(service, body, token=t)[:3:2] == (401, b"")  # replayed jti


def test_no_prefetch_and_no_fhir_server_is_412(service):
    st, _, body = post(service, request("poh-like-1"))
    assert st == 412
    assert json.loads(body)["resourceType"] == "OperationOutcome"


def test_no_prefetch_with_a_fhir_server_fetches_it(service):
    before = len(service.fhir.requests)
    st, _, body = post(service, request("poh-like-1", **fhir_auth(service)))
    assert st == 200, body
    assert len(json.loads(body)["cards"]) == 1
    assert len(service.fhir.requests) > before
    # A partial prefetch: only the missing keys are fetched.
    pre = prefetch_from_templates(service, "unrelated-1")
    del pre["conditions"]
    st, _, body = post(service, request("unrelated-1", pre, **fhir_auth(service)))
    assert (st, json.loads(body)) == (200, {"cards": []})


def test_a_hanging_or_failing_fhir_server_gets_a_timely_error_status(service):
    t0 = time.monotonic()
    st, _, body = post(service, request("poh-like-1", **fhir_auth(service, "hang")))
    assert st == 504, body
    assert time.monotonic() - t0 < 8  # the service's own 1.5 s budget, not the server's 8 s
    st, _, body = post(service, request("poh-like-1", **fhir_auth(service, "error")))
    assert st == 502, body
    # A server the configuration does not list is never called: 412.
    r = request("poh-like-1", **fhir_auth(service))
    r["fhirServer"] = "http://127.0.0.2:9/fhir"
    assert post(service, r)[0] == 412


def test_bad_requests_get_their_statuses(service):
    assert post(service, b"{not json")[0] == 400
    r = request("x", {})
    r["hook"] = "order-select"
    st, _, body = post(service, r)
    assert st == 400 and json.loads(body)["issue"][0]["details"]["coding"][0]["code"] == "wrong_hook"
    assert post(service, b'{"hook": "patient-view"}')[0] == 400
    assert post(service, request("x", {}), content_type="text/plain")[0] == 415
    # Over the 1 MiB limit: refused from its Content-Length, before the body is read (the
    # service then closes the connection, so the body is not sent at all here).
    conn = HTTPConnection(service.base.removeprefix("http://"), timeout=20)
    conn.putrequest("POST", SERVICE)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Authorization", f"Bearer {service.token()}")
    conn.putheader("Content-Length", str(2 << 20))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()
    # The prefetched Patient must be the patient in context.
    pre = prefetch_from_templates(service, "unrelated-1")
    assert post(service, request("poh-like-1", pre))[0] == 400


def test_the_spec_example_requests(service):
    blocks = spec_json_blocks()
    calls = [b for b in blocks if isinstance(b, dict) and b.get("hookInstance")]
    assert calls, "the spec's example requests were not found"
    for call in calls:
        st, _, body = post(service, call)
        if call.get("hook") != "patient-view":
            assert st == 400
        else:
            # Its prefetch key is the spec's own (patientToGreet), its fhirServer is not
            # allowed here: the service cannot get its data, as the spec says, 412.
            assert st in (400, 412), (st, body)
    feedback = [b for b in blocks if isinstance(b, dict) and "feedback" in b]
    assert len(feedback) >= 2
    for fb in feedback:
        path = SERVICE + "/feedback"
        st, _, body = post(service, fb, token=service.token(path), path=path)
        assert st == 200, body
    path = SERVICE + "/feedback"
    assert post(service, {"feedback": [{"card": "x"}]}, token=service.token(path), path=path)[0] == 400
    assert post(service, feedback[0], token=service.token(), path=path)[0] == 401  # aud of the service
    st, _, body = http("GET", service.base + "/healthz")
    assert st == 200 and json.loads(body)["feedback"]["overridden"] >= 1


def test_zz_still_up_then_sigterm_exits_cleanly(service):
    st, _, body = http("GET", service.base + "/healthz")
    assert st == 200 and json.loads(body)["status"] == "ok"
    assert service.proc.poll() is None
    service.proc.send_signal(signal.SIGTERM)
    assert service.proc.wait(timeout=15) == 0
    assert "SIGTERM" in service.stderr.read_text()
    assert FHIR_TOKEN not in service.stderr.read_text()  # the access token is never logged
