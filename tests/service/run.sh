#!/usr/bin/env bash
# make test-service: poh-service's own checks, nothing skipped.
#   1. cargo test -p poh-service (unit tests: JWT refusal paths, config, templates, card;
#      integration tests: the real server on 127.0.0.1:0 with a fixture FHIR server)
#   2. the binary, then pytest tests/service from the repo's .venv: an
#      independent CDS client (its own ES384 key), the loopback FHIR fixture server, the
#      assessment page in headless chromium (screenshot and DOM checked), SIGTERM.
# POH_SHARED: the shared reference folder (default ../shared beside the repository).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
step() { printf '\n== service: %s\n' "$*"; }

step "cargo test -p poh-service"
cargo test -q -p poh-service

# The debug binary: its dependencies are built by the step above (the release profile's
# LTO build takes minutes on two cores; bench/service.sh uses it).
step "cargo build -p poh-service"
cargo build -q -p poh-service

if [ ! -x "$PY" ]; then
    step "creating $VENV"
    python3 -m venv "$VENV"
fi
step "test requirements"
"$PY" -m pip install -q -r tests/service/requirements.txt

step "pytest tests/service"
mkdir -p target/service-test
POH_SERVICE_BIN="${POH_SERVICE_BIN:-$ROOT/target/debug/poh-service}" \
    "$PY" -m pytest -q -p no:cacheprovider --rootdir tests/service tests/service
