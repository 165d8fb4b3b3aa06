"""The Python API: inputs in every form, the Assessment object, knowledge base,
counseling, term lookup, versions, doctests."""

from __future__ import annotations

import doctest
import json
import pickle
import re

import pytest

import poh
from conftest import CASES, ROOT, load

C1 = load(ROOT / "tests" / "cases" / "c1_miller1996_girl.json")["input"]


def test_version_is_the_workspace_version():
    m = re.search(r'^version = "([^"]+)"', (ROOT / "Cargo.toml").read_text(), flags=re.M)
    assert m and poh.__version__ == m.group(1)


def test_kb_version_is_the_one_results_carry():
    a = poh.evaluate(C1)
    assert a.kb_version == poh.KB_VERSION == poh.kb.KB_VERSION
    assert a.hpo_release == poh.HPO_RELEASE == "2025-01-16"


def test_every_input_form_gives_the_same_assessment():
    f = poh.Findings(
        sex="female",
        phenotypes=[
            poh.Phenotype("HP:0025027", onset_months=6),
            poh.Phenotype("HP:0011987", modifiers=["HP:0003676"]),
            *(poh.Phenotype(i, excluded=True) for i in ("HP:0001156", "HP:0010049", "HP:0000311", "HP:0004322", "HP:0001844")),
        ],
        labs={"pth": "normal", "calcium": "normal", "phosphate": "normal"},
    )
    a = poh.evaluate(C1)
    assert poh.evaluate(f) == a
    assert poh.evaluate(f.to_json()) == a
    assert poh.evaluate(json.dumps(C1).encode()) == a
    assert poh.evaluate(bytearray(json.dumps(C1).encode())) == a


def test_findings_helpers():
    f = poh.Findings(age_months=30, phenotypes=["HP:0025027", {"id": "HP:0001156", "excluded": True}])
    assert f.to_dict() == {
        "age_months": 30,
        "phenotypes": [{"id": "HP:0025027"}, {"id": "HP:0001156", "excluded": True}],
    }
    assert poh.Findings().to_dict() == {}
    assert "age_months=30" in repr(f)
    assert poh.Phenotype("HP:0001156", excluded=True) == poh.Phenotype("HP:0001156", excluded=True)
    assert repr(poh.Phenotype("HP:0001156", excluded=True)) == "Phenotype('HP:0001156', excluded=True)"


def test_open_world_inputs_treatment_and_pretest():
    # An adult with a normal PTH: the normal PTH counts against PHP1A unless active
    # vitamin D is given; a clinic's pretest moves weight from OTHER to the modelled set.
    base = dict(age_months=360, phenotypes=[{"id": "HP:0001482"}], labs={"pth": "normal"})

    def lr(a, abbreviation):
        return next(e["log10_lr_milli"] for e in a.differential if e["abbreviation"] == abbreviation)

    def posterior(a, abbreviation):
        return next(e["posterior_permille"] for e in a.differential if e["abbreviation"] == abbreviation)

    untreated = poh.evaluate(poh.Findings(**base))
    treated = poh.evaluate(poh.Findings(**base, treatment={"active_vitamin_d": True}))
    assert lr(treated, "PHP1A") > lr(untreated, "PHP1A")
    assert poh.evaluate(dict(base, treatment={"active_vitamin_d": True})) == treated
    clinic = poh.evaluate(poh.Findings(**base, options={"pretest_per_million": 500000}))
    assert posterior(clinic, "OTHER") < posterior(untreated, "OTHER")
    with pytest.raises(poh.PohError) as e:
        poh.evaluate(dict(base, options={"pretest_per_million": 1000000}))
    assert e.value.kind == "out_of_range"


def test_attributes_are_the_document():
    a = poh.evaluate(C1)
    d = a.to_dict()
    assert a.verdict == d["poh"]["verdict"] == "met"
    assert a.provisional is d["poh"]["provisional"] is True
    assert a.criteria == d["poh"]["criteria"]
    assert a.supporting == d["poh"]["supporting"]
    assert a.score == d["poh"]["score"]
    assert a.differential == d["differential"]
    assert a.top == d["differential"][0]
    assert a.explanation == d["explanation"]
    assert a.next_steps == d["next_steps"]
    assert a.notes == d["notes"]
    assert a.findings == d["findings"]
    assert a.unrecognized == d["unrecognized"] == []
    assert a.disclaimer.startswith("Decision support, not a diagnosis")
    assert [c["key"] for c in a.criteria] == [c["key"] for c in poh.kb.criteria()]
    # to_dict() is an independent copy; to_json() is the core's text.
    d["poh"]["verdict"] = "edited"
    assert a.verdict == "met"
    assert json.loads(a.to_json()) == a.to_dict()


def test_repr_and_report_are_readable():
    a = poh.evaluate(C1)
    r = repr(a)
    assert r.startswith("<Assessment POH met (provisional):")
    assert "superficial_to_deep=met" in r and "OMIM:166350" in r
    text = str(a)
    assert "POH criteria: MET (provisional)" in text
    assert "Differential (rank, open-world posterior, log10 LR; `=` marks a tie):" in text
    assert a.report("C1").startswith("== C1\n")


def test_html_has_checklist_bars_and_linked_sources():
    a = poh.evaluate(C1)
    h = a._repr_html_()
    assert h.count("\u2713") >= 3  # three criteria met
    for c in a.differential:
        assert f"width:{c['posterior_permille'] / 10:.1f}%" in h
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/11784876/"' in h  # shore_2002, PMID
    assert 'href="https://omim.org/entry/166350"' in h
    assert "<abbr title=" in h  # sources without a link keep their full reference
    # Text is escaped.
    assert "<script" not in h


def test_html_of_a_not_met_case_marks_failures():
    a = poh.evaluate(load(ROOT / "tests" / "cases" / "typical_php1b.json")["input"])
    assert a.verdict == "not_met"
    assert "\u2717" in a._repr_html_()


def test_value_semantics():
    a, b = poh.evaluate(C1), poh.evaluate(C1)
    assert a == b and hash(a) == hash(b)
    assert a != poh.evaluate({})
    assert pickle.loads(pickle.dumps(a)) == a
    assert poh.Assessment.from_json(a.to_json()) == a
    with pytest.raises(ValueError):
        poh.Assessment.from_json('{"poh": {}}')


def test_evaluate_many_matches_evaluate():
    inputs = [load(p)["input"] for p in CASES]
    many = poh.evaluate_many(iter(inputs))  # any iterable
    assert many == [poh.evaluate(i) for i in inputs]
    assert poh.evaluate_many([]) == []
    # Across internal chunks.
    big = poh.evaluate_many(inputs * 70)
    assert len(big) == len(inputs) * 70 and big[-1] == many[-1]


def test_a_large_assessment_grows_the_buffer_once():
    # 32 known terms give long reasons lists: more than the first 32 KiB output buffer
    # (py/src/lib.rs FIRST_BUFFER), so the native layer must retry at the reported size.
    ids = [t for t, _ in poh.kb.terms()]
    windows = [ids[k : k + 32] for k in range(0, len(ids) - 32, 8)]
    results = poh.evaluate_many([{"phenotypes": [{"id": i} for i in w]} for w in windows], errors="return")
    big = [a for a in results if isinstance(a, poh.Assessment) and len(a.to_json()) > 32 * 1024]
    assert big, "no input produced an assessment larger than the first buffer"
    for a in big:
        assert len(a.findings) >= 32 and a.to_dict()["poh"]
        assert poh.evaluate(a.findings and {"phenotypes": [{"id": f["input"]} for f in a.findings if "entry" in f]}) == a


def test_knowledge_base():
    seed = poh.kb.phenotypes()
    assert len(seed) == 21
    assert (seed[0]["id"], seed[0]["frequency"]) == ("HP:0002653", "80-99%")
    assert sum(1 for r in seed if not r["in_orpha"] and not r["in_omim"]) == 4
    crit = poh.kb.criteria()
    assert [c["key"] for c in crit] == ["superficial_to_deep", "aho_at_most_two", "no_pth_resistance"]
    assert crit[1]["logic"] == "at_most" and crit[1]["at_most"] == 2
    assert len(poh.kb.supporting()) == 6
    dis = poh.kb.diseases()
    assert len(dis) == 9 and dis[0]["id"] == "OMIM:166350" and dis[-1]["id"] == "POHKB:OTHER"
    assert poh.kb.disease("poh") == poh.kb.disease("OMIM:166350") == dis[0]
    cites = {c["id"] for c in poh.kb.citations()}
    assert len(cites) == len(poh.kb.citations())
    used = {c for d in dis for r in d["rows"] for c in r["cites"]}
    used |= {c for c in (x for cr in crit for x in cr["cites"])}
    assert used <= cites
    # Every modelled disorder has a cited model; OTHER ("none of them") has none by design.
    assert all(d["rows"] and all(r["cites"] for r in d["rows"]) for d in dis[:-1])
    assert dis[-1]["rows"] == []
    assert poh.kb.citation("shore_2002")["text"].startswith("Shore EM")
    assert {a["key"] for a in poh.kb.aho_lists()} == {"orphanet_665", "genereviews"}
    assert len(poh.kb.groups()) >= 12 and poh.kb.notes()


def test_term_lookup():
    assert poh.kb.label("HP:0001156") == "Brachydactyly"
    assert poh.kb.term_id("brachydactyly") == "HP:0001156"
    assert poh.kb.primary_id("HP:0001189") == ("HP:0001156", True)
    assert poh.kb.primary_id("HP:0001156") == ("HP:0001156", False)
    for tid, label in poh.kb.terms():
        assert poh.kb.label(tid) == label


def test_counseling_the_seed_question():
    # A 17-year-old daughter with POH and a paternal GNAS variant, thinking about children.
    a = poh.counsel("poh", sex="female", gnas="pathogenic")
    assert a["inherit_percent"] == 50
    assert a["expected_in_child"] == "php1a_or_php1c"
    assert all(s["cites"] for s in a["statements"])
    unknown = poh.counsel("poh")
    assert unknown["inherit_percent"] is None
    with pytest.raises(poh.InputError) as e:
        poh.counsel("fop")
    assert e.value.code == 112


@pytest.mark.parametrize(
    "module",
    ["poh", "poh.findings", "poh.counseling", "poh.assessment", "poh.kb", "poh.evaluation"],
)
def test_doctests(module):
    import importlib

    m = importlib.import_module(module)
    failed, _ = doctest.testmod(m, optionflags=doctest.ELLIPSIS)
    assert failed == 0
