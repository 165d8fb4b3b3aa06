"""Cohorts as pandas DataFrames. pandas is optional: it is imported only here, on use."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from .assessment import Assessment
from .evaluation import evaluate_many

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["evaluate_frame", "assessments_frame"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised in a subprocess test
        raise ImportError(
            "poh.evaluate_frame needs pandas, which is not installed: "
            "pip install pandas (or pip install 'poh[pandas]')"
        ) from None
    return pandas


def _plain(v: Any) -> Any:
    """A cell as a JSON value: numpy scalars become Python ones, and an integral float
    becomes an int (pandas turns an integer column with gaps into floats)."""
    if hasattr(v, "item") and not isinstance(v, (list, dict, str, bytes)):
        try:
            v = v.item()
        except (ValueError, TypeError):
            pass
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not _missing(x)}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "tolist"):
        return _plain(v.tolist())
    return v


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _row(record: Dict[str, Any]) -> Dict[str, Any]:
    # A missing cell is an unknown field, exactly as an omitted key.
    return {k: _plain(v) for k, v in record.items() if not _missing(_plain(v))}


def evaluate_frame(
    data: Any,
    *,
    column: Optional[str] = None,
    errors: str = "raise",
    phenopacket: bool = False,
) -> "pd.DataFrame":
    """Evaluate a cohort and return one row of results per patient, on the same index.

    ``data`` is a DataFrame whose columns are findings fields (``age_months``, ``sex``,
    ``phenotypes``, ``labs``, ...; a missing cell means unknown; any other column is
    rejected by the core as an unknown field), or, with ``column=``, a DataFrame with one
    column of findings (dicts, JSON text or `poh.Findings`), or a Series of findings.

    With ``errors="return"`` a rejected row gets ``error_code``/``error_kind``/``error``
    and empty results instead of raising.
    """
    pd = _pandas()
    if isinstance(data, pd.Series):
        items: List[Any] = list(data)
        index = data.index
    elif isinstance(data, pd.DataFrame):
        index = data.index
        if column is not None:
            items = list(data[column])
        else:
            items = [_row(r) for r in data.to_dict(orient="records")]
    else:
        raise TypeError(f"expected a pandas DataFrame or Series, got {type(data).__name__}")
    results = evaluate_many(items, errors=errors, phenopacket=phenopacket)
    return assessments_frame(results, index=index)


def assessments_frame(results: Any, index: Any = None) -> "pd.DataFrame":
    """One row per assessment (or `poh.PohError`, from ``errors="return"``): verdict,
    criteria, supporting findings, POH score, the leading candidate, and each disease's
    posterior (thousandths) and log10 LR (thousandths), plus the `Assessment` itself."""
    pd = _pandas()
    from . import _core

    records = []
    for r in results:
        rec: Dict[str, Any]
        if isinstance(r, Assessment):
            # The summary comes from the core's data: no assessment JSON is written.
            rec = r.summary()
            rec["error_code"] = None
            rec["error_kind"] = None
            rec["error"] = None
            rec["assessment"] = r
        elif isinstance(r, _core.PohError):
            rec = {}
            rec["error_code"] = r.code
            rec["error_kind"] = r.kind
            rec["error"] = str(r)
            rec["assessment"] = None
        else:
            raise TypeError(f"expected Assessment or PohError, got {type(r).__name__}")
        records.append(rec)
    df = pd.DataFrame.from_records(records, index=index)
    # Nullable integers keep the counts integral when some rows were rejected.
    for col in df.columns:
        if col.startswith(("poh_", "top_posterior", "posterior_permille.", "log10_lr_milli.", "error_code")):
            df[col] = df[col].astype("Int64")
    return df
