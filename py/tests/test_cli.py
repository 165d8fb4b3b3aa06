"""The command line: python -m poh."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import poh
from conftest import CASES, PHENOPACKETS, ROOT, load


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "poh", *args], capture_output=True, text=True, input=stdin, cwd=ROOT
    )


def test_report_of_a_case_file():
    r = run("evaluate", "tests/cases/c1_miller1996_girl.json")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("== c1_miller1996_girl\nPOH criteria: MET (provisional)")


def test_json_is_the_rust_output(rust_json):
    r = run("evaluate", "--json", *[str(p) for p in CASES[:5]])
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [rust_json[p.stem] for p in CASES[:5]]


def test_plain_findings_and_stdin():
    doc = json.dumps(load(CASES[0])["input"])
    r = run("evaluate", "--json", "-", stdin=doc)
    assert r.returncode == 0 and r.stdout.strip() == poh.evaluate(doc).to_json()


def test_phenopacket():
    r = run("evaluate", "--phenopacket", "--json", str(PHENOPACKETS[0]))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == poh.evaluate_phenopacket(PHENOPACKETS[0].read_text()).to_json()


def test_directory_batch_with_summary():
    r = run("evaluate", "--summary", "tests/cases")
    assert r.returncode == 0, r.stderr
    header, *lines = r.stdout.splitlines()
    assert header == "input\tverdict\tprovisional\tcriteria\tleader"
    assert len(lines) == len(CASES)
    assert lines[0].split("\t")[0].endswith(CASES[0].name)
    assert all(len(line.split("\t")) == 5 for line in lines)
    assert f"{len(CASES)} inputs: {len(CASES)} evaluated" in r.stderr


def test_jsonl_with_a_rejected_line(tmp_path: Path):
    f = tmp_path / "cohort.jsonl"
    f.write_text('{"sex": "female"}\n\n{"sex": "f"}\n{"age_months": 24}\n')
    r = run("evaluate", "--json", str(f))
    assert r.returncode == 1
    assert len(r.stdout.splitlines()) == 2
    assert f"{f}:3: error 112 (unknown_value)" in r.stderr


def test_progress_bar(tmp_path: Path):
    f = tmp_path / "many.jsonl"
    f.write_text('{"sex": "female"}\n' * 600)
    r = run("evaluate", "--summary", "--progress", str(f))
    assert r.returncode == 0
    assert "600/600" in r.stderr
    quiet = run("evaluate", "--summary", str(f))  # not a terminal: no bar
    assert "600/600" not in quiet.stderr


def test_malformed_file_is_a_rejected_input(tmp_path: Path):
    f = tmp_path / "bad.json"
    f.write_text('{"sex": ')
    r = run("evaluate", str(f))
    assert r.returncode == 1 and "error 113 (truncated_input)" in r.stderr


@pytest.mark.parametrize("args", [[], ["evaluate"], ["evaluate", "no/such/file.json"], ["frobnicate"],
                                  ["evaluate", "--json", "--summary", "tests/cases"],
                                  ["evaluate", "--date", "2024-06-01", "tests/cases"],
                                  ["evaluate", "--fhir", "--date", "01/06/2024", "tests/fhir/poh_like.json"]])
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_help_exits_0_and_names_the_input_kinds():
    for args in (["--help"], ["-h"], ["evaluate", "--help"]):
        r = run(*args)
        assert r.returncode == 0 and "--phenopacket" in r.stdout and "--fhir" in r.stdout, args


def test_evaluate_is_the_default_subcommand():
    case = "tests/cases/c1_miller1996_girl.json"
    assert run("--json", case).stdout == run("evaluate", "--json", case).stdout != ""


FHIR = "tests/fhir/poh_like.json"
SAME_AS_RUST = [
    ["--version"],
    ["version"],
    ["evaluate", "--summary", "tests/cases"],
    ["tests/cases/c1_miller1996_girl.json", "tests/cases/typical_fop.json"],
    ["--json", "tests/cases/c1_miller1996_girl.json"],
    ["evaluate", "--phenopacket", "--summary", "tests/phenopackets"],
    ["evaluate", "--fhir", "--date", "2024-06-01", FHIR],
    ["evaluate", "--fhir", "--json", "--date", "2024-06-01", FHIR],
    ["evaluate", "--fhir", "--summary", "--date", "2024-06-01", FHIR],
    ["label", "HP:0001156", "HP:9999999"],
    ["evaluate", "--summary", "no/such/file.json"],
    ["evaluate", "--questionnaire", "tests/questionnaire/toddler_skin_lumps.json"],
]


@pytest.mark.parametrize("args", SAME_AS_RUST, ids=" ".join)
def test_one_surface_with_the_rust_command_line(args, poh_cli):
    """`python -m poh ARGS` prints what `poh ARGS` prints and exits the same."""
    py = run(*args)
    rs = subprocess.run([str(poh_cli), *args], capture_output=True, text=True, cwd=ROOT)
    assert (py.returncode, py.stdout) == (rs.returncode, rs.stdout), (py.stderr, rs.stderr)


def test_version_and_label():
    r = run("version")
    assert r.returncode == 0 and poh.__version__ in r.stdout and poh.KB_VERSION in r.stdout
    r = run("label", "HP:0001156", "HP:9999999")
    assert r.returncode == 1
    assert r.stdout == "HP:0001156\tBrachydactyly\n" and "error 200" in r.stderr
