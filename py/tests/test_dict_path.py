"""The dict path: `poh.evaluate(dict)` reads the dict natively (no JSON text) and must
give, for every dict, exactly what the JSON path gives for ``json.dumps`` of it: the same
assessment bytes, or the same error class, code, kind and message."""

from __future__ import annotations

def _subset_ids(n):
    """n distinct terms of the knowledge base's HPO subset (core/data/hpo/terms.tsv)."""
    import pathlib

    tsv = pathlib.Path(__file__).resolve().parents[2] / "core/data/hpo/terms.tsv"
    ids = [line.split("\t")[0] for line in tsv.read_text().splitlines() if line.startswith("HP:")]
    return ids[100:100 + n]


import enum
import json
from collections import OrderedDict
from typing import Any, Tuple

import pytest

import poh
from poh import _core
from poh.findings import to_document
from conftest import CASES, load
from test_bad_input_catalog import CATALOG, case_bytes


def outcome(fn: Any) -> Tuple[str, Any]:
    """("ok", assessment JSON) or ("error", (class, code, kind, message))."""
    try:
        r = fn()
    except poh.PohError as e:
        return "error", (type(e).__name__, e.code, e.kind, str(e))
    return "ok", r if isinstance(r, str) else r.to_json()


def json_path(value: Any) -> Tuple[str, Any]:
    """The reference: the value written as JSON text (`to_document`, as before the dict
    path existed) and read by the core's JSON path."""
    return outcome(lambda: _core.evaluate_json(to_document(value)))


def dict_path(value: Any) -> Tuple[str, Any]:
    return outcome(lambda: poh.evaluate(value))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_golden_cases_are_read_natively_and_identical(path):
    d = load(path)["input"]
    native = _core.assess_dict(d)
    # Every golden case takes the native route (else the dict path silently gives its
    # speed away to the JSON text route).
    assert native is not None
    assert native.to_json() == _core.evaluate_json(json.dumps(d))
    assert dict_path(d) == json_path(d)


CATALOG_DICTS = []
for _case in CATALOG["cases"]:
    if _case["api"] != "findings":
        continue
    try:
        _value = json.loads(case_bytes(_case))
    except ValueError:
        continue  # not JSON at all: only the text path can see it
    if isinstance(_value, dict):
        CATALOG_DICTS.append((_case["name"], _value))


def test_the_catalog_has_dict_cases():
    assert len(CATALOG_DICTS) >= 30


@pytest.mark.parametrize("value", [v for _, v in CATALOG_DICTS], ids=[n for n, _ in CATALOG_DICTS])
def test_catalog_case_as_a_dict(value):
    assert dict_path(value) == json_path(value)
    many = poh.evaluate_many([value], errors="return")[0]
    assert outcome(lambda: many if isinstance(many, poh.Assessment) else _raise(many)) == json_path(value)


def _raise(e: BaseException) -> Any:
    raise e


class Sex(str, enum.Enum):
    FEMALE = "female"


class Months(enum.IntEnum):
    TWO_YEARS = 24


class Labs(dict):  # type: ignore[type-arg]
    pass


PH = {"id": "HP:0025027"}


def _nested(depth: int) -> Any:
    v: Any = 1
    for _ in range(depth):
        v = [v]
    return v

# Values only a dict can carry, or that the native reader must decline so that the JSON
# path decides: each must come out exactly as its JSON text does.
CORNERS = [
    ("bool_as_age", {"age_months": True}),
    ("bool_as_onset", {"phenotypes": [{"id": "HP:0025027", "onset_months": False}]}),
    ("int_as_excluded", {"phenotypes": [{"id": "HP:0025027", "excluded": 1}]}),
    ("zero_as_excluded", {"phenotypes": [{"id": "HP:0025027", "excluded": 0}]}),
    ("int_as_flag", {"history": {"father_affected": 1}}),
    ("float_age", {"age_months": 30.0}),
    ("fraction_age", {"age_months": 30.5}),
    ("nan_age", {"age_months": float("nan")}),
    ("inf_age", {"age_months": float("inf")}),
    ("negative_age", {"age_months": -1}),
    ("huge_age", {"age_months": 2**70}),
    ("age_at_limit", {"age_months": 1800}),
    ("age_over_limit", {"age_months": 1801}),
    ("none_everywhere", {"age_months": None, "sex": None, "labs": {"pth": None},
                         "gnas": {"result": None, "parent_of_origin": None},
                         "history": {"father_affected": None}, "imaging": {"specific_pattern": None},
                         "options": {"aho_list": None, "counseling": None},
                         "phenotypes": [{"id": "HP:0025027", "excluded": None, "onset_months": None}]}),
    ("none_id", {"phenotypes": [{"id": None}]}),
    ("none_list", {"phenotypes": None}),
    ("none_section", {"labs": None}),
    # A float or deep nesting anywhere outranks an earlier unknown key (the JSON path checks
    # integers and depth before the schema); a huge unknown value outranks it by size.
    ("unknown_key_then_float", {"colour": 1, "age_months": 1.5}),
    ("unknown_key_with_float", {"colour": [1, 2.5]}),
    ("unknown_key_deep", {"colour": _nested(14)}),
    ("unknown_key_huge", {"colour": "x" * 70_000}),
    ("unknown_key_then_set", {"colour": 1, "sex": {"female"}}),
    ("int_key", {1: "female"}),
    ("none_key", {None: "female"}),
    ("bool_key", {True: 1}),
    ("set_value", {"phenotypes": {"HP:0001156"}}),
    ("object_value", {"sex": object()}),
    ("tuple_list", {"phenotypes": ({"id": "HP:0025027", "modifiers": ("HP:0003676",)},)}),
    ("str_enum", {"sex": Sex.FEMALE}),
    ("int_enum", {"age_months": Months.TWO_YEARS}),
    ("dict_subclass", {"labs": Labs(pth="normal")}),
    ("ordered_dict", {"labs": OrderedDict(pth="normal")}),
    ("lone_surrogate", {"sex": "\ud800"}),
    ("non_ascii_id", {"phenotypes": [{"id": "HP:000102\u0667"}]}),
    ("escaped_chars_key", {'se"x': "female"}),
    ("empty", {}),
    ("too_many", {"phenotypes": [{"id": i} for i in _subset_ids(65)]}),
    ("too_many_modifiers", {"phenotypes": [{"id": "HP:0025027", "modifiers": ["HP:0003676"] * 5}]}),
    ("present_and_excluded", {"phenotypes": [PH, {"id": "HP:0025027", "excluded": True}]}),
    ("lab_contradicts_term", {"labs": {"pth": "high"}, "phenotypes": [{"id": "HP:0003165", "excluded": True}]}),
    ("gs_alpha_high", {"labs": {"gs_alpha_activity": "high"}}),
    ("unknown_option", {"options": {"aho_list": "mine"}}),
    ("counseling", {"sex": "female", "gnas": {"result": "pathogenic"}, "options": {"counseling": True},
                    "phenotypes": [PH]}),
    ("unrecognized_id", {"phenotypes": [{"id": "HP:9999999"}, {"id": "HP:0004467"}]}),
    ("alt_id", {"phenotypes": [{"id": "HP:0001189"}]}),
]


@pytest.mark.parametrize("value", [v for _, v in CORNERS], ids=[n for n, _ in CORNERS])
def test_corner_as_a_dict(value):
    assert dict_path(value) == json_path(value)


DECLINED = [
    "bool_as_age", "bool_as_onset", "int_as_excluded", "zero_as_excluded", "int_as_flag",
    "float_age", "fraction_age", "nan_age", "inf_age", "negative_age", "huge_age",
    "age_over_limit", "none_id", "none_list", "none_section", "unknown_key_then_float", "unknown_key_with_float",
    "unknown_key_deep", "unknown_key_huge", "unknown_key_then_set", "int_key", "none_key",
    "bool_key", "set_value", "object_value", "str_enum", "int_enum", "dict_subclass",
    "ordered_dict", "lone_surrogate", "non_ascii_id", "escaped_chars_key", "too_many",
    "too_many_modifiers", "gs_alpha_high", "unknown_option",
]


@pytest.mark.parametrize("name, value", CORNERS, ids=[n for n, _ in CORNERS])
def test_what_the_native_reader_reads(name, value):
    # A value whose JSON text reads differently (or that has none), and any value the
    # schema refuses, is declined: the JSON path decides. Plain values are read natively,
    # tuples included (json.dumps writes them as lists).
    if name in DECLINED:
        assert _core.assess_dict(value) is None
    elif name in ("present_and_excluded", "lab_contradicts_term"):
        # Read fine; the core's evaluation rejects the findings themselves.
        with pytest.raises(poh.InputError):
            _core.assess_dict(value)
    else:
        assert _core.assess_dict(value) is not None


def test_findings_objects_take_the_dict_path():
    f = poh.Findings(sex="female", age_months=30, phenotypes=["HP:0025027", poh.Phenotype("HP:0001156", excluded=True)])
    assert _core.assess_dict(f.to_dict()) is not None
    assert dict_path(f) == json_path(f)
    bad = poh.Findings(age_months="ten")  # type: ignore[arg-type]
    assert dict_path(bad) == json_path(bad)


def test_a_batch_gives_what_each_item_gives():
    items = [value for _, value in CORNERS] + [load(p)["input"] for p in CASES[:5]]
    items += ["{", b'{"sex": "female"}', 42, None, poh.Findings(sex="male")]
    many = poh.evaluate_many(items, errors="return")
    assert len(many) == len(items)
    for item, got in zip(items, many):
        want = outcome(lambda: poh.evaluate(item))
        assert outcome(lambda: got if isinstance(got, poh.Assessment) else _raise(got)) == want, item
