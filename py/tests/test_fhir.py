"""poh.evaluate_fhir: the FHIR charts of tests/fhir/, read by the Rust reader (poh-fhir)
and evaluated by the core; the same bytes as `poh --json --fhir`."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest

import poh
from conftest import ROOT

CHARTS = ROOT / "tests" / "fhir"


def chart(name: str) -> dict:
    return json.loads((CHARTS / name).read_text())


def test_poh_like_chart() -> None:
    r = poh.evaluate_fhir(chart("poh_like.json"), date="2024-06-01")
    assert r.findings["age_months"] == 60
    assert [p["id"] for p in r.findings["phenotypes"]] == ["HP:0025027", "HP:0011987", "HP:0011986", "HP:0001156"]
    assert r.findings["labs"] == {"pth": "normal", "calcium": "normal", "tsh": "normal"}
    assert [u["code"] for u in r.unmapped] == ["237836003"]
    assert r.recorded_diagnoses == []
    assert {d["resource"] for d in r.dropped} == {"Condition/maybe-round-face", "Condition/typo", "Observation/phos"}
    assert r.assessment.differential[0]["id"] in {"OMIM:166350", "POHKB:OTHER"}
    assert "FhirEvaluation(verdict=" in repr(r)


def test_recorded_diagnosis_is_shown_and_never_evidence() -> None:
    c = chart("php1a_like_prefetch.json")
    with_dx = poh.evaluate_fhir(c, date=datetime.date(2024, 6, 1))
    assert [d["code"] for d in with_dx.recorded_diagnoses] == ["E20.1", "58976002"]
    c["conditions"]["entry"] = [e for e in c["conditions"]["entry"] if e["resource"]["id"] != "dx"]
    without = poh.evaluate_fhir(c, date="2024-06-01")
    assert without.findings == with_dx.findings
    assert without.assessment.to_json() == with_dx.assessment.to_json()


def test_the_findings_read_evaluate_the_same_through_poh_evaluate() -> None:
    r = poh.evaluate_fhir((CHARTS / "unrelated.json").read_text(), date="2024-06-01")
    assert poh.evaluate(r.findings).to_json() == r.assessment.to_json()


def test_same_bytes_as_the_cli() -> None:
    out = subprocess.run(
        ["cargo", "run", "-q", "-p", "poh-cli", "--", "--json", "--fhir", str(CHARTS / "php1a_like_prefetch.json"),
         "--date", "2024-06-01"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    r = poh.evaluate_fhir((CHARTS / "php1a_like_prefetch.json").read_bytes(), date="2024-06-01")
    assert json.loads(out) == r.to_dict()


def test_reading_errors() -> None:
    with pytest.raises(poh.FhirError) as e:
        poh.evaluate_fhir((CHARTS / "bad" / "two_patients.json").read_text(), date="2024-06-01")
    assert (e.value.code, e.value.kind, e.value.path) == (705, "several_patients", "$.other")
    assert isinstance(e.value, poh.PohError)
    with pytest.raises(poh.FhirError) as e:
        poh.evaluate_fhir("[1]", date="2024-06-01")
    assert e.value.code == 701
    with pytest.raises(poh.FhirError) as e:
        poh.evaluate_fhir(chart("poh_like.json"), date="2024-6-1")
    assert (e.value.kind, e.value.path) == ("invalid_date", "date")
    with pytest.raises(poh.InputError):
        poh.evaluate_fhir(42, date="2024-06-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        poh.evaluate_fhir(chart("poh_like.json"), date=datetime.datetime(2024, 6, 1))
    with pytest.raises(TypeError):
        poh.evaluate_fhir(chart("poh_like.json"))  # type: ignore[call-arg]
