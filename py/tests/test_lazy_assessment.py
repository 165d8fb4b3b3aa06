"""The lazy assessment: `poh.evaluate` keeps the core's data and writes the assessment JSON
only when something needs it; the values read from the data are the JSON's."""

from __future__ import annotations

import json
import pickle

import pytest

import poh
from conftest import CASES, PHENOPACKETS, load

C1 = load(CASES[0])["input"]


def test_nothing_is_written_for_the_common_fields():
    a = poh.evaluate(C1)
    assert not a.is_rendered
    a.verdict, a.provisional, a.top_id
    a.criteria_verdicts(), a.ranking(), a.summary()
    repr(a)
    assert not a.is_rendered
    text = a.to_json()
    assert a.is_rendered and a.to_json() is text  # written once, then kept


@pytest.mark.parametrize("use", ["to_json", "to_dict", "criteria", "differential", "top", "report", "html", "pickle", "hash"])
def test_the_document_is_written_on_first_need(use):
    a = poh.evaluate(C1)
    {
        "to_json": lambda: a.to_json(),
        "to_dict": lambda: a.to_dict(),
        "criteria": lambda: a.criteria,
        "differential": lambda: a.differential,
        "top": lambda: a.top,
        "report": lambda: a.report(),
        "html": lambda: a._repr_html_(),
        "pickle": lambda: pickle.dumps(a),
        "hash": lambda: hash(a),
    }[use]()
    assert a.is_rendered


def test_batches_and_frames_write_nothing():
    many = poh.evaluate_many([load(p)["input"] for p in CASES])
    assert not any(a.is_rendered for a in many)
    pytest.importorskip("pandas")
    df = poh.assessments_frame(many)
    assert len(df) == len(many)
    assert not any(a.is_rendered for a in many)


def _both(a: poh.Assessment) -> tuple:
    """The assessment over the core's data, and the same read back from its JSON."""
    return a, poh.Assessment(a.to_json())


ALL = [("case", p) for p in CASES] + [("phenopacket", p) for p in PHENOPACKETS]


@pytest.mark.parametrize("kind, path", ALL, ids=lambda v: getattr(v, "stem", v))
def test_data_and_document_agree(kind, path):
    if kind == "case":
        a = poh.evaluate(load(path)["input"])
    else:
        a = poh.evaluate_phenopacket(load(path))
    assert not a.is_rendered
    native, doc = _both(a)
    assert native.verdict == doc.verdict
    assert native.provisional is doc.provisional
    assert native.criteria_verdicts() == doc.criteria_verdicts()
    assert list(native.criteria_verdicts()) == list(doc.criteria_verdicts())
    assert native.top_id == doc.top_id == doc.top["id"]
    assert native.ranking() == doc.ranking()
    assert native.summary() == doc.summary()
    assert list(native.summary()) == list(doc.summary())  # column order too
    assert repr(native) == repr(doc)
    assert native == doc and hash(native) == hash(doc)


def test_value_semantics_across_the_two_forms():
    a = poh.evaluate(C1)
    b = pickle.loads(pickle.dumps(a))
    assert b == a and b.to_json() == a.to_json()
    assert poh.Assessment.from_json(a.to_json()) == a
    assert json.loads(a.to_json()) == a.to_dict()
    assert a != poh.evaluate({})


def test_a_summary_is_a_fresh_dict():
    a = poh.evaluate(C1)
    s = a.summary()
    s["verdict"] = "edited"
    assert a.summary()["verdict"] == a.verdict != "edited"
