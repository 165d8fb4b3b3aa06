"""Shared fixtures: the repository root, the golden cases, and the Rust command line's
output for them (the reference the Python binding must match byte for byte)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest


def _repo_root() -> Path:
    """The workspace root: the nearest ancestor of this file (or of $POH_REPO) with the
    golden cases and a Cargo workspace manifest."""
    start = Path(os.environ.get("POH_REPO", Path(__file__).resolve()))
    for d in [start, *start.parents]:
        if (d / "tests" / "cases").is_dir() and (d / "Cargo.toml").is_file():
            if "[workspace]" in (d / "Cargo.toml").read_text():
                return d
    raise RuntimeError(f"cannot find the poh repository above {start}; set POH_REPO")


ROOT = _repo_root()
CASES = sorted((ROOT / "tests" / "cases").glob("*.json"))
PHENOPACKETS = sorted((ROOT / "tests" / "phenopackets").glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rust_json() -> Dict[str, str]:
    """{case file stem: assessment JSON printed by the Rust CLI}. One CLI run for all
    cases. $POH_CLI may name a prebuilt `poh` binary; otherwise cargo builds and runs it."""
    files: List[str] = [str(p) for p in CASES]
    cli = os.environ.get("POH_CLI")
    if cli:
        cmd = [cli, "--json", *files]
    else:
        cargo = shutil.which("cargo")
        if cargo is None:
            pytest.fail("cargo is not on PATH and $POH_CLI is not set: cannot produce the Rust reference")
        cmd = [cargo, "run", "-q", "-p", "poh-cli", "--", "--json", *files]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"{cmd[:5]} failed:\n{r.stderr}"
    lines = r.stdout.splitlines()
    assert len(lines) == len(files), "the Rust CLI printed one line per case"
    return {Path(f).stem: line for f, line in zip(files, lines)}


@pytest.fixture(scope="session")
def poh_cli() -> Path:
    """The Rust command line: $POH_CLI, or built by cargo (debug) and found in the
    workspace's target directory."""
    cli = os.environ.get("POH_CLI")
    if cli:
        return Path(cli).resolve()
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.fail("cargo is not on PATH and $POH_CLI is not set: cannot build the Rust command line")
    r = subprocess.run([cargo, "build", "-q", "-p", "poh-cli", "--message-format=json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    for line in r.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") and \
                msg["target"]["name"] == "poh":
            return Path(msg["executable"])
    pytest.fail("cargo built no `poh` executable")
