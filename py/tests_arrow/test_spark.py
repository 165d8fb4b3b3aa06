"""poh.spark.screen on a real Spark in local mode (local[2], loopback only): the results
are identical, row for row and column for column, to poh.evaluate_arrow on the same rows."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

import poh
from synthetic import Generator
from test_arrow import SCHEMA, table

N_SPARK = 6_000


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # py/run_arrow_tests.sh sets these; a session without them would run the workers on
    # the system python (no poh, no pyarrow) or bind to a public interface.
    assert os.environ.get("SPARK_LOCAL_IP") == "127.0.0.1"
    assert os.environ.get("PYSPARK_PYTHON")
    s = (
        SparkSession.builder.master("local[2]")
        .appName("poh-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def test_screen_is_identical_to_the_arrow_path(spark):
    g = Generator(42)
    t = table([g.row(i) for i in range(N_SPARK)])
    df = spark.createDataFrame(t).repartition(4)
    import poh.spark

    got = poh.spark.screen(df).toArrow().sort_by("person_id")
    want = poh.evaluate_arrow(t)
    assert got.column_names == want.column_names
    assert got.num_rows == N_SPARK
    for name in want.column_names:
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    assert got.column("error_code").null_count < N_SPARK  # some rows evaluated
    assert got.column("error_code").null_count > 0


def test_screen_rejects_a_bad_schema_before_running(spark):
    import poh.spark

    df = spark.createDataFrame(pa.table({"person_id": [1], "gender": ["female"]}))
    with pytest.raises(poh.InputError) as e:
        poh.spark.screen(df)
    assert e.value.kind == "unknown_field"


def test_results_schema_matches_the_arrow_schema(spark):
    import poh.spark

    df = spark.createDataFrame(table([]).select(["person_id", "sex"]))
    names = [f.name for f in poh.spark.results_schema(df).fields]
    assert names == poh.evaluate_arrow(pa.table({"person_id": pa.array([], pa.int64()),
                                                 "sex": pa.array([], pa.string())})).column_names
