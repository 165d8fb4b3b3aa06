"""Errors: every core code maps to its family with the core's code and kind, and bad
input is rejected with the exact code, whatever form it comes in."""

from __future__ import annotations

def _subset_ids(n):
    """n distinct terms of the knowledge base's HPO subset (core/data/hpo/terms.tsv)."""
    import pathlib

    tsv = pathlib.Path(__file__).resolve().parents[2] / "core/data/hpo/terms.tsv"
    ids = [line.split("\t")[0] for line in tsv.read_text().splitlines() if line.startswith("HP:")]
    return ids[100:100 + n]


import pickle
import re

import pytest

import poh
from poh import _core
from conftest import ROOT

FAMILY = {1: poh.InputError, 2: poh.KnowledgeError, 3: poh.CapacityError, 9: poh.InternalError}


def _core_errors_from_source():
    """(name, code, kind) parsed from core/src/error.rs: an independent reading of the
    error table, so a stale wheel or a mapping bug shows here."""
    src = (ROOT / "core" / "src" / "error.rs").read_text()
    found = re.findall(r"^\s*(\w+) = (\d+), \"(\w+)\",", src, flags=re.M)
    assert len(found) >= 20
    return [(n, int(c), k) for n, c, k in found]


def test_error_table_matches_core_source():
    src = [(c, k) for _, c, k in _core_errors_from_source()]
    assert [(c, k) for c, k, _ in poh.ERRORS] == src


@pytest.mark.parametrize("code, kind, message", _core.ERRORS, ids=lambda v: str(v))
def test_every_code_maps_to_its_family(code, kind, message):
    e = _core.error(code)
    assert type(e) is FAMILY[code // 100]
    assert isinstance(e, poh.PohError) and isinstance(e, Exception)
    assert (e.code, e.kind) == (code, kind)
    # The message is said once: the code and kind are attributes, not repeated in it.
    assert str(e) == message
    assert (e.path, e.offset, e.value, e.allowed, e.hint) == (None,) * 5
    # Errors survive pickling (multiprocessing) with their code and kind.
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is type(e) and (back.code, back.kind) == (code, kind)


def test_unknown_code_is_a_value_error():
    with pytest.raises(ValueError):
        _core.error(999)


def test_families_are_the_public_classes():
    assert poh.PohError.__module__ == "poh"
    for cls in FAMILY.values():
        assert issubclass(cls, poh.PohError)
        assert cls.__module__ == "poh"


def _phenotypes(n, **extra):
    return {"phenotypes": [{"id": f"HP:{1000000 + i:07d}", **extra} for i in range(n)]}


BAD_INPUT = [
    # (id, input, code)
    ("malformed_json", '{"sex" "female"}', 100),
    ("malformed_json_trailing_comma", '{"sex": "female",}', 100),
    ("wrong_type_age_string", {"age_months": "ten"}, 101),
    ("wrong_type_phenotypes_object", {"phenotypes": {"id": "HP:0001156"}}, 101),
    ("wrong_type_excluded_string", {"phenotypes": [{"id": "HP:0001156", "excluded": "yes"}]}, 101),
    ("wrong_type_top_level_array", "[]", 101),
    ("unknown_field", {"colour": "blue"}, 102),
    ("unknown_field_in_labs", {"labs": {"vitamin_d": "low"}}, 102),
    ("duplicate_field", '{"sex": "female", "sex": "male"}', 103),
    ("invalid_hpo_id", {"phenotypes": [{"id": "HP:12"}]}, 104),
    ("invalid_hpo_id_lowercase", {"phenotypes": [{"id": "hp:0001156"}]}, 104),
    (
        "present_and_excluded",
        {"phenotypes": [{"id": "HP:0001156"}, {"id": "HP:0001156", "excluded": True}]},
        105,
    ),
    (
        "contradictory_lab_and_term",
        {"labs": {"pth": "high"}, "phenotypes": [{"id": "HP:0003165", "excluded": True}]},
        106,
    ),
    ("out_of_range_age", {"age_months": 1801}, 107),
    ("out_of_range_negative", {"age_months": -1}, 107),
    ("too_deep", "[" * 20 + "]" * 20, 108),
    ("invalid_utf8", b'{"sex": "\xff"}', 109),
    ("trailing_characters", "{} x", 110),
    ("empty_input", "   ", 111),
    ("unknown_value_sex", {"sex": "f"}, 112),
    ("unknown_value_lab", {"labs": {"pth": "elevated"}}, 112),
    ("truncated_input", '{"sex":', 113),
    ("invalid_modifier", {"phenotypes": [{"id": "HP:0001156", "modifiers": ["HP:0001156"]}]}, 114),
    ("missing_field_id", {"phenotypes": [{"excluded": True}]}, 116),
    ("too_many_phenotypes", {"phenotypes": [{"id": i} for i in _subset_ids(65)]}, 300),
    ("too_many_modifiers", {"phenotypes": [{"id": "HP:0025027", "modifiers": ["HP:0003676"] * 5}]}, 301),
    ("input_too_large", '{"sex": "female"' + " " * 70_000 + "}", 303),
    # Caught before the core: Python values with no JSON form, and non-findings types.
    ("python_set", {"phenotypes": {"HP:0001156"}}, 101),
    ("python_fraction", {"age_months": 30.5}, 101),
    ("python_infinity", {"age_months": float("inf")}, 101),
    ("python_int", 42, 101),
    ("python_none", None, 101),
    ("python_lone_surrogate", '{"sex": "\ud800"}', 109),
]


@pytest.mark.parametrize("value, code", [b[1:] for b in BAD_INPUT], ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_rejected_with_its_code(value, code):
    with pytest.raises(poh.PohError) as info:
        poh.evaluate(value)
    e = info.value
    assert e.code == code, str(e)
    assert type(e) is FAMILY[code // 100]
    assert e.kind == dict((c, k) for c, k, _ in poh.ERRORS)[code]


def test_the_capacity_is_the_documented_limit():
    assert poh.MAX_PHENOTYPES == 64
    ok = poh.evaluate({"phenotypes": [{"id": i} for i in _subset_ids(64)]})  # at capacity
    assert len(ok.unrecognized) == 0
    with pytest.raises(poh.CapacityError):
        poh.evaluate({"phenotypes": [{"id": i} for i in _subset_ids(65)]})
    # Ids outside the subset never count against it: listed (the first 32) and counted.
    many = poh.evaluate(_phenotypes(200))
    assert len(many.unrecognized) == 32


def test_unknown_but_wellformed_ids_are_reported_not_rejected():
    a = poh.evaluate({"phenotypes": [{"id": "HP:0004467"}, {"id": "HP:9999999"}]})
    assert a.unrecognized == [{"id": "HP:0004467", "entry": 0}, {"id": "HP:9999999", "entry": 1}]
    assert a.verdict == "indeterminate"


def test_unknown_ids_in_lookups_are_knowledge_errors():
    with pytest.raises(poh.KnowledgeError) as e:
        poh.kb.label("HP:9999999")
    assert (e.value.code, e.value.kind) == (200, "unknown_term")
    with pytest.raises(poh.InputError) as e2:
        poh.kb.label("HP:12")
    assert e2.value.code == 104
    with pytest.raises(poh.KnowledgeError):
        poh.kb.term_id("no such label")
    with pytest.raises(poh.KnowledgeError):
        poh.kb.disease("OMIM:000000")


def test_findings_object_with_wrong_types_gets_the_core_code():
    with pytest.raises(poh.InputError) as e:
        poh.evaluate(poh.Findings(age_months="ten"))  # type: ignore[arg-type]
    assert e.value.code == 101
    with pytest.raises(TypeError):
        poh.Findings(colour="blue")  # type: ignore[call-arg]


def test_errors_in_a_batch():
    items = [{"sex": "female"}, {"sex": "f"}, "{", {"age_months": 12}]
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_many(items)
    assert (e.value.code, e.value.index) == (112, 1)
    out = poh.evaluate_many(items, errors="return")
    assert [type(x).__name__ for x in out] == ["Assessment", "InputError", "InputError", "Assessment"]
    assert [x.code for x in out if isinstance(x, poh.PohError)] == [112, 113]
    with pytest.raises(ValueError):
        poh.evaluate_many(items, errors="ignore")


def test_error_message_names_the_python_type():
    with pytest.raises(poh.InputError, match="got int"):
        poh.evaluate(42)  # type: ignore[arg-type]


def test_python_objects_are_not_json():
    with pytest.raises(poh.InputError) as e:
        poh.evaluate({"age_months": 12, "sex": object()})
    assert e.value.code == 101
