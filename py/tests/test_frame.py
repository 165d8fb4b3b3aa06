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
