"""poh.evaluate_arrow: the Arrow batch path agrees with evaluate_many column for column,
takes every Arrow producer and layout, rejects bad schemas, and streams."""

from __future__ import annotations

import sys
import threading

import pyarrow as pa
import pytest

import poh
from poh import _core
from synthetic import Generator, findings_dict

ENTRY = pa.struct(
    [
        ("id", pa.string()),
        ("excluded", pa.bool_()),
        ("onset_months", pa.int32()),
        ("modifiers", pa.list_(pa.string())),
    ]
)
SCHEMA = pa.schema(
    [("person_id", pa.int64()), ("age_months", pa.int64()), ("sex", pa.string()),
     ("phenotypes", pa.list_(ENTRY))]
    + [(f"labs_{k}", pa.string()) for k in ("pth", "calcium", "phosphate", "tsh", "gs_alpha_activity")]
    + [("gnas_result", pa.string()), ("gnas_parent_of_origin", pa.string())]
    + [(f"history_{k}", pa.bool_()) for k in
       ("trauma_or_surgery_at_site", "neurological_injury", "father_affected", "mother_affected")]
    + [("imaging_specific_pattern", pa.bool_()), ("options_aho_list", pa.string())]
)
ERROR_COLUMNS = ["error_code", "error_kind", "error_message"]
# evaluate_frame's names for the leading candidate, and the Arrow results' names.
RENAMED = {"top_id": "leader_id", "top_abbreviation": "leader_abbreviation",
           "top_posterior_permille": "leader_posterior_permille"}

N_PARITY = 100_000


def rows(n: int, seed: int):
    g = Generator(seed)
    return [g.row(i) for i in range(n)]


def table(rs, schema=SCHEMA) -> pa.Table:
    return pa.Table.from_pylist(rs, schema=schema)


def expected_columns(results, names):
    """The columns evaluate_many gives for the same rows, under the Arrow names."""
    cols = {n: [] for n in names}
    result_names = [n for n in names if n not in ("person_id", *ERROR_COLUMNS)]
    for r in results:
        if isinstance(r, poh.PohError):
            cols["error_code"].append(r.code)
            cols["error_kind"].append(r.kind)
            cols["error_message"].append(str(r))
            for n in result_names:
                cols[n].append(None)
        else:
            s = {RENAMED.get(k, k): v for k, v in r.summary().items()}
            for n in ERROR_COLUMNS:
                cols[n].append(None)
            for n in result_names:
                cols[n].append(s[n])
    return cols


def assert_same(got: pa.Table, results, person_ids) -> None:
    names = got.column_names
    exp = expected_columns(results, names)
    assert got.column("person_id").to_pylist() == person_ids
    for n in names:
        if n == "person_id":
            continue
        g = got.column(n).to_pylist()
        e = exp[n]
        if n == "error_message":
            # The same error's one message, its location in the Arrow layout: the core's
            # text of the code, then "at column ..." (evaluate_many's names the JSON path).
            codes = got.column("error_code").to_pylist()
            bad = [i for i, (a, b) in enumerate(zip(g, e)) if (a is None) != (b is None)
                   or (a is not None and not (a.startswith(str(_core.error(codes[i])))
                                              and "poh error" not in a))]
        else:
            bad = [i for i, (a, b) in enumerate(zip(g, e)) if a != b]
        assert len(g) == len(e)
        assert not bad, f"column {n}: {len(bad)} rows differ, first row {bad[0]}: arrow {g[bad[0]]!r} vs evaluate_many {e[bad[0]]!r}"


def test_parity_with_evaluate_many_on_100k_rows():
    rs = rows(N_PARITY, seed=18)
    t = table(rs)
    # Many batches, of uneven sizes.
    reader = pa.RecordBatchReader.from_batches(SCHEMA, t.to_batches(max_chunksize=7_777))
    got = poh.evaluate_arrow(reader)
    assert got.num_rows == N_PARITY
    results = poh.evaluate_many([findings_dict(r) for r in rs], errors="return")

    # Column for column: every summary key is a results column, in the summary's order.
    first = next(r for r in results if isinstance(r, poh.Assessment))
    summary_names = [RENAMED.get(k, k) for k in first.summary()]
    assert got.column_names == ["person_id", *ERROR_COLUMNS, *summary_names]
    assert_same(got, results, [r["person_id"] for r in rs])

    # The mix is wide enough to mean something.
    codes = got.column("error_code").drop_null().to_pylist()
    assert 0.05 * N_PARITY < len(codes) < 0.6 * N_PARITY, len(codes)
    assert len(set(codes)) >= 8, sorted(set(codes))
    assert len(set(got.column("verdict").drop_null().to_pylist())) == 3
    assert len(set(got.column("leader_id").drop_null().to_pylist())) >= 4
    assert any(got.column("unrecognized").drop_null().to_pylist())


def test_error_message_names_the_column_and_entry():
    t = pa.table({"person_id": [1, 2, 3], "sex": ["female", "F", None],
                  "phenotypes": [None, None, [{"id": "HP:0034282"}, {"id": "HP:12"}]]})
    got = poh.evaluate_arrow(t).to_pylist()
    assert got[0]["error_code"] is None and got[0]["verdict"] is not None
    assert got[1]["error_kind"] == "unknown_value"
    assert got[1]["error_message"] == (
        "a string is not one of the values its field allows at column sex")
    assert got[2]["error_kind"] == "invalid_hpo_id"
    assert got[2]["error_message"].endswith("column phenotypes, entry 1")
    assert got[2]["verdict"] is None and got[2]["poh_rank"] is None


def _small():
    rs = rows(3_000, seed=7)
    return rs, table(rs)


def test_every_layout_gives_the_same_results():
    rs, t = _small()
    want = poh.evaluate_arrow(t)
    entry_large = pa.struct([("onset_months", pa.int16()), ("id", pa.large_string()),
                             ("modifiers", pa.large_list(pa.string_view())), ("excluded", pa.bool_())])
    variants = {
        "batch": t.combine_chunks().to_batches()[0],
        "reader": pa.RecordBatchReader.from_batches(SCHEMA, t.to_batches(max_chunksize=100)),
        "columns reordered": t.select(list(reversed(t.column_names))),
        "large and view types, struct fields reordered": t.cast(pa.schema(
            [pa.field(f.name, {pa.string(): pa.large_string(), pa.int64(): pa.int64()}.get(f.type, f.type))
             for f in SCHEMA]
        )).set_column(3, "phenotypes", t.column("phenotypes").cast(pa.large_list(ENTRY)))
          .set_column(2, "sex", t.column("sex").cast(pa.string_view())),
        "dictionary strings": t.set_column(2, "sex", t.column("sex").dictionary_encode()),
    }
    for name, v in variants.items():
        got = poh.evaluate_arrow(v)
        assert got.equals(want.select(got.column_names)), name
    # Struct fields in another order and narrower/wider integer types.
    phen = [[None if e is None else {k: e[k] for k in ("onset_months", "id", "modifiers", "excluded")}
             for e in (r["phenotypes"] or [])] if r["phenotypes"] is not None else None for r in rs]
    ages = [None if a is None or not (0 <= a < 2**16) else a for a in (r["age_months"] for r in rs)]
    t2 = t.set_column(3, "phenotypes", pa.array(phen, type=pa.list_(entry_large)))
    t2 = t2.set_column(1, "age_months", pa.array(ages, type=pa.uint16()))
    rs2 = [dict(r, age_months=a) for r, a in zip(rs, ages)]
    assert_same(poh.evaluate_arrow(t2), poh.evaluate_many([findings_dict(r) for r in rs2], errors="return"),
                [r["person_id"] for r in rs])


def test_duckdb_relation():
    import duckdb
    _, t = _small()
    con = duckdb.connect()
    con.register("findings", t)
    rel = con.sql("SELECT * FROM findings ORDER BY person_id")
    got = poh.evaluate_arrow(rel)
    assert got.equals(poh.evaluate_arrow(t))


def test_missing_columns_are_unknown_and_person_id_is_optional():
    got = poh.evaluate_arrow(pa.table({"sex": ["female", None]}))
    assert "person_id" not in got.column_names
    empty = poh.evaluate({"sex": "female"}).summary()
    assert got.column("verdict").to_pylist() == [empty["verdict"], poh.evaluate({}).summary()["verdict"]]
    # An all-null column (Arrow's null type) is unknown too.
    nulls = poh.evaluate_arrow(pa.table({"person_id": [5], "age_months": pa.nulls(1), "phenotypes": pa.nulls(1)}))
    assert nulls.column("error_code").to_pylist() == [None]
    assert poh.evaluate_arrow(pa.table({"person_id": pa.array([], pa.int64())})).num_rows == 0


def test_treatment_and_pretest_columns_read_as_the_findings_fields():
    t = pa.table({
        "age_months": [360, 360, 360],
        "labs_pth": ["normal"] * 3,
        "treatment_active_vitamin_d": [None, True, None],
        "options_pretest_per_million": pa.array([None, None, 500000], pa.int32()),
    })
    got = poh.evaluate_arrow(t).column("other_posterior_permille").to_pylist()
    want = [
        poh.evaluate({"age_months": 360, "labs": {"pth": "normal"}}).summary(),
        poh.evaluate({"age_months": 360, "labs": {"pth": "normal"}, "treatment": {"active_vitamin_d": True}}).summary(),
        poh.evaluate({"age_months": 360, "labs": {"pth": "normal"}, "options": {"pretest_per_million": 500000}}).summary(),
    ]
    assert got == [w["other_posterior_permille"] for w in want]
    assert got[2] < got[0]


@pytest.mark.parametrize(
    "t, kind, where",
    [
        (pa.table({"age": [1]}), "unknown_field", '"age"'),
        (pa.table({"age_months": [1.5]}), "wrong_type", '"age_months" is Float64'),
        (pa.table({"sex": [1]}), "wrong_type", '"sex"'),
        (pa.table({"history_father_affected": ["yes"]}), "wrong_type", "history_father_affected"),
        (pa.table({"phenotypes": [["HP:0034282"]]}), "wrong_type", "phenotypes"),
        (pa.table({"phenotypes": [[{"id": "HP:0034282", "present": True}]]}), "unknown_field", '"present"'),
        (pa.table({"phenotypes": [[{"id": 34282}]]}), "wrong_type", '"id"'),
    ],
)
def test_a_bad_schema_raises_before_any_row(t, kind, where):
    with pytest.raises(poh.InputError) as e:
        poh.evaluate_arrow(t)
    assert e.value.kind == kind
    assert where in str(e.value)


def test_not_arrow_raises_type_error():
    with pytest.raises(TypeError):
        poh.evaluate_arrow([{"sex": "female"}])


def test_results_stream_as_they_are_read():
    """Nothing is read ahead: one input batch is pulled per results batch, and a huge
    input batch comes back in slices of at most 65,536 rows."""
    pulled = []
    rs = rows(4_000, seed=3)
    batches = table(rs).to_batches(max_chunksize=1_000)

    def gen():
        for i, b in enumerate(batches):
            pulled.append(i)
            yield b

    reader = poh.evaluate_arrow_reader(pa.RecordBatchReader.from_batches(SCHEMA, gen()))
    first = reader.read_next_batch()
    assert first.num_rows == 1_000 and len(pulled) <= 2
    rest = reader.read_all()
    assert rest.num_rows == 3_000 and len(pulled) == 4

    big = pa.table({"person_id": pa.array(range(150_000), pa.int64()),
                    "sex": pa.array(["female"] * 150_000)})
    sizes = [b.num_rows for b in poh.evaluate_arrow_reader(big)]
    assert sizes == [65_536, 65_536, 150_000 - 2 * 65_536]


def test_gil_is_released_while_a_batch_is_evaluated():
    rs = rows(10_000, seed=11)
    t = table(rs).combine_chunks()
    state = {"in_core": False, "seen": 0}
    started = threading.Event()

    def worker() -> None:
        state["in_core"] = True
        started.set()
        poh.evaluate_arrow(t)
        state["in_core"] = False

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        th = threading.Thread(target=worker)
        th.start()
        started.wait()
        while th.is_alive():
            if state["in_core"]:
                state["seen"] += 1
            th.join(0.0005)
    finally:
        sys.setswitchinterval(old)
    assert state["seen"] > 0, "the main thread never ran while the batch was in the core"


_STREAM_SCRIPT = """
import sys
import pyarrow as pa
import poh
sys.path.insert(0, {here!r})
from synthetic import Generator
g = Generator(5)
base = pa.Table.from_pylist([g.row(i) for i in range(2_000)]).combine_chunks().to_batches()[0]
n = 0
if {evaluate}:
    def gen():
        for i in range(250):
            ids = pa.array(range(i * 2_000, (i + 1) * 2_000), pa.int64())
            yield base.set_column(0, "person_id", ids)
    for b in poh.evaluate_arrow_reader(pa.RecordBatchReader.from_batches(base.schema, gen())):
        n += b.num_rows
# VmHWM, this process's own peak: ru_maxrss would carry the parent's peak over exec.
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print(n, hwm)
"""


def _peak(evaluate: bool):
    import subprocess
    from pathlib import Path

    code = _STREAM_SCRIPT.format(here=str(Path(__file__).parent), evaluate=evaluate)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n, kib = out.stdout.split()
    return int(n), int(kib) / 1024


def test_memory_is_bounded_when_streaming():
    """Half a million persons through the stream in a fresh process: the peak RSS grows by
    far less than the results would take held at once (about 125 MB)."""
    n, streamed = _peak(True)
    zero, baseline = _peak(False)
    assert (n, zero) == (500_000, 0)
    assert streamed - baseline < 64, (streamed, baseline)
