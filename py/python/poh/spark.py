"""Screening on Spark: `screen` evaluates a DataFrame of findings rows with ``mapInArrow``,
so each executor hands its Arrow batches straight to the Rust core (`poh.evaluate_arrow`):
no pandas, no Python object per person.

The DataFrame has the findings columns of `poh.arrow` (``person_id`` passed through;
``phenotypes`` an array of structs id/excluded/onset_months/modifiers), and the result
has the results columns of `poh.evaluate_arrow`, row for row the same values.

Every executor needs the poh wheel (with its Arrow support, the default build) and
pyarrow in the Python that ``PYSPARK_PYTHON`` names: py/README.md, "Spark", gives the
recipe for a cluster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame  # type: ignore[import-not-found,import-untyped,unused-ignore]

__all__ = ["screen", "results_schema"]


def results_schema(df: "DataFrame") -> Any:
    """The Spark schema of ``screen(df)``, from the Arrow results schema of ``df``'s own
    schema. Raises `poh.InputError` when ``df`` has a column that is not a findings
    column, or one of the wrong type."""
    from pyspark.sql.pandas.types import (  # type: ignore[import-not-found,import-untyped,unused-ignore]
        from_arrow_schema,
        to_arrow_schema,
    )

    from .arrow import evaluate_arrow

    arrow_in = to_arrow_schema(df.schema)
    # An empty table of the input's schema: the native reader checks the schema and
    # states the results' schema without evaluating anything.
    return from_arrow_schema(evaluate_arrow(arrow_in.empty_table()).schema)


def _evaluate_batches(batches: Iterator[Any]) -> Iterator[Any]:
    # Runs on the executors: one results batch per (at most 65,536-row slice of an)
    # input batch, as Spark pulls them.
    from poh.arrow import evaluate_arrow_reader

    for batch in batches:
        yield from evaluate_arrow_reader(batch)


def screen(df: "DataFrame") -> "DataFrame":
    """Evaluate every row of ``df`` (findings columns) on the executors; returns a
    DataFrame of results, one row per input row (lazy, as any Spark transformation)."""
    return df.mapInArrow(_evaluate_batches, results_schema(df))
