"""Cohorts as Arrow: findings rows in, one results row per person out, evaluated by the
Rust core with no Python object per row and the GIL released (``poh._core.evaluate_arrow``).

The input is anything that speaks the Arrow PyCapsule interface (``__arrow_c_stream__``
or ``__arrow_c_array__``): a pyarrow ``Table``, ``RecordBatch`` or ``RecordBatchReader``,
a DuckDB relation, a polars ``DataFrame``, the batches of Spark's ``mapInArrow``. pyarrow
is needed only for the return types here (``pip install 'poh[arrow]'``); the native
stream itself can be handed to any Arrow consumer.

**Findings columns** (py/README.md, "Arrow"; any may be absent, and a missing column or a
null cell is *unknown*, never absent):

========================================  =============================================
``person_id``                             any type, passed through to the results
``age_months``                            any integer type (whole months)
``sex``                                   string: female, male, other, unknown
``phenotypes``                            list<struct<id: string, excluded: bool,
                                          onset_months: int, modifiers: list<string>>>
                                          (struct fields optional; null or [] = none)
``labs_pth``, ``labs_calcium``,           string: low, normal, high, unknown
``labs_phosphate``, ``labs_tsh``,         (``labs_gs_alpha_activity``: low, normal,
``labs_gs_alpha_activity``                unknown)
``gnas_result``                           string: pathogenic, likely_pathogenic, vus,
                                          negative, not_tested
``gnas_parent_of_origin``                 string: paternal, maternal, de_novo, unknown
``history_trauma_or_surgery_at_site``,    bool
``history_neurological_injury``,
``history_father_affected``,
``history_mother_affected``
``imaging_specific_pattern``              bool
``treatment_active_vitamin_d``            bool (a normal PTH then weighs nothing)
``options_aho_list``                      string: a key of ``poh.kb.aho_lists()``
``options_pretest_per_million``           any integer type, 1 to 999,999 (a clinic's
                                          pretest of the modelled set)
========================================  =============================================

Each row is read by the core's own findings reader, so it gets exactly the findings (and
the errors) of the equivalent findings dict. Any other column, or a column of a type that
cannot hold its field, raises `poh.InputError` before anything is evaluated.

**Results columns**: ``person_id`` (when given), ``error_code`` (int32), ``error_kind``,
``error_message`` (null unless the row was rejected; then every other column is null),
then the columns of `poh.assessments_frame`, in its order: ``verdict``, ``provisional``, ``flag``,
``criterion.<key>``, ``supporting.<key>``, ``poh_log10_lr_milli``,
``poh_posterior_permille``, ``poh_rank``, ``leader_id``, ``leader_abbreviation``,
``leader_posterior_permille`` (the frame's ``top_*``), ``other_posterior_permille``, ``posterior_permille.<abbr>`` and
``log10_lr_milli.<abbr>`` per disease, ``unrecognized`` (list<string>).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

__all__ = ["evaluate_arrow", "evaluate_arrow_reader", "FINDINGS_COLUMNS"]

#: The findings columns the Arrow reader takes, in the findings schema's order.
FINDINGS_COLUMNS = (
    "age_months",
    "sex",
    "phenotypes",
    "labs_pth",
    "labs_calcium",
    "labs_phosphate",
    "labs_tsh",
    "labs_gs_alpha_activity",
    "gnas_result",
    "gnas_parent_of_origin",
    "history_trauma_or_surgery_at_site",
    "history_neurological_injury",
    "history_father_affected",
    "history_mother_affected",
    "imaging_specific_pattern",
    "treatment_active_vitamin_d",
    "options_aho_list",
    "options_pretest_per_million",
)


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "poh.evaluate_arrow needs pyarrow, which is not installed: "
            "pip install pyarrow (or pip install 'poh[arrow]')"
        ) from None
    return pyarrow


def _native(data: Any) -> Any:
    evaluate = getattr(_core, "evaluate_arrow", None)
    if evaluate is None:  # pragma: no cover - a build without the cargo feature
        raise ImportError(
            "this build of poh has no Arrow support: it was built without the cargo "
            "feature `arrow` (py/README.md, 'Arrow')"
        )
    if not (hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")):
        raise TypeError(
            "expected Arrow data (an object with __arrow_c_stream__ or __arrow_c_array__: "
            f"a pyarrow Table or RecordBatchReader, a DuckDB relation, ...), got {type(data).__name__}"
        )
    return evaluate(data)


def evaluate_arrow_reader(data: Any) -> "pa.RecordBatchReader":
    """Evaluate findings rows given as Arrow; return a `pyarrow.RecordBatchReader` of
    results, one row per input row in order, evaluated batch by batch as it is read (at
    most 65,536 rows in flight), so memory stays bounded for any number of persons.

    Raises `poh.InputError` for a column that is not a findings column or of the wrong
    type; a rejected row is a results row with ``error_code`` set, never an exception."""
    pa = _pyarrow()
    return pa.RecordBatchReader.from_stream(_native(data))


def evaluate_arrow(data: Any) -> "pa.Table":
    """`evaluate_arrow_reader`, read whole into a `pyarrow.Table`."""
    return evaluate_arrow_reader(data).read_all()
