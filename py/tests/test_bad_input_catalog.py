"""The shared bad-input catalog (tests/bad-inputs/catalog.json) through the Python API:
every case is rejected with its expected code, and the exception's class is the family
of that code. The same catalog runs through Rust (cli/tests/bad_inputs.rs) and C
(tests/c/bad_inputs.c)."""

from __future__ import annotations

import json
import pathlib

import pytest

import poh
from poh import _core

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOG = json.loads((ROOT / "tests" / "bad-inputs" / "catalog.json").read_text())
FAMILY = {1: poh.InputError, 2: poh.KnowledgeError, 3: poh.CapacityError, 9: poh.InternalError}
ENTRY = {
    "findings": _core.evaluate_json,
    "phenopacket": _core.evaluate_phenopacket_json,
    "counsel": _core.counsel_json,
    "questionnaire": _core.questionnaire_step_json,
}


def case_bytes(case: dict) -> bytes:
    if "input" in case:
        return case["input"].encode("utf-8")
    if "input_hex" in case:
        return bytes.fromhex(case["input_hex"])
    r = case["input_repeat"]
    return (r["prefix"] + r["unit"] * r["count"] + r["suffix"]).encode("utf-8")


def test_catalog_is_large_enough() -> None:
    assert len(CATALOG["cases"]) >= 40


@pytest.mark.parametrize("case", CATALOG["cases"], ids=[c["name"] for c in CATALOG["cases"]])
def test_rejected_with_its_code(case: dict) -> None:
    with pytest.raises(poh.PohError) as info:
        ENTRY[case["api"]](case_bytes(case))
    assert info.value.code == case["expect_code"], (info.value.code, info.value.kind)
    assert isinstance(info.value, FAMILY[case["expect_code"] // 100])


def test_questionnaire_session_reaches_an_outcome() -> None:
    answers: dict[str, str] = {}
    # As tests/questionnaire/toddler_skin_lumps.json: a firm lump under the skin without
    # an ossification answer is a non-specific nodule, so the session ends see_doctor.
    replies = {"HP:0001482": "yes", "HP:0003593": "yes", "HP:0003676": "yes", "HP:0001376": "yes",
               "HP:0001156": "no"}
    for _ in range(30):
        step = poh.questionnaire_step(answers, age_months=18, sex="female")
        if step["next"] is None:
            break
        answers[step["next"]["id"]] = replies.get(step["next"]["id"], "dont_know")
    else:
        pytest.fail("the session did not stop")
    assert step["outcome"]["level"] == "see_doctor"
    assert "Firm lump under the skin" in step["outcome"]["reasons"]
