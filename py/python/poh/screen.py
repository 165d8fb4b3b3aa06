"""Screen an OMOP population: findings rows (`poh.omop`) in, one result row per person out.

`evaluate_rows` is the one place that hands findings rows to the core; everything else
here is bookkeeping: the results table, the OMOP ``cohort`` rows for flagged persons, the
counts the report shows. No clinical logic: the verdict, the flag and the scores are the
core's.

>>> import duckdb, poh.screen
>>> con = duckdb.connect()
>>> _ = con.execute("CREATE TABLE person (person_id BIGINT, year_of_birth INTEGER); "
...                 "INSERT INTO person VALUES (7, 1990), (8, 2001)")
>>> _ = con.execute("CREATE TABLE concept (concept_id BIGINT, vocabulary_id VARCHAR, "
...                 "concept_code VARCHAR)")
>>> run = poh.screen.screen(con)
>>> run.results.num_rows, run.results["verdict"].to_pylist()
(2, ['indeterminate', 'indeterminate'])
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import HPO_RELEASE, KB_VERSION, __version__, progress
from .assessment import Assessment
from .arrow import evaluate_arrow
from .evaluation import evaluate, evaluate_many
from .omop import FINDINGS_COLUMNS, OmopSource, map_version

__all__ = [
    "RESULT_COLUMNS",
    "ScreenRun",
    "evaluate_rows",
    "findings_dict",
    "screen",
    "cohort_rows",
    "FLAGGED_LEVELS",
]

# Flags that put a person in the cohort (poh_core::Flag: none | review | likely).
FLAGGED_LEVELS = ("review", "likely")

_CRITERIA = ("superficial_to_deep", "aho_at_most_two", "no_pth_resistance")


def _pa() -> Any:
    import pyarrow  # type: ignore[import-untyped,unused-ignore]

    return pyarrow


def result_schema() -> Any:
    pa = _pa()
    return pa.schema(
        [
            ("person_id", pa.int64()),
            ("error_code", pa.int32()),
            ("error_kind", pa.string()),
            ("error", pa.string()),
            ("verdict", pa.string()),
            ("flag", pa.string()),
            ("poh_posterior_permille", pa.int32()),
            ("poh_log10_lr_milli", pa.int32()),
            ("leader_id", pa.string()),
            ("other_posterior_permille", pa.int32()),
            ("criteria", pa.string()),
        ]
    )


RESULT_COLUMNS = (
    "person_id", "error_code", "error_kind", "error", "verdict", "flag",
    "poh_posterior_permille", "poh_log10_lr_milli", "leader_id", "other_posterior_permille",
    "criteria",
)


_GROUPS = (
    ("labs", ("pth", "calcium", "phosphate", "tsh")),
    ("gnas", ("result", "parent_of_origin")),
    ("history", ("trauma_or_surgery_at_site", "neurological_injury", "father_affected",
                 "mother_affected")),
    ("imaging", ("specific_pattern",)),
)
_GROUP_COLUMNS = tuple((g, k, f"{g}_{k}") for g, keys in _GROUPS for k in keys)


def findings_dict(row: Dict[str, Any],
                  columns: Sequence[Tuple[str, str, str]] = _GROUP_COLUMNS) -> Dict[str, Any]:
    """A findings row (Arrow findings schema, as a Python dict) as the findings JSON
    document: a NULL cell is an unknown field, left out. `columns` (group, key, column)
    limits the grouped fields looked at (those not null somewhere in a batch)."""
    d: Dict[str, Any] = {}
    if row.get("age_months") is not None:
        d["age_months"] = row["age_months"]
    if row.get("sex") is not None:
        d["sex"] = row["sex"]
    phenotypes = []
    for p in row.get("phenotypes") or ():
        e: Dict[str, Any] = {"id": p["id"], "excluded": bool(p["excluded"])}
        if p.get("onset_months") is not None:
            e["onset_months"] = p["onset_months"]
        phenotypes.append(e)
    if phenotypes:
        d["phenotypes"] = phenotypes
    for group, key, column in columns:
        v = row.get(column)
        if v is not None:
            d.setdefault(group, {})[key] = v
    return d


# The summary columns the screen reads (poh.evaluate_arrow gives these and more).
_FRAME_KEYS = ("verdict", "flag", "poh_posterior_permille", "poh_log10_lr_milli", "top_id",
               "other_posterior_permille", *(f"criterion.{k}" for k in _CRITERIA))


def _frame_row(person_id: Any, r: Any) -> Dict[str, Any]:
    """One row in the columns of `poh.evaluate_arrow`'s results that the screen reads:
    person_id, the error, then summary columns of `poh.assessments_frame` (``top_*``
    named ``leader_*``)."""
    if isinstance(r, Assessment):
        row: Dict[str, Any] = {"person_id": person_id, "error_code": None, "error_kind": None,
                               "error_message": None}
        s = r.summary()
        for k in _FRAME_KEYS:
            if k in s:
                row["leader" + k[3:] if k.startswith("top_") else k] = s[k]
        return row
    return {"person_id": person_id, "error_code": r.code, "error_kind": r.kind,
            "error_message": str(r)}


def _evaluate_dicts(findings: Any) -> Any:
    """`poh.evaluate_many` on the rows of an Arrow batch as findings dicts, results in the
    columns of `poh.evaluate_arrow` (the same validation and results, more slowly)."""
    pa = _pa()
    cols = findings.to_pydict()
    rows = [dict(zip(cols, values)) for values in zip(*cols.values())]
    used = tuple(c for c in _GROUP_COLUMNS
                 if c[2] in findings.column_names and findings[c[2]].null_count < findings.num_rows)
    results = evaluate_many([findings_dict(r, used) for r in rows], errors="return")
    out = [_frame_row(r["person_id"], a) for r, a in zip(rows, results)]
    names: Dict[str, None] = {}
    for o in out:
        names.update(dict.fromkeys(o))
    return pa.Table.from_pylist([{n: o.get(n) for n in names} for o in out]) if out else None


def _project(full: Any, n: int) -> Any:
    """The screen's `RESULT_COLUMNS` from results in `poh.evaluate_arrow`'s columns."""
    pa, pc = _pa(), _pc()
    schema = result_schema()
    if full is None:
        return schema.empty_table()

    def col(name: str, typ: Any) -> Any:
        if name in full.column_names:
            return full[name].cast(typ)
        return pa.nulls(n, typ)

    parts = [full[f"criterion.{k}"].cast(pa.string()) if f"criterion.{k}" in full.column_names
             else pa.nulls(n, pa.string()) for k in _CRITERIA]
    labelled = [pc.binary_join_element_wise(pa.scalar(f"{k}="), p, "")
                for k, p in zip(_CRITERIA, parts)]
    criteria = pc.binary_join_element_wise(*labelled, ";")
    arrays = {
        "person_id": col("person_id", pa.int64()),
        "error_code": col("error_code", pa.int32()),
        "error_kind": col("error_kind", pa.string()),
        "error": col("error_message", pa.string()),
        "verdict": col("verdict", pa.string()),
        "flag": col("flag", pa.string()),
        "poh_posterior_permille": col("poh_posterior_permille", pa.int32()),
        "poh_log10_lr_milli": col("poh_log10_lr_milli", pa.int32()),
        "leader_id": col("leader_id", pa.string()),
        "other_posterior_permille": col("other_posterior_permille", pa.int32()),
        "criteria": criteria,
    }
    return pa.table(arrays, schema=schema)


def _result_of(person_id: int, r: Any) -> Dict[str, Any]:
    """One result row (`RESULT_COLUMNS`) of an assessment or a `poh.PohError`."""
    full = _pa().Table.from_pylist([_frame_row(person_id, r)])
    return dict(_project(full, 1).to_pylist()[0])


def evaluate_rows(batch: Any) -> Any:
    """The core's results for one Arrow batch of findings rows (`FINDINGS_COLUMNS`): a
    `pyarrow.Table` of `RESULT_COLUMNS`, one row per input row, in order; a rejected row
    carries the core's error code, kind and message.

    The rows cross into the core as Arrow (`poh.evaluate_arrow`: no Python object per
    row, the GIL released); `_evaluate_dicts` is the same through `poh.evaluate_many` on
    the rows as dicts (the same validation and results; tests/omop checks both agree).
    """
    findings = batch.select(list(FINDINGS_COLUMNS))
    full = evaluate_arrow(findings)  # the dict path, _evaluate_dicts(findings), gives the same
    if "flag" not in full.column_names and batch.num_rows:
        # An Arrow entry point that predates the core's alert flag: the screen needs the
        # flag, so these rows go through the dict path, which has it.
        full = _evaluate_dicts(findings)
    return _project(full, batch.num_rows)


@dataclass
class ScreenRun:
    """Everything one screen produced (all `pyarrow.Table`s unless said otherwise)."""

    results: Any  # RESULT_COLUMNS + recorded_diagnoses, evidence_date, observation_end
    flagged_findings: Any  # the findings rows of the flagged persons
    unmapped: Any
    unresolved: Any
    persons: int
    seconds: float
    evaluate_seconds: float
    cdm_version: str
    schema: str
    vocabulary_schema: str
    notes: List[str]
    resolved: Dict[str, int]
    versions: Dict[str, str] = field(default_factory=dict)

    @property
    def flag_counts(self) -> Dict[str, int]:
        pc = _pc()
        counts = {"none": 0, "review": 0, "likely": 0, "not available": 0, "error": 0}
        for v in pc.value_counts(self.results["flag"].fill_null("")).to_pylist():
            counts[v["values"] or "not available"] = counts.get(v["values"], 0) + v["counts"]
        errors = pc.sum(pc.is_valid(self.results["error_code"]).cast("int64")).as_py() or 0
        counts["not available"] -= errors
        counts["error"] = errors
        return {k: n for k, n in counts.items() if n or k in ("none", "review", "likely")}

    def flagged(self) -> Any:
        pc = _pc()
        return self.results.filter(pc.is_in(self.results["flag"], _pa().array(FLAGGED_LEVELS)))

    def flagged_findings_of(self, person_id: int) -> Dict[str, Any]:
        """The findings row of one flagged person, as a dict."""
        pc = _pc()
        rows = self.flagged_findings.filter(pc.equal(self.flagged_findings["person_id"],
                                                     person_id)).to_pylist()
        if not rows:
            raise KeyError(f"person {person_id} is not flagged")
        return dict(rows[0])

    def reasons(self, person_id: int) -> Assessment:
        """The full assessment of one flagged person (for the report's reasons)."""
        return evaluate(findings_dict(self.flagged_findings_of(person_id)))


def _pc() -> Any:
    import pyarrow.compute  # type: ignore[import-untyped,unused-ignore]

    return pyarrow.compute


def screen(
    con: Any,
    *,
    schema: Optional[str] = None,
    vocabulary_schema: Optional[str] = None,
    batch_size: int = 65536,
    progress: Optional[Callable[[int, int], None]] = None,
) -> ScreenRun:
    """Screen the OMOP CDM in DuckDB connection `con`. `progress(done, total)` is called
    after each batch."""
    pa, pc = _pa(), _pc()
    t0 = time.perf_counter()
    src = OmopSource(con, schema=schema, vocabulary_schema=vocabulary_schema,
                     batch_size=batch_size)
    total = src.persons()
    parts: List[Any] = []
    flagged_parts: List[Any] = []
    done = 0
    t_eval = 0.0
    reader = src.findings()
    for batch in reader:
        t1 = time.perf_counter()
        res = evaluate_rows(batch)
        t_eval += time.perf_counter() - t1
        side = pa.Table.from_batches([batch]).select(
            ["age_months", "sex", "recorded_diagnoses", "evidence_date", "observation_end"])
        for name in side.column_names:
            res = res.append_column(name, side[name])
        parts.append(res)
        mask = pc.is_in(res["flag"], pa.array(FLAGGED_LEVELS))
        if pc.any(mask).as_py():
            flagged_parts.append(pa.Table.from_batches([batch]).filter(mask))
        done += batch.num_rows
        if progress is not None:
            progress(done, total)
    results = pa.concat_tables(parts) if parts else _empty_results()
    flagged = (pa.concat_tables(flagged_parts) if flagged_parts
               else reader.schema.empty_table())
    run = ScreenRun(
        results=results,
        flagged_findings=flagged,
        unmapped=src.unmapped(),
        unresolved=src.unresolved(),
        persons=total,
        seconds=time.perf_counter() - t0,
        evaluate_seconds=t_eval,
        cdm_version=src.cdm_version,
        schema=src.schema or "",
        vocabulary_schema=src.vocabulary_schema or "",
        notes=list(src.notes),
        resolved=src.resolved_counts(),
        versions={"poh": __version__, "kb": KB_VERSION, "hpo": HPO_RELEASE,
                  "concept_map": map_version()},
    )
    return run


def _empty_results() -> Any:
    pa = _pa()
    s = result_schema()
    for name, t in (("recorded_diagnoses", pa.list_(pa.string())),
                    ("evidence_date", pa.date32()), ("observation_end", pa.date32())):
        s = s.append(pa.field(name, t))
    return s.empty_table()


def cohort_rows(run: ScreenRun, cohort_definition_id: int,
                levels: Sequence[str] = FLAGGED_LEVELS) -> Any:
    """OMOP ``cohort`` rows (CDM v5.4: cohort_definition_id, subject_id, cohort_start_date,
    cohort_end_date) for the persons whose flag is in `levels`. The start is the date of
    the latest record the screen read for that person (by then all its evidence was
    recorded); the end is the end of the person's latest observation period, or the start
    when later or absent."""
    pa, pc = _pa(), _pc()
    r = run.results.filter(pc.is_in(run.results["flag"], pa.array(list(levels))))
    starts = r["evidence_date"].to_pylist()
    ends = r["observation_end"].to_pylist()
    start_col: List[Optional[_dt.date]] = []
    end_col: List[Optional[_dt.date]] = []
    for s, e in zip(starts, ends):
        s = s if s is not None else e
        end_col.append(e if (e is not None and s is not None and e >= s) else s)
        start_col.append(s)
    return pa.table(
        {
            "cohort_definition_id": pa.array([cohort_definition_id] * r.num_rows, pa.int64()),
            "subject_id": r["person_id"],
            "cohort_start_date": pa.array(start_col, pa.date32()),
            "cohort_end_date": pa.array(end_col, pa.date32()),
        }
    )


def make_progress(enabled: bool) -> Callable[[int, int], None]:
    """A progress callback ``(done, total)``: tqdm when installed (``poh[progress]``),
    else a plain bar on standard error; nothing when not `enabled`."""
    return progress.callback(enabled, "person")
