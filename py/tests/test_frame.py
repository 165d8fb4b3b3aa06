"""Cohorts as pandas DataFrames."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import poh
from conftest import CASES, load


@pytest.fixture(scope="module")
def cohort() -> pd.DataFrame:
    rows = {p.stem: load(p)["input"] for p in CASES}
    return pd.DataFrame({"findings": pd.Series(rows)})


def test_frame_from_a_findings_column(cohort):
    df = poh.evaluate_frame(cohort, column="findings")
    assert list(df.index) == list(cohort.index)
    for name, row in df.iterrows():
        a = poh.evaluate(cohort.loc[name, "findings"])
        assert row["assessment"] == a
        assert row["verdict"] == a.verdict
        assert row["criterion.aho_at_most_two"] == a.criteria_verdicts()["aho_at_most_two"]
        assert row["poh_posterior_permille"] == a.score["posterior_permille"]
        assert row["top_id"] == a.top["id"]
        for c in a.differential:
            assert row[f"posterior_permille.{c['abbreviation']}"] == c["posterior_permille"]
    assert set(df["verdict"]) == {"met", "not_met", "indeterminate"}
    assert str(df["poh_log10_lr_milli"].dtype) == "Int64"


def test_frame_from_a_series(cohort):
    assert poh.evaluate_frame(cohort["findings"])["verdict"].equals(
        poh.evaluate_frame(cohort, column="findings")["verdict"]
    )


def test_frame_from_field_columns_with_missing_cells():
    df = pd.DataFrame(
        {
            "age_months": [30, None, 240],  # a gap makes the column float
            "sex": ["female", None, "male"],
            "phenotypes": [[{"id": "HP:0025027"}], None, [{"id": "HP:0001156"}]],
            "labs": [{"pth": "normal"}, None, None],
        },
        index=["p1", "p2", "p3"],
    )
    out = poh.evaluate_frame(df)
    assert list(out.index) == ["p1", "p2", "p3"]
    assert out.loc["p1", "assessment"] == poh.evaluate(
        {"age_months": 30, "sex": "female", "phenotypes": [{"id": "HP:0025027"}], "labs": {"pth": "normal"}}
    )
    assert out.loc["p2", "assessment"] == poh.evaluate({})


def test_unknown_columns_are_rejected_by_the_core():
    df = pd.DataFrame({"sex": ["female"], "patient_id": ["X1"]})
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_frame(df)
    assert e.value.code == 102


def test_rejected_rows_with_errors_return():
    df = pd.DataFrame({"findings": [{"sex": "female"}, {"sex": "f"}, "{"]})
    out = poh.evaluate_frame(df, column="findings", errors="return")
    assert list(out["error_code"].astype("object")) == [pd.NA, 112, 113]
    assert out.loc[0, "verdict"] == "indeterminate"
    assert pd.isna(out.loc[1, "verdict"])


def test_frame_needs_a_frame():
    with pytest.raises(TypeError):
        poh.evaluate_frame([{"sex": "female"}])


def test_pandas_is_optional():
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import poh\n"
        "assert poh.evaluate({}).verdict == 'indeterminate'\n"
        "try:\n"
        "    poh.evaluate_frame(None)\n"
        "except ImportError as e:\n"
        "    assert 'pip install pandas' in str(e), e\n"
        "    print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_disease_columns_follow_the_knowledge_base_order(cohort):
    df = poh.evaluate_frame(cohort, column="findings")
    cols = [c.split(".", 1)[1] for c in df.columns if c.startswith("posterior_permille.")]
    assert cols == [d["abbreviation"] for d in poh.kb.diseases()]


# ---- numbers, layouts, row labels, columns whatever fails, progress -----------------

import numpy as np  # noqa: E402


def test_integral_numbers_of_any_kind_are_accepted_the_same_everywhere():
    want = poh.evaluate({"age_months": 30, "phenotypes": [{"id": "HP:0025027", "onset_months": 6}]})
    for age, onset in [(np.int64(30), np.int32(6)), (30.0, 6.0), (np.float64(30), np.uint8(6))]:
        d = {"age_months": age, "phenotypes": [{"id": "HP:0025027", "onset_months": onset}]}
        assert poh.evaluate(d) == want
        assert poh.evaluate_many([d])[0] == want
        assert poh.evaluate_frame(pd.Series([d]))["assessment"][0] == want
    nullable = pd.DataFrame({"age_months": pd.array([30, None], dtype="Int64"),
                             "phenotypes": [[{"id": "HP:0025027", "onset_months": 6}], None]})
    out = poh.evaluate_frame(nullable)
    assert out["assessment"][0] == want and out["assessment"][1] == poh.evaluate({})


@pytest.mark.parametrize("where, value", [
    ("age_months", {"age_months": 30.5}),
    ("phenotypes[0].onset_months", {"phenotypes": [{"id": "HP:0025027", "onset_months": np.float64(2.5)}]}),
    ("options.pretest_per_million", {"options": {"pretest_per_million": float("inf")}}),
])
def test_fractional_numbers_are_refused_naming_the_field(where, value):
    for run in (poh.evaluate, lambda v: poh.evaluate_many([v])):
        with pytest.raises(poh.InputError) as e:
            run(value)
        assert e.value.code == 101 and f"{where}: " in str(e.value) and "whole number" in str(e.value)
        assert e.value.path == where
    out = poh.evaluate_frame(pd.Series([value], index=["x"]), errors="return")
    assert out.loc["x", "error_code"] == 101 and where in out.loc["x", "error"]


def test_dicts_rows_and_id_lists_are_taken_where_findings_are():
    f = poh.Findings(phenotypes=["HP:0025027", "HP:0011987"])
    want = poh.evaluate(f)
    for v in (["HP:0025027", "HP:0011987"], ("HP:0025027", "HP:0011987"),
              {"phenotypes": ["HP:0025027", "HP:0011987"]},
              pd.Series({"phenotypes": ["HP:0025027", "HP:0011987"], "sex": None})):
        assert poh.evaluate(v) == want
        assert poh.evaluate_many([v, f]) == [want, want]
    assert poh.evaluate({"age_months": float("nan")}) == poh.evaluate({})  # missing = unknown
    assert poh.evaluate({"sex": pd.NA}) == poh.evaluate({})


WIDE = pd.DataFrame({
    "patient_id": ["p1", "p2", "p3"],
    "age_months": [30, 240, None],
    "HP:0025027": [True, True, None],
    "HP_0011987": [True, None, None],
    "HP:0001156": [False, True, None],
    "labs_pth": ["normal", "high", None],
    "labs.calcium": [None, "low", None],
})


def test_wide_layout():
    out = poh.evaluate_frame(WIDE, id_column="patient_id")
    assert list(out.index) == ["p1", "p2", "p3"] and out.index.name == "patient_id"
    assert out.loc["p1", "assessment"] == poh.evaluate({
        "age_months": 30, "labs": {"pth": "normal"},
        "phenotypes": [{"id": "HP:0025027"}, {"id": "HP:0011987"}, {"id": "HP:0001156", "excluded": True}]})
    assert out.loc["p2", "assessment"] == poh.evaluate({
        "age_months": 240, "labs": {"pth": "high", "calcium": "low"},
        "phenotypes": [{"id": "HP:0025027"}, {"id": "HP:0001156"}]})
    assert out.loc["p3", "assessment"] == poh.evaluate({})
    bad = WIDE.assign(**{"HP:0025027": ["yes", True, None]})
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_frame(bad, id_column="patient_id")
    assert e.value.index == "p1" and "HP:0025027" in str(e.value)


def test_long_layout():
    long = pd.DataFrame({
        "patient_id": ["p1", "p1", "p2", "p1", "p3"],
        "hpo_id": ["HP:0025027", "HP:0001156", "HP:0025027", "HP:0011987", None],
        "excluded": [False, True, None, False, None],
        "onset_months": [6, None, None, 18.0, None],
        "age_months": [30, 30, 240, None, 12],
        "labs_pth": [None, "normal", None, None, None],
    })
    out = poh.evaluate_frame(long, layout="long")
    assert list(out.index) == ["p1", "p2", "p3"] and out.index.name == "patient_id"
    series = poh.findings_series(long, layout="long")
    assert series["p1"] == {
        "phenotypes": [{"id": "HP:0025027", "excluded": False, "onset_months": 6},
                       {"id": "HP:0001156", "excluded": True},
                       {"id": "HP:0011987", "excluded": False, "onset_months": 18.0}],
        "age_months": 30, "labs": {"pth": "normal"}}
    assert out.loc["p1", "assessment"] == poh.evaluate(series["p1"])
    assert out.loc["p3", "assessment"] == poh.evaluate({"age_months": 12})
    clash = long.assign(age_months=[30, 31, 240, None, 12])
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_frame(clash, layout="long")
    assert e.value.index == "p1" and "age_months" in str(e.value)
    renamed = long.rename(columns={"patient_id": "pid", "hpo_id": "term"})
    again = poh.evaluate_frame(renamed, layout="long", id_column="pid", term_column="term")
    assert again["verdict"].tolist() == out["verdict"].tolist()


def test_nested_layout_with_json_text_and_id_lists():
    nested = pd.DataFrame({
        "phenotypes": [["HP:0025027", "HP:0011987"], '[{"id": "HP:0025027"}]', "HP:0025027; HP:0001156"],
        "labs": [{"pth": "normal"}, '{"pth": "high"}', None],
    }, index=["a", "b", "c"])
    out = poh.evaluate_frame(nested)
    assert out.loc["a", "assessment"] == poh.evaluate(
        {"phenotypes": ["HP:0025027", "HP:0011987"], "labs": {"pth": "normal"}})
    assert out.loc["b", "assessment"] == poh.evaluate(
        {"phenotypes": ["HP:0025027"], "labs": {"pth": "high"}})
    assert out.loc["c", "assessment"] == poh.evaluate(["HP:0025027", "HP:0001156"])


def test_unknown_columns_name_themselves_and_id_column():
    df = pd.DataFrame({"sex": ["female"], "patient_id": ["X1"], "onset": [3]})
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_frame(df)
    assert "'patient_id', 'onset'" in str(e.value) and "id_column" in str(e.value)
    with pytest.raises(poh.InputError):
        poh.evaluate_frame(df.drop(columns="onset"))
    out = poh.evaluate_frame(df.drop(columns="onset"), id_column="patient_id")
    assert list(out.index) == ["X1"]


def test_a_findings_column_with_an_id_column():
    df = pd.DataFrame({"pid": ["a", "b"], "findings": [["HP:0025027"], {"sex": "female"}]})
    out = poh.evaluate_frame(df, column="findings", id_column="pid")
    assert list(out.index) == ["a", "b"] and out.index.name == "pid"
    assert out.loc["a", "assessment"] == poh.evaluate(["HP:0025027"])


def test_error_index_is_the_row_label():
    df = pd.DataFrame({"sex": ["female", "male", "f"]}, index=["ann", "bob", "cy"])
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_frame(df)
    assert (e.value.index, e.value.code) == ("cy", 112)
    with pytest.raises(poh.InputError) as e2:
        poh.evaluate_frame(df["sex"].map(lambda s: {"sex": s}))
    assert e2.value.index == "cy"
    with pytest.raises(poh.InputError) as e3:
        poh.evaluate_many([{"sex": "female"}, {"sex": "f"}])
    assert e3.value.index == 1  # evaluate_many: the position


def test_every_column_is_there_whatever_fails():
    good = poh.evaluate_frame(pd.DataFrame({"sex": ["female"]}))
    bad = poh.evaluate_frame(pd.DataFrame({"sex": ["f", "m"]}), errors="return")
    assert list(bad.columns) == list(good.columns)
    assert bad["verdict"].isna().all() and bad["error_code"].tolist() == [112, 112]
    assert str(bad["poh_posterior_permille"].dtype) == "Int64"
    empty = poh.evaluate_frame(pd.DataFrame({"sex": []}))
    assert list(empty.columns) == list(good.columns) and len(empty) == 0


def test_progress_bar_on_long_batches(capsys):
    items = [{"sex": "female"}] * 300
    poh.evaluate_many(items, progress=True)
    assert "300/300" in capsys.readouterr().err
    poh.evaluate_many(items)  # short: no bar by default
    assert "300" not in capsys.readouterr().err
    poh.evaluate_frame(pd.DataFrame({"sex": ["female"] * 300}), progress=True)
    assert "300/300" in capsys.readouterr().err
    poh.evaluate_many(iter(items), progress=False)
    assert capsys.readouterr().err == ""
