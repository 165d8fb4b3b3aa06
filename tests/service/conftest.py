"""Fixtures for the poh-service end-to-end tests: an ES384 key made here, its JWK Set, a
FHIR fixture server on loopback, and the built poh-service binary started on a free
loopback port with a configuration naming both, stopped with SIGTERM at the end."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from fhir_fixture_server import FixtureServer

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("POH_SERVICE_BIN", ROOT / "target" / "release" / "poh-service"))
ISS = "https://ehr.test.invalid/"
KID = "test-es384"
FHIR_TOKEN = "fixture-fhir-access-token-" + uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, proc: subprocess.Popen, base: str, key, fhir: FixtureServer, stderr: Path):
        self.proc = proc
        self.base = base
        self.key = key
        self.fhir = fhir
        self.stderr = stderr

    def token(self, path: str = "/cds-services/poh-patient-view", **over) -> str:
        now = int(time.time())
        claims = {"iss": ISS, "aud": self.base + path, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4())}
        claims.update(over)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.key, algorithm="ES384", headers={"kid": KID, "typ": "JWT"})


@pytest.fixture(scope="session")
def fhir():
    with FixtureServer(FHIR_TOKEN) as s:
        yield s


@pytest.fixture(scope="session")
def service(tmp_path_factory, fhir):
    assert BIN.exists(), f"{BIN} is not built (make test-service builds it)"
    d = tmp_path_factory.mktemp("service")
    key = ec.generate_private_key(ec.SECP384R1())
    jwk = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": KID, "alg": "ES384", "use": "sig"})
    (d / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (d / "service.toml").write_text(
        f'public_url = "{base}"\n'
        f'fhir_servers = ["{fhir.base("fhir")}", "{fhir.base("hang")}", "{fhir.base("error")}"]\n'
        "[limits]\nbody_bytes = 1048576\nfhir_timeout_ms = 1500\n"
        f'[[issuer]]\niss = "{ISS}"\njwks_file = "jwks.json"\n'
    )
    err = d / "stderr.log"
    with open(err, "wb") as ef:
        proc = subprocess.Popen(
            [str(BIN), "--listen", f"127.0.0.1:{port}", "--config", str(d / "service.toml")],
            stdout=subprocess.PIPE,
            stderr=ef,
        )
    line = proc.stdout.readline().decode()
    assert line.startswith("listening on"), (line, err.read_text())
    svc = Service(proc, base, key, fhir, err)
    yield svc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
