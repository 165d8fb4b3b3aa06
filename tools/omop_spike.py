#!/usr/bin/env python3
"""Spike the golden cases (tests/cases/*.json) into a copy of an OMOP database as synthetic
persons, for the screen's positive controls.

Each case's `input` becomes one new person (ids above the database's largest):
  * person: sex as gender concept 8532/8507 (the CDM's, cohort-scale.md §1.1; other or
    unknown sex: 0), born so that the latest observation period ends at `age_months`
    (no observation period when the age is unknown);
  * a present phenotype: a condition_occurrence row dated at its onset (else at the end
    of observation), coded by the term's one-to-one SNOMED concept when the map has one,
    else by an HPO source concept (condition_source_concept_id, condition_concept_id 0);
  * its modifiers (HP:0003676 Progressive, ...): an observation of the modifier term with
    the Present answer (LOINC LA9633-4), as the CDM has no place for a modifier;
  * an excluded phenotype: an observation of the HPO concept with the Absent answer
    (LOINC LA9634-2; HL7 Phenomics Exchange IG, ehr-integration.md §2.4);
  * labs: a measurement of the analyte's first LOINC code with a range [2, 3] and the value
    1 (low), 2.5 (normal) or 4 (high);
  * `recorded`: a few cases also get a recorded diagnosis row (never evidence), to test
    that it is shown and not used.
Concepts the site's vocabulary lacks (HPO terms, LOINC codes and answers, the recorded
diagnosis codes) are added to the copy's concept table with ids above its largest; they
are synthetic rows of this test database, named "poh spike: ...".

gnas, history, imaging, options and labs other than the four are not written: the screen
does not read them from OMOP (docs/COHORT.md). `projected_input(case_input)` is the
findings the screen can recover from what was written, for an exact comparison.

Usage: python3 tools/omop_spike.py (--duckdb FILE | --omop-csv DIR) --out COPY.duckdb
       [--cases tests/cases] [--manifest FILE.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import shutil
import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

END = dt.date(2020, 6, 15)  # end of every spiked person's observation period
UNKNOWN_AGE_BIRTH = dt.date(2000, 1, 15)
UNDATED_MONTHS = 240  # record age of an undated finding when the age is unknown
LAB_CODES = {"pth": "2731-8", "calcium": "17861-6", "phosphate": "2777-1", "tsh": "3016-3"}
LAB_VALUES = {"low": 1.0, "normal": 2.5, "high": 4.0}
LAB_RANGE = (2.0, 3.0)
PRESENT, ABSENT = "LA9633-4", "LA9634-2"
SEX = {"female": 8532, "male": 8507}
# Recorded diagnoses written for some cases (codes from the concept map's diagnosis rows):
# never evidence, so the screen must give these persons the same results as without them.
RECORDED = {
    "typical_fop": ("SNOMED", "82725007"),
    "c11_lin2015_case1": ("SNOMED", "719271000"),
    "typical_php1a": ("ICD10CM", "E20.1"),
}


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, d.day)


def birth_of(inp: Dict[str, Any]) -> dt.date:
    age = inp.get("age_months")
    return UNKNOWN_AGE_BIRTH if age is None else add_months(END, -int(age))


def record_months(inp: Dict[str, Any], onset: Optional[int]) -> int:
    """Age in months at which a finding is recorded."""
    if onset is not None:
        return int(onset)
    age = inp.get("age_months")
    return UNDATED_MONTHS if age is None else int(age)


def projected_input(inp: Dict[str, Any], onset_below: int, known_terms: Sequence[str]) -> Dict[str, Any]:
    """The findings the screen can read back from a spiked person: sex, age, the known
    phenotypes (modifiers as present terms; one entry per term, present over excluded;
    onset given only as a first-record bound below `onset_below`), the four labs."""
    known = set(known_terms)
    out: Dict[str, Any] = {}
    if inp.get("age_months") is not None:
        out["age_months"] = inp["age_months"]
    if inp.get("sex") in SEX:
        out["sex"] = inp["sex"]
    terms: Dict[str, Dict[str, Any]] = {}

    def put(term: str, present: bool, months: Optional[int]) -> None:
        if term not in known:
            return
        e = terms.setdefault(term, {"present": False, "months": None})
        if present:
            e["present"] = True
            if months is not None and (e["months"] is None or months < e["months"]):
                e["months"] = months

    for p in inp.get("phenotypes", []):
        present = not p.get("excluded", False)
        months = record_months(inp, p.get("onset_months")) if present else None
        put(known_primary(p["id"]), present, months)
        if present:
            for m in p.get("modifiers", []):
                put(known_primary(m), True, months)
    phen = []
    for term in sorted(terms):
        e = terms[term]
        d: Dict[str, Any] = {"id": term, "excluded": not e["present"]}
        if e["present"] and e["months"] is not None and 0 <= e["months"] < onset_below:
            d["onset_months"] = e["months"]
        phen.append(d)
    if phen:
        out["phenotypes"] = phen
    labs = {k: v for k, v in (inp.get("labs") or {}).items() if k in LAB_CODES}
    if labs:
        out["labs"] = labs
    return out


_PRIMARY: Dict[str, str] = {}


def known_primary(term: str) -> str:
    return _PRIMARY.get(term, term)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Db:
    def __init__(self, con: Any, schema: Optional[str]) -> None:
        from poh.omop import OmopSource  # the installed poh (pip install './py[omop]')

        self.con = con
        self.src = OmopSource(con, schema=schema)
        self.cols: Dict[str, List[str]] = {}
        for table in ("person", "observation_period", "condition_occurrence", "observation",
                      "measurement", "concept"):
            t = self.src.tables.get(table)
            if t is None:
                raise SystemExit(f"omop_spike: the database has no {table} table")
            self.cols[table] = list(t.columns)

    def name(self, table: str) -> str:
        t = self.src.tables[table]
        return f"{_q(t.schema)}.{_q(t.name)}"

    def max_id(self, table: str, column: str) -> int:
        (n,) = self.con.execute(
            f"SELECT max(TRY_CAST({_q(column)} AS BIGINT)) FROM {self.name(table)}"
        ).fetchall()[0]
        return int(n or 0)

    def insert(self, table: str, rows: List[Dict[str, Any]]) -> None:
        if not rows:
            return
        have = set(self.cols[table])
        keys = [k for k in rows[0] if k in have]
        cols = ", ".join(_q(k) for k in keys)
        marks = ", ".join("?" for _ in keys)
        self.con.executemany(
            f"INSERT INTO {self.name(table)} ({cols}) VALUES ({marks})",
            [[r[k] for k in keys] for r in rows],
        )


def spike(con: Any, cases: List[Tuple[str, Dict[str, Any]]], schema: Optional[str] = None) -> Dict[str, Any]:
    """Write `cases` ((name, case document) pairs) into the CDM of `con`; returns the
    manifest: person_id per case name, and what was written."""
    db = _Db(con, schema)
    from poh import kb
    from poh.omop import concept_map

    cmap = concept_map()
    known_terms = sorted({r["target"] for r in cmap if r["kind"] == "phenotype"})
    for r in cmap:
        if r["kind"] == "phenotype" and r["vocabulary_id"] == "HPO":
            _PRIMARY[r["concept_code"]] = r["target"]
    snomed_of = {r["target"]: r["concept_code"] for r in cmap
                 if r["kind"] == "phenotype" and r["vocabulary_id"] == "SNOMED"}
    onset_below = int(next(r["target"] for r in cmap if r["kind"] == "onset"))

    site: Dict[Tuple[str, str], int] = {}
    for cid, vocab, code in con.execute(
        f"SELECT TRY_CAST(concept_id AS BIGINT), CAST(vocabulary_id AS VARCHAR), "
        f"CAST(concept_code AS VARCHAR) FROM {db.name('concept')}"
    ).fetchall():
        if cid is not None:
            site.setdefault((vocab, code), cid)
    next_concept = [db.max_id("concept", "concept_id")]
    new_concepts: List[Dict[str, Any]] = []

    def concept(vocab: str, code: str, name: str, domain: str) -> int:
        if (vocab, code) in site:
            return site[(vocab, code)]
        next_concept[0] += 1
        cid = next_concept[0]
        site[(vocab, code)] = cid
        new_concepts.append({
            "concept_id": cid, "concept_name": f"poh spike: {name}", "domain_id": domain,
            "vocabulary_id": vocab, "concept_class_id": "poh spike", "standard_concept": None,
            "concept_code": code, "valid_start_date": "1970-01-01",
            "valid_end_date": "2099-12-31", "invalid_reason": None,
        })
        return cid

    def hpo_label(term: str) -> str:
        try:
            return f"{term} {kb.label(term)}"
        except Exception:
            return term

    present_answer = concept("LOINC", PRESENT, "Present (LOINC answer)", "Meas Value")
    absent_answer = concept("LOINC", ABSENT, "Absent (LOINC answer)", "Meas Value")
    ids = {t: db.max_id(t, f"{t}_id") for t in
           ("observation_period", "condition_occurrence", "observation", "measurement")}
    person_id = db.max_id("person", "person_id")
    rows: Dict[str, List[Dict[str, Any]]] = {t: [] for t in
                                             ("person", "observation_period", "condition_occurrence",
                                              "observation", "measurement")}
    manifest: Dict[str, Any] = {"persons": {}, "onset_below": onset_below,
                                "coded_by": {"snomed": 0, "hpo": 0}}

    def nxt(table: str) -> int:
        ids[table] += 1
        return ids[table]

    for name, case in cases:
        inp = case["input"]
        person_id += 1
        manifest["persons"][name] = person_id
        birth = birth_of(inp)
        rows["person"].append({
            "person_id": person_id, "gender_concept_id": SEX.get(inp.get("sex", ""), 0),
            "year_of_birth": birth.year, "month_of_birth": birth.month,
            "day_of_birth": birth.day, "birth_datetime": f"{birth.isoformat()} 00:00:00",
            "race_concept_id": 0, "ethnicity_concept_id": 0,
            "person_source_value": f"poh spike {name}",
        })
        if inp.get("age_months") is not None:
            rows["observation_period"].append({
                "observation_period_id": nxt("observation_period"), "person_id": person_id,
                "observation_period_start_date": birth.isoformat(),
                "observation_period_end_date": END.isoformat(), "period_type_concept_id": 0,
            })

        def observe(term: str, answer: int, day: dt.date) -> None:
            rows["observation"].append({
                "observation_id": nxt("observation"), "person_id": person_id,
                "observation_concept_id": 0, "observation_date": day.isoformat(),
                "observation_type_concept_id": 0, "value_as_concept_id": answer,
                "observation_source_value": term,
                "observation_source_concept_id": concept("HPO", term, hpo_label(term),
                                                         "Observation"),
            })

        for p in inp.get("phenotypes", []):
            term = p["id"]
            if p.get("excluded", False):
                observe(term, absent_answer, add_months(birth, record_months(inp, None)))
                continue
            day = add_months(birth, record_months(inp, p.get("onset_months")))
            primary = known_primary(term)
            code = snomed_of.get(primary)
            if code is not None:
                std = concept("SNOMED", code, f"SNOMED {code} (one-to-one xref of {primary})",
                              "Condition")
                src = 0
                manifest["coded_by"]["snomed"] += 1
            else:
                std, src = 0, concept("HPO", term, hpo_label(term), "Condition")
                manifest["coded_by"]["hpo"] += 1
            rows["condition_occurrence"].append({
                "condition_occurrence_id": nxt("condition_occurrence"), "person_id": person_id,
                "condition_concept_id": std, "condition_start_date": day.isoformat(),
                "condition_start_datetime": f"{day.isoformat()} 00:00:00",
                "condition_type_concept_id": 0, "condition_source_value": term,
                "condition_source_concept_id": src,
            })
            for m in p.get("modifiers", []):
                observe(m, present_answer, day)
        lab_day = add_months(birth, record_months(inp, None))
        for analyte, level in sorted((inp.get("labs") or {}).items()):
            if analyte not in LAB_CODES:
                continue
            code = LAB_CODES[analyte]
            rows["measurement"].append({
                "measurement_id": nxt("measurement"), "person_id": person_id,
                "measurement_concept_id": concept("LOINC", code, f"LOINC {code} ({analyte})",
                                                  "Measurement"),
                "measurement_date": lab_day.isoformat(),
                "measurement_datetime": f"{lab_day.isoformat()} 00:00:00",
                "measurement_type_concept_id": 0, "value_as_number": LAB_VALUES[level],
                "range_low": LAB_RANGE[0], "range_high": LAB_RANGE[1],
                "operator_concept_id": 0, "value_as_concept_id": 0,
                "measurement_source_value": code,
            })
        if name in RECORDED:
            vocab, code = RECORDED[name]
            rows["condition_occurrence"].append({
                "condition_occurrence_id": nxt("condition_occurrence"), "person_id": person_id,
                "condition_concept_id": concept(vocab, code, f"recorded diagnosis {vocab} {code}",
                                                "Condition"),
                "condition_start_date": lab_day.isoformat(),
                "condition_start_datetime": f"{lab_day.isoformat()} 00:00:00",
                "condition_type_concept_id": 0, "condition_source_value": code,
                "condition_source_concept_id": 0,
            })
            manifest.setdefault("recorded", {})[name] = f"{vocab}:{code}"
    db.insert("concept", new_concepts)
    for table, rs in rows.items():
        db.insert(table, rs)
    manifest["concepts_added"] = len(new_concepts)
    manifest["known_terms"] = len(known_terms)
    manifest["projected"] = {name: projected_input(case["input"], onset_below, known_terms)
                             for name, case in cases}
    return manifest


def read_cases(directory: str) -> List[Tuple[str, Dict[str, Any]]]:
    out = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        out.append((doc.get("name") or os.path.basename(path)[:-5], doc))
    if not out:
        raise SystemExit(f"omop_spike: no cases in {directory}")
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    import duckdb

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--duckdb", metavar="FILE")
    src.add_argument("--omop-csv", metavar="DIR")
    p.add_argument("--schema")
    p.add_argument("--out", required=True, metavar="COPY.duckdb")
    p.add_argument("--cases", default=os.path.join(ROOT, "tests", "cases"))
    p.add_argument("--manifest", metavar="FILE.json")
    args = p.parse_args(argv)
    if os.path.exists(args.out):
        os.remove(args.out)
    if args.duckdb:
        shutil.copyfile(args.duckdb, args.out)
        con = duckdb.connect(args.out)
    else:
        from poh.omop import load_csv_dir

        con = duckdb.connect(args.out)
        load_csv_dir(con, args.omop_csv)
    manifest = spike(con, read_cases(args.cases), schema=args.schema)
    con.execute("CHECKPOINT")
    con.close()
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1, sort_keys=True)
    print(f"{args.out}: {len(manifest['persons'])} persons spiked "
          f"(ids {min(manifest['persons'].values())}-{max(manifest['persons'].values())}), "
          f"{manifest['concepts_added']} concepts added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
