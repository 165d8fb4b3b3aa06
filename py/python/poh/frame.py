"""Cohorts as pandas DataFrames. pandas is optional: it is imported only here, on use.

Three layouts of findings in a DataFrame (py/README.md, "Cohorts in pandas"), each read
into one findings document per patient; the core decides everything else:

* **nested**: one row per patient, one column per findings field (``age_months``, ``sex``,
  ``phenotypes``, ``labs``, ...), a section's cells as dicts (``{"pth": "normal"}``) or
  JSON text (a CSV), ``phenotypes`` as a list of entries or of id strings (or JSON text,
  or ids separated by ``;``), or a section's fields as flat columns named ``labs.pth`` or
  ``labs_pth``;
* **wide**: one row per patient, one column per HPO term (``HP:0025027``, or
  ``HP_0025027``) holding True (present), False (excluded: examined and absent) or a
  missing value (unknown), beside any columns of the nested layout (``labs_pth``, ...);
* **long**: one row per patient and finding (``patient_id``, ``hpo_id``, ``excluded``,
  ``onset_months``), patient-level fields (``age_months``, ``labs_pth``, ...) in columns
  of their own, the same on every row of a patient.

A missing cell is always *unknown*, never absent or normal.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Dict, Hashable, List, Optional, Sequence, Tuple

from . import _core
from .assessment import Assessment
from .evaluation import evaluate, evaluate_many
from .findings import _missing, normalize

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "evaluate_frame",
    "assessments_frame",
    "findings_series",
    "from_long",
    "LAYOUTS",
    "FIELDS",
    "SECTIONS",
]

LAYOUTS = ("nested", "wide", "long")
# The sections of the findings schema (a dict each) and its top-level fields.
SECTIONS = ("labs", "gnas", "history", "imaging", "treatment", "options")
FIELDS = ("age_months", "sex", "phenotypes") + SECTIONS

_HPO_COLUMN = re.compile(r"HP[:_](\d{7})")
_FLAT = re.compile(r"(%s)[._](\w+)" % "|".join(SECTIONS))
_ID_SEPARATORS = re.compile(r"[;,\s]+")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised in a subprocess test
        raise ImportError(
            "poh.evaluate_frame needs pandas, which is not installed: "
            "pip install pandas (or pip install 'poh[pandas]')"
        ) from None
    return pandas


def _error(code: int, message: str, label: Any = None) -> _core.PohError:
    e = _core.error(code, message)
    if label is not None:
        e.index = label
    return e


Column = Tuple[str, Any]  # (kind, detail): ("field", name), ("flat", (section, key)), ("term", id)


def _columns(columns: Sequence[Any], skip: Sequence[Any]) -> Dict[Any, Column]:
    """What each column of a nested or wide frame holds; an unknown column is refused
    before any row is read (it is the caller's table, not one patient's data)."""
    kinds: Dict[Any, Column] = {}
    unknown = []
    for c in columns:
        if c in skip:
            continue
        name = str(c)
        m = _HPO_COLUMN.fullmatch(name)
        f = _FLAT.fullmatch(name)
        if name in FIELDS:
            kinds[c] = ("field", name)
        elif m:
            kinds[c] = ("term", f"HP:{m.group(1)}")
        elif f:
            kinds[c] = ("flat", (f.group(1), f.group(2)))
        else:
            unknown.append(name)
    if unknown:
        raise _error(
            102,
            f"column {', '.join(map(repr, unknown))} is not a findings field. A frame's "
            f"columns are the findings fields ({', '.join(FIELDS)}), a section's fields as "
            "labs.pth or labs_pth, or one column per HPO term (HP:0025027: True, False or "
            "missing); an identifier column is named with id_column=",
        )
    return kinds


def _cell(value: Any, field: str) -> Any:
    """A nested cell as a findings value: JSON text (a CSV's cell) parsed, ids separated
    by ``;`` in a ``phenotypes`` text cell split."""
    if isinstance(value, str) and field != "sex":
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return json.loads(text)
            except ValueError:
                raise _core.error(100, f"{field}: the cell is not valid JSON: {text[:40]!r}") from None
        if field == "phenotypes":
            return [i for i in _ID_SEPARATORS.split(text) if i]
    return value


def _term_state(value: Any, column: Any) -> Optional[bool]:
    """A wide layout's term cell: True present, False excluded, missing unknown."""
    if _missing(value):
        return None
    v = normalize({"v": value}).get("v")
    if isinstance(v, str) and v.lower() in ("true", "false"):
        v = v.lower() == "true"
    if v in (True, False, 0, 1):
        return bool(v)
    raise _core.error(
        101,
        f"column {column!s}: {value!r} is not True (present), False (excluded) or missing (unknown)",
    )


def _row_findings(row: Dict[Any, Any], kinds: Dict[Any, Column]) -> Dict[str, Any]:
    d: Dict[str, Any] = {}
    terms: List[Dict[str, Any]] = []
    for col, (kind, detail) in kinds.items():
        value = row[col]
        if kind == "term":
            state = _term_state(value, col)
            if state is not None:
                terms.append({"id": detail, "excluded": not state})
            continue
        if _missing(value):
            continue
        if kind == "field":
            d[detail] = _cell(value, detail)
        else:
            section, key = detail
            d.setdefault(section, {})[key] = value
    if terms:
        d["phenotypes"] = list(d.get("phenotypes") or []) + terms
    return d


def findings_series(
    data: Any,
    *,
    layout: str = "nested",
    id_column: Optional[str] = None,
    **long_options: str,
) -> "pd.Series":
    """The findings document of each patient of a DataFrame in one of the `LAYOUTS`, as
    a Series of dicts indexed by the patient (the ``id_column`` values, else the frame's
    index); what `evaluate_frame` evaluates. A row that cannot be read gives its
    `poh.PohError` in its place (``.index`` its label)."""
    pd = _pandas()
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(data).__name__}")
    if layout == "long":
        return from_long(data, id_column=id_column or "patient_id", **long_options)
    if long_options:
        raise TypeError(f"{', '.join(long_options)}: options of the long layout only")
    if id_column is not None and id_column not in data.columns:
        raise KeyError(f"id_column {id_column!r} is not a column of the frame")
    kinds = _columns(list(data.columns), [id_column] if id_column else [])
    index = pd.Index(data[id_column], name=id_column) if id_column else data.index
    items: List[Any] = []
    for label, row in zip(index, data.to_dict(orient="records")):
        try:
            items.append(_row_findings(row, kinds))
        except _core.PohError as e:
            e.index = label
            items.append(e)
    return pd.Series(items, index=index, dtype=object)


def from_long(
    data: Any,
    *,
    id_column: str = "patient_id",
    term_column: str = "hpo_id",
    excluded_column: str = "excluded",
    onset_column: str = "onset_months",
) -> "pd.Series":
    """A long frame (one row per patient and finding) as one findings dict per patient,
    in the order patients first appear. ``term_column`` holds an HPO id (a row without
    one carries only patient-level fields), ``excluded_column`` True for a term examined
    and absent (missing: present), ``onset_column`` the onset in months; every other
    column is a patient-level field of the nested layout (``age_months``, ``sex``,
    ``labs_pth``, ...), the same on every row of a patient where given."""
    pd = _pandas()
    for c in (id_column, term_column):
        if c not in data.columns:
            raise KeyError(f"the long layout needs a column {c!r} (rename it or pass {c!r} as an option)")
    own = [id_column, term_column, excluded_column, onset_column]
    kinds = _columns([c for c in data.columns if c not in own], [])
    patients: Dict[Hashable, Dict[str, Any]] = {}
    failed: Dict[Hashable, _core.PohError] = {}
    for row in data.to_dict(orient="records"):
        pid = row[id_column]
        if pid in failed:
            continue
        d = patients.setdefault(pid, {})
        try:
            _long_row(d, row, kinds, term_column, excluded_column, onset_column)
        except _core.PohError as e:
            e.index = pid
            failed[pid] = e
    items = [failed.get(pid, d) for pid, d in patients.items()]
    return pd.Series(items, index=pd.Index(list(patients), name=id_column), dtype=object)


def _long_row(
    d: Dict[str, Any],
    row: Dict[Any, Any],
    kinds: Dict[Any, Column],
    term_column: str,
    excluded_column: str,
    onset_column: str,
) -> None:
    term = row[term_column]
    if not _missing(term):
        entry: Dict[str, Any] = {"id": term}
        excluded = row.get(excluded_column)
        if excluded is not None and not _missing(excluded):
            entry["excluded"] = excluded
        onset = row.get(onset_column)
        if onset is not None and not _missing(onset):
            entry["onset_months"] = onset
        d.setdefault("phenotypes", []).append(entry)
    for col, value in _row_findings(row, kinds).items():
        if col == "phenotypes":
            d.setdefault("phenotypes", []).extend(value)
        elif isinstance(value, dict):
            section = d.setdefault(col, {})
            for k, v in value.items():
                _agree(section, k, v, f"{col}.{k}")
        else:
            _agree(d, col, value, col)


def _agree(d: Dict[str, Any], key: str, value: Any, path: str) -> None:
    if key in d and d[key] != value:
        raise _core.error(
            106,
            f"{path}: {d[key]!r} on one row of the patient and {value!r} on another "
            "(a patient-level field must be the same on every row)",
        )
    d[key] = value


def evaluate_frame(
    data: Any,
    *,
    layout: str = "nested",
    id_column: Optional[str] = None,
    column: Optional[str] = None,
    errors: str = "raise",
    phenopacket: bool = False,
    progress: Optional[bool] = None,
    **long_options: str,
) -> "pd.DataFrame":
    """Evaluate a cohort and return one row of results per patient.

    ``data`` is a DataFrame in one of the `LAYOUTS` (``"nested"``, the default, also
    reads the wide layout's HPO-term columns; ``layout="long"`` takes `from_long`'s
    options), or, with ``column=``, a DataFrame with one column of findings (dicts, JSON
    text, `poh.Findings`, lists of HPO ids; phenopackets with ``phenopacket=True``), or a
    Series of findings. The result's index is the ``id_column`` values (default
    ``"patient_id"`` for the long layout), else the frame's index.

    ``errors="raise"`` (default) raises the first rejected row's `poh.PohError`, its
    ``.index`` the row's label; ``errors="return"`` gives a rejected row its
    ``error_code``, ``error_kind``, ``error`` and ``error_path`` and empty results (every
    column is there whatever fails). ``progress`` as in `poh.evaluate_many`.
    """
    pd = _pandas()
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    if isinstance(data, pd.Series):
        items: List[Any] = list(data)
        index = data.index
    elif isinstance(data, pd.DataFrame) and column is not None:
        items = list(data[column])
        index = pd.Index(data[id_column], name=id_column) if id_column else data.index
    elif isinstance(data, pd.DataFrame) and not phenopacket:
        series = findings_series(data, layout=layout, id_column=id_column, **long_options)
        items, index = list(series), series.index
    elif isinstance(data, pd.DataFrame):
        raise TypeError("phenopacket=True needs column= (a column of phenopackets)")
    else:
        raise TypeError(f"expected a pandas DataFrame or Series, got {type(data).__name__}")
    labels = list(index)
    good = [i for i, x in enumerate(items) if not isinstance(x, _core.PohError)]
    evaluated = evaluate_many(
        [items[i] for i in good], errors="return", phenopacket=phenopacket, progress=progress
    )
    results: List[Any] = list(items)
    for i, r in zip(good, evaluated):
        if isinstance(r, _core.PohError):
            r.index = labels[i]
        results[i] = r
    if errors == "raise":
        for r in results:
            if isinstance(r, _core.PohError):
                raise r
    return assessments_frame(results, index=index)


@lru_cache(maxsize=1)
def _summary_columns() -> Tuple[str, ...]:
    """The columns of an assessment's summary (the same for every assessment: the
    knowledge base fixes the criteria and diseases)."""
    return tuple(evaluate({}).summary())


_INTEGER_COLUMNS = ("poh_", "top_posterior", "other_posterior", "posterior_permille.", "log10_lr_milli.", "error_code")


def assessments_frame(results: Any, index: Any = None) -> "pd.DataFrame":
    """One row per assessment (or `poh.PohError`, from ``errors="return"``): verdict,
    criteria, supporting findings, POH score, the leading candidate, and each disease's
    posterior (thousandths) and log10 LR (thousandths), the error columns, and the
    `Assessment` itself. Every column is there whatever the results are."""
    pd = _pandas()
    summary = _summary_columns()
    empty = dict.fromkeys(summary)
    records = []
    for r in results:
        rec: Dict[str, Any]
        if isinstance(r, Assessment):
            # The summary comes from the core's data: no assessment JSON is written.
            rec = r.summary()
            rec.update(error_code=None, error_kind=None, error=None, error_path=None, assessment=r)
        elif isinstance(r, _core.PohError):
            rec = dict(empty)
            rec.update(
                error_code=r.code,
                error_kind=r.kind,
                error=str(r),
                error_path=getattr(r, "path", None),
                assessment=None,
            )
        else:
            raise TypeError(f"expected Assessment or PohError, got {type(r).__name__}")
        records.append(rec)
    columns = [*summary, "error_code", "error_kind", "error", "error_path", "assessment"]
    df = pd.DataFrame.from_records(records, index=index, columns=columns)
    # Nullable integers keep the counts integral when some rows were rejected.
    for col in df.columns:
        if col.startswith(_INTEGER_COLUMNS):
            df[col] = df[col].astype("Int64")
    return df
