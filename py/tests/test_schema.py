"""The TypedDicts of poh.schema describe exactly what the core writes."""

from __future__ import annotations

from typing import Any, Dict, List, Set, get_type_hints

import pytest

import poh
from poh import schema
from conftest import CASES, load


def _keys(td: Any) -> tuple[Set[str], Set[str]]:
    return set(td.__required_keys__), set(td.__required_keys__) | set(td.__optional_keys__)


@pytest.fixture(scope="module")
def docs() -> List[Dict[str, Any]]:
    return [poh.evaluate(load(p)["input"]).to_dict() for p in CASES]


def _check(objs: List[Dict[str, Any]], td: Any) -> None:
    required, allowed = _keys(td)
    assert objs, td.__name__
    seen: Set[str] = set()
    for o in objs:
        assert required <= set(o), (td.__name__, required - set(o))
        assert set(o) <= allowed, (td.__name__, set(o) - allowed)
        seen |= set(o)
    assert seen == allowed, (td.__name__, "never written:", allowed - seen)


def test_assessment_document(docs):
    _check(docs, schema.AssessmentDict)
    _check([d["poh"] for d in docs], schema.PohResult)
    _check([d["poh"]["score"] for d in docs], schema.Score)
    _check([c for d in docs for c in d["poh"]["criteria"]], schema.Criterion)
    _check([c["groups"] for d in docs for c in d["poh"]["criteria"]], schema.GroupCounts)
    _check([s for d in docs for s in d["poh"]["supporting"]], schema.SupportingFinding)
    _check([c for d in docs for c in d["differential"]], schema.Candidate)
    _check([r for d in docs for c in d["differential"] for r in c["reasons"]], schema.Reason)
    _check([e for d in docs for e in d["explanation"]], schema.Explanation)
    _check([n for d in docs for n in d["next_steps"]], schema.NextStep)
    _check([n for d in docs for n in d["notes"]], schema.Note)
    _check([f for d in docs for f in d["findings"]], schema.ResolvedFinding)
    _check([u for d in docs for u in d["unrecognized"]], schema.Unrecognized)


def test_literal_values(docs):
    verdicts = set(get_type_hints(schema.PohResult)["verdict"].__args__)
    assert {d["poh"]["verdict"] for d in docs} == verdicts


def test_knowledge_base_tables():
    _check(poh.kb.phenotypes(), schema.SeedRow)
    _check(poh.kb.criteria(), schema.CriterionRule)
    _check(poh.kb.supporting(), schema.SupportingRule)
    _check(poh.kb.groups(), schema.Group)
    _check(poh.kb.aho_lists(), schema.AhoList)
    _check(poh.kb.diseases(), schema.Disease)
    _check([r for d in poh.kb.diseases() for r in d["rows"]], schema.ModelRow)
    _check(poh.kb.citations(), schema.Citation)
    _check(poh.kb.notes(), schema.Note)
    _check([poh.counsel("poh", sex="female", gnas="pathogenic")], schema.Counsel)
    _check(poh.counsel("poh", sex="female", gnas="pathogenic")["statements"], schema.CounselStatement)
