#!/usr/bin/env python3
"""End-to-end throughput of the OMOP screen from a DuckDB file (reported, never asserted).

Builds a toy CDM v5.4 in a DuckDB file under target/bench/ (N persons, two conditions per
person of which one in ten is a mapped HPO/SNOMED/lab concept, half a measurement per
person with a range) and times ``python -m poh screen --duckdb FILE --out ...``: the SQL,
the evaluation and the writing of the results, cohort rows, unmapped concepts and report.

Usage: .venv/bin/python bench/omop_screen.py [--persons 1000000] [--runs 1]
Prints one line per run: persons, seconds, persons/s end to end, and the evaluation stage.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Codes from the concept map (py/python/poh/data/omop_concept_map.tsv): HPO source concepts
# of knowledge-base terms, and the lab LOINC codes. Their concept ids are this toy's own.
HPO = ["HP:0025027", "HP:0034282", "HP:0011987", "HP:0001156", "HP:0004322", "HP:0001513",
       "HP:0000311", "HP:0001249", "HP:0002901", "HP:0001510"]
LOINC = ["2731-8", "17861-6", "2777-1", "3016-3"]


def build(path: str, persons: int) -> None:
    import duckdb

    if os.path.exists(path):
        os.remove(path)
    con = duckdb.connect(path)
    con.execute("SELECT setseed(0.42)")
    con.execute("""CREATE TABLE concept AS
        SELECT 1000 + i AS concept_id, 'toy filler ' || i AS concept_name, 'Condition' AS domain_id,
               'SNOMED' AS vocabulary_id, 'Clinical Finding' AS concept_class_id, 'S' AS standard_concept,
               CAST(900000000 + i AS VARCHAR) AS concept_code, DATE '1970-01-01' AS valid_start_date,
               DATE '2099-12-31' AS valid_end_date, NULL AS invalid_reason
        FROM range(1000) t(i)""")
    for i, code in enumerate(HPO):
        con.execute("INSERT INTO concept VALUES (?, ?, 'Observation', 'HPO', 'HPO', NULL, ?, "
                    "DATE '1970-01-01', DATE '2099-12-31', NULL)", [10 + i, f"toy {code}", code])
    for i, code in enumerate(LOINC):
        con.execute("INSERT INTO concept VALUES (?, ?, 'Measurement', 'LOINC', 'Lab Test', 'S', ?, "
                    "DATE '1970-01-01', DATE '2099-12-31', NULL)", [30 + i, f"toy {code}", code])
    con.execute(f"""CREATE TABLE person AS
        SELECT i AS person_id, CASE WHEN random() < 0.5 THEN 8507 ELSE 8532 END AS gender_concept_id,
               1930 + CAST(floor(random() * 90) AS INTEGER) AS year_of_birth,
               1 + CAST(floor(random() * 12) AS INTEGER) AS month_of_birth, 15 AS day_of_birth,
               NULL::TIMESTAMP AS birth_datetime, 0 AS race_concept_id, 0 AS ethnicity_concept_id
        FROM range(1, {persons} + 1) t(i)""")
    con.execute("""CREATE TABLE observation_period AS
        SELECT person_id AS observation_period_id, person_id,
               make_date(year_of_birth, month_of_birth, 15) AS observation_period_start_date,
               DATE '2024-06-30' AS observation_period_end_date, 44814724 AS period_type_concept_id
        FROM person""")
    con.execute(f"""CREATE TABLE condition_occurrence AS
        SELECT row_number() OVER () AS condition_occurrence_id, p AS person_id,
               CASE WHEN m THEN 0 ELSE 1000 + CAST(floor(random() * 1000) AS BIGINT) END
                   AS condition_concept_id,
               DATE '2010-01-01' + CAST(floor(random() * 5000) AS INTEGER) AS condition_start_date,
               32020 AS condition_type_concept_id,
               CASE WHEN m THEN 10 + CAST(floor(random() * {len(HPO)}) AS BIGINT) ELSE 0 END
                   AS condition_source_concept_id
        FROM (SELECT 1 + CAST(floor(random() * {persons}) AS BIGINT) AS p, random() < 0.1 AS m
              FROM range({2 * persons}))""")
    con.execute("""CREATE TABLE observation (observation_id BIGINT, person_id BIGINT,
        observation_concept_id BIGINT, observation_date DATE, value_as_concept_id BIGINT,
        observation_source_concept_id BIGINT, observation_event_id BIGINT)""")
    con.execute(f"""CREATE TABLE measurement AS
        SELECT row_number() OVER () AS measurement_id, 1 + CAST(floor(random() * {persons}) AS BIGINT)
                   AS person_id,
               30 + CAST(floor(random() * {len(LOINC)}) AS BIGINT) AS measurement_concept_id,
               DATE '2010-01-01' + CAST(floor(random() * 5000) AS INTEGER) AS measurement_date,
               NULL::TIMESTAMP AS measurement_datetime, 0 AS operator_concept_id,
               round(random() * 4, 2) AS value_as_number, 1.0 AS range_low, 3.0 AS range_high,
               NULL::BIGINT AS measurement_event_id
        FROM range({persons // 2})""")
    con.execute("CHECKPOINT")
    con.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=1)
    args = p.parse_args()
    out_dir = os.path.join(ROOT, "target", "bench", "omop")
    os.makedirs(out_dir, exist_ok=True)
    db = os.path.join(out_dir, f"toy_{args.persons}.duckdb")
    t0 = time.perf_counter()
    build(db, args.persons)
    print(f"built {db} in {time.perf_counter() - t0:.1f} s "
          f"({os.path.getsize(db) / 2**20:.0f} MiB)")
    cmd = [sys.executable, "-m", "poh", "screen", "--duckdb", db, "--out",
           os.path.join(out_dir, "results.parquet"), "--no-progress"]
    for _ in range(args.runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if r.returncode not in (0, 1):
            print(r.stderr, file=sys.stderr)
            return 1
        line = r.stderr.strip().splitlines()[0]
        print(f"{args.persons} persons, process wall {wall:.2f} s "
              f"({args.persons / wall:,.0f} persons/s incl. start-up); screen: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
