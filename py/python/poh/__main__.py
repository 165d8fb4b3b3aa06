"""Command line: ``python -m poh evaluate [--phenopacket | --fhir [--date D]] [--json |
--summary] PATH...``, the same surface as the Rust ``poh`` (cli/src/main.rs): the same
subcommands, options, outputs and exit statuses; ``python -m poh PATH...`` is
``python -m poh evaluate PATH...``.

PATH is a findings JSON file, a golden-case file (findings under ``input``), a
phenopacket with ``--phenopacket``, a FHIR R4 chart with ``--fhir`` (ages counted to
``--date``, default today), a directory (its ``*.json`` files, sorted), a JSON Lines file
(``*.jsonl``/``*.ndjson``: one input per line), or ``-`` for one document on standard
input. The report goes to standard output; ``--json`` prints the core's assessment JSON
instead, one document per line, byte for byte what the Rust command line prints;
``--summary`` one tab-separated row per input after a header row. Rejected inputs are
reported on standard error with their code.

Exit status: 0 every input evaluated; 1 at least one input rejected (the others are still
evaluated and printed); 2 usage error (bad arguments, unreadable path).

Other commands: ``python -m poh version`` (or ``--version``), ``python -m poh label
HP:0001234``, and ``python -m poh screen (--duckdb FILE | --omop-csv DIR) --out
results.parquet``, which screens an OMOP CDM population (see `poh.screen` and
docs/COHORT.md; Python only: it needs DuckDB and pyarrow).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Any, Dict, List, Optional, Sequence, Tuple

from . import HPO_RELEASE, KB_VERSION, PohError, __version__, kb, render
from .assessment import Assessment
from .evaluation import evaluate_many
from .progress import Progress

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2

# Show a progress bar from this many inputs on (when standard error is a terminal).
PROGRESS_FROM = 200
_CHUNK = 256


COMMANDS = ("evaluate", "screen", "label", "version")


class UsageError(Exception):
    pass


Item = Tuple[str, str, Any]  # (source, title, document)


def _unwrap(source: str, raw: bytes, phenopacket: bool) -> Item:
    """A golden-case file wraps findings in ``input``; anything else (and a phenopacket
    or a chart, with ``phenopacket``) is used as is. A document that is not JSON goes to
    the core untouched, so the core names the error."""
    if not phenopacket:
        try:
            doc = json.loads(raw)
        except ValueError:
            return (source, source, raw)
        if isinstance(doc, dict) and "input" in doc:
            title = doc.get("name") if isinstance(doc.get("name"), str) else source
            return (source, str(title), doc["input"])
    return (source, source, raw)


def _read(path: str) -> bytes:
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise UsageError(f"{path}: {e.strerror or e}") from None


def _inputs(paths: Sequence[str], phenopacket: bool) -> List[Item]:
    items: List[Item] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if n.endswith(".json"))
            if not names:
                raise UsageError(f"{p}: no *.json files")
            for n in names:
                full = os.path.join(p, n)
                items.append(_unwrap(full, _read(full), phenopacket))
        elif p.endswith((".jsonl", ".ndjson")):
            for i, line in enumerate(_read(p).splitlines(), start=1):
                if line.strip():
                    items.append(_unwrap(f"{p}:{i}", line, phenopacket))
        else:
            items.append(_unwrap(p, _read(p), phenopacket))
    return items


# The header row of --summary (the same in the Rust command line).
SUMMARY_HEADER = "input\tverdict\tprovisional\tcriteria\tleader"


def _summary_line(source: str, a: Assessment) -> str:
    crit = " ".join(f"{c['key']}={c['verdict']}" for c in a.criteria)
    prov = "provisional" if a.provisional else "-"
    top = a.top
    return (
        f"{source}\t{a.verdict}\t{prov}\t{crit}\t"
        f"{top['abbreviation']} {top['posterior_permille'] / 10:.1f}%"
    )


def _evaluate(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.date is not None and not args.fhir:
        raise UsageError("--date is an option of --fhir")
    if args.questionnaire:
        if args.phenopacket or args.fhir or args.json or args.summary:
            raise UsageError("--questionnaire takes no other option")
        return _questionnaire(args.paths, out, err)
    items = _inputs(args.paths, args.phenopacket or args.fhir)
    show = args.progress if args.progress is not None else (
        len(items) >= PROGRESS_FROM and err.isatty()
    )
    progress = Progress(len(items), show, file=err)
    if args.summary:
        out.write(SUMMARY_HEADER + "\n")
    if args.fhir:
        try:
            return _evaluate_fhir(args, items, out, err, progress)
        finally:
            progress.close()
    rejected = 0
    counts = {"met": 0, "not_met": 0, "indeterminate": 0}
    try:
        for start in range(0, len(items), _CHUNK):
            chunk = items[start : start + _CHUNK]
            results = evaluate_many(
                [doc for _, _, doc in chunk], errors="return", phenopacket=args.phenopacket
            )
            for (source, title, _), r in zip(chunk, results):
                if isinstance(r, PohError):
                    rejected += 1
                    err.write(f"{source}: error {r.code} ({r.kind}): {r}\n")
                    continue
                counts[r.verdict] = counts.get(r.verdict, 0) + 1
                if args.json:
                    out.write(r.to_json() + "\n")
                elif args.summary:
                    out.write(_summary_line(source, r) + "\n")
                else:
                    out.write(r.report(title) + "\n")
            progress.update(len(chunk))
    finally:
        progress.close()
    if len(items) > 1 and not args.json:
        err.write(
            f"{len(items)} inputs: {len(items) - rejected} evaluated "
            f"(met {counts['met']}, not met {counts['not_met']}, "
            f"indeterminate {counts['indeterminate']}), {rejected} rejected\n"
        )
    return EXIT_REJECTED if rejected else EXIT_OK


def _questionnaire(paths: Sequence[str], out: IO[str], err: IO[str]) -> int:
    """``--questionnaire``: play each scripted kiosk session (tests/questionnaire/*.json:
    ``age_months``, ``sex``, ``replies`` by HPO id, any other question answered "don't
    know"), printing every step's JSON framed ``== questionnaire:<file stem>:<step>``, as
    the Rust command line and the firmware do."""
    from ._core import questionnaire_step_json

    status = EXIT_OK
    for path in paths:
        try:
            script = json.loads(_read(path))
            replies = script.get("replies") or {}
            session: Dict[str, Any] = {"answers": {}}
            if isinstance(script.get("age_months"), int):
                session["age_months"] = script["age_months"]
            if script.get("sex") in ("female", "male"):
                session["sex"] = script["sex"]
            stem = os.path.splitext(os.path.basename(path))[0]
            for step in range(10_000):
                text = questionnaire_step_json(json.dumps(session))
                out.write(f"== questionnaire:{stem}:{step}\n{text}\n")
                question = json.loads(text)["next"]
                if question is None:
                    break
                reply = replies.get(question["id"])
                session["answers"][question["id"]] = reply if reply in ("yes", "no") else "dont_know"
        except (ValueError, AttributeError, PohError) as e:
            err.write(f"{path}: {e}\n")
            status = EXIT_REJECTED
    return status


def _evaluate_fhir(
    args: argparse.Namespace, items: List[Item], out: IO[str], err: IO[str], progress: Progress
) -> int:
    """``--fhir``: each chart read and evaluated (`poh.evaluate_fhir`), printed as the
    Rust command line prints it: the report and the reading, or with ``--json`` the
    assessment JSON with the reading report as its last member ``fhir``."""
    import datetime

    from .fhir import evaluate_fhir

    if args.date is not None:
        try:
            day = datetime.date.fromisoformat(args.date).isoformat()
        except ValueError:
            day = ""
        if day != args.date:
            raise UsageError(f"--date {args.date}: expected YYYY-MM-DD")
    else:  # today (UTC), only here at the command line: the library never reads the clock
        day = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    rejected = 0
    for source, _, doc in items:
        progress.update(1)
        try:
            ev = evaluate_fhir(doc, date=day)
        except PohError as e:
            rejected += 1
            err.write(f"{source}: error {e.code} ({e.kind}): {e}\n")
            continue
        if args.json:
            out.write(ev.to_json() + "\n")
        elif args.summary:
            out.write(_summary_line(source, ev.assessment) + "\n")
        else:
            out.write(ev.assessment.report(source) + "\n" + render.fhir_report(ev.reading))
    return EXIT_REJECTED if rejected else EXIT_OK


SCREEN_DOC = """Screen an OMOP CDM (v5.4 or v5.3) population: one findings row per person
from person, observation_period, condition_occurrence, observation and measurement through
the versioned concept map (codes resolved in the site's own concept table), evaluated by
the core. Writes the results table (--out, .parquet or .csv), OMOP cohort rows for flagged
persons (--cohort; with --cohort-table SCHEMA also into SCHEMA.cohort of the DuckDB file),
the unmapped concepts (--unmapped, CSV) and an HTML report with plots (--report).

Exit status: 0 every person evaluated; 1 the core rejected some person's row (the error is
in the results table); 2 usage error or a database that cannot be screened."""


def _screen_paths(args: argparse.Namespace) -> Dict[str, str]:
    out = args.out
    stem = out[: -len(".parquet")] if out.endswith(".parquet") else (
        out[: -len(".csv")] if out.endswith(".csv") else out)
    ext = ".csv" if out.endswith(".csv") else ".parquet"
    return {
        "cohort": args.cohort or f"{stem}.cohort{ext}",
        "report": args.report or f"{stem}.report.html",
        "unmapped": args.unmapped or f"{stem}.unmapped.csv",
    }


def _write_table(table: Any, path: str) -> None:
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    if path.endswith(".csv"):
        import pyarrow.csv as pcsv  # type: ignore[import-untyped,unused-ignore]

        cols = {}
        for name in table.column_names:
            col = table[name]
            if pa.types.is_list(col.type):
                col = pa.array(["; ".join(v) if v else "" for v in col.to_pylist()], pa.string())
            cols[name] = col
        pcsv.write_csv(pa.table(cols), path)
    else:
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

        pq.write_table(table, path)


def _screen(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    try:
        import duckdb
        import pyarrow  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError as e:
        raise UsageError(f"screen needs duckdb and pyarrow ({e}): pip install 'poh[omop]'")
    from . import report as report_mod
    from . import screen as screen_mod
    from .omop import OmopError, load_csv_dir

    if args.cohort_table and not args.duckdb:
        raise UsageError("--cohort-table writes into the --duckdb file; not with --omop-csv")
    paths = _screen_paths(args)
    if args.duckdb:
        if not os.path.isfile(args.duckdb):
            raise UsageError(f"{args.duckdb}: no such file")
        con = duckdb.connect(args.duckdb, read_only=not args.cohort_table)
        source = args.duckdb
    else:
        con = duckdb.connect()
        source = args.omop_csv
    try:
        if args.omop_csv:
            load_csv_dir(con, args.omop_csv)
        show = args.progress if args.progress is not None else err.isatty()
        run = screen_mod.screen(
            con,
            schema=args.schema,
            vocabulary_schema=args.vocabulary_schema,
            batch_size=args.batch_size,
            progress=screen_mod.make_progress(show),
        )
        cohort = screen_mod.cohort_rows(run, args.cohort_definition_id)
        if args.cohort_table:
            _insert_cohort(con, args.cohort_table, cohort, args.cohort_definition_id)
    except OmopError as e:
        err.write(f"python -m poh screen: {source}: error {e.code}: {e}\n")
        return EXIT_USAGE
    except duckdb.Error as e:
        err.write(f"python -m poh screen: {source}: database error: {e}\n")
        return EXIT_USAGE
    finally:
        con.close()
    _write_table(run.results, args.out)
    _write_table(cohort, paths["cohort"])
    _write_table(run.unmapped, paths["unmapped"])
    command = "python -m poh screen " + " ".join(sys.argv[2:] if args.argv is None else args.argv)
    report_mod.write_report(run, paths["report"], title=f"poh OMOP screen: {source}",
                            command=command)
    flags = run.flag_counts
    rejected = flags.get("error", 0)
    err.write(
        f"{run.persons} persons in {run.seconds:.2f} s "
        f"({run.persons / max(run.seconds, 1e-9):,.0f} persons/s end to end, evaluation "
        f"{run.persons / max(run.evaluate_seconds, 1e-9):,.0f} persons/s; CDM "
        f"{run.cdm_version}): "
        + ", ".join(f"{k} {v}" for k, v in flags.items())
        + f"; {cohort.num_rows} cohort rows (cohort_definition_id {args.cohort_definition_id})\n"
        f"results {args.out}; cohort {paths['cohort']}; unmapped {paths['unmapped']}; "
        f"report {paths['report']}\n"
    )
    return EXIT_REJECTED if rejected else EXIT_OK


def _insert_cohort(con: Any, schema: str, cohort: Any, definition_id: int) -> None:
    q = '"' + schema.replace('"', '""') + '"'
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {q}")
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {q}.cohort (cohort_definition_id BIGINT NOT NULL, "
            "subject_id BIGINT NOT NULL, cohort_start_date DATE NOT NULL, "
            "cohort_end_date DATE NOT NULL)"
        )
        con.execute(f"DELETE FROM {q}.cohort WHERE cohort_definition_id = ?", [definition_id])
        con.register("poh_cohort_rows", cohort)
        con.execute(
            f"INSERT INTO {q}.cohort SELECT cohort_definition_id, subject_id, "
            "cohort_start_date, cohort_end_date FROM poh_cohort_rows"
        )
        con.unregister("poh_cohort_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m poh",
        description="POH clinical decision support (decision support, not diagnosis).",
        epilog="`python -m poh PATH...` is `python -m poh evaluate PATH...`.\n"
        "exit status: 0 all evaluated, 1 some input rejected, 2 usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-V", "--version", action="store_true",
                   help="print the package, knowledge-base and HPO versions")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    e = sub.add_parser(
        "evaluate",
        help="evaluate findings, case files, phenopackets (--phenopacket) or FHIR charts "
        "(--fhir), directories or JSON Lines",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("paths", nargs="+", metavar="PATH")
    kind = e.add_mutually_exclusive_group()
    kind.add_argument("--phenopacket", action="store_true", help="inputs are GA4GH Phenopackets v2")
    kind.add_argument("--fhir", action="store_true",
                      help="inputs are FHIR R4 charts (Bundle, resource or CDS Hooks prefetch)")
    e.add_argument("--date", metavar="YYYY-MM-DD",
                   help="with --fhir: the evaluation date, ages are counted to it (default today, UTC)")
    e.add_argument("--questionnaire", action="store_true",
                   help="play scripted kiosk sessions (tests/questionnaire/*.json), printing each step's JSON")
    mode = e.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the assessment JSON, one per line")
    mode.add_argument(
        "--summary", action="store_true",
        help="one tab-separated line per input (after a header row) instead of reports",
    )
    e.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bar on standard error (default: from {PROGRESS_FROM} inputs, on a terminal)",
    )
    sc = sub.add_parser(
        "screen",
        help="screen an OMOP CDM population (DuckDB file or CSV export)",
        description=SCREEN_DOC,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    src = sc.add_mutually_exclusive_group(required=True)
    src.add_argument("--duckdb", metavar="FILE", help="a DuckDB database file holding the CDM")
    src.add_argument("--omop-csv", metavar="DIR",
                     help="a CSV export (person.csv, ...), loaded into an in-memory DuckDB")
    sc.add_argument("--schema", help="the CDM schema (default: the only one with a person table)")
    sc.add_argument("--vocabulary-schema",
                    help="the schema of the concept table (default: the CDM schema)")
    sc.add_argument("--out", required=True, metavar="FILE",
                    help="the results table, .parquet or .csv")
    sc.add_argument("--cohort", metavar="FILE",
                    help="cohort rows of flagged persons (default: OUT's stem + .cohort)")
    sc.add_argument("--cohort-definition-id", type=int, default=1, metavar="N",
                    help="cohort_definition_id of the cohort rows (default 1)")
    sc.add_argument("--cohort-table", metavar="SCHEMA",
                    help="also write the cohort rows into SCHEMA.cohort of the --duckdb file "
                    "(replacing the rows of the same cohort_definition_id)")
    sc.add_argument("--unmapped", metavar="FILE",
                    help="unmapped concepts, CSV (default: OUT's stem + .unmapped.csv)")
    sc.add_argument("--report", metavar="FILE",
                    help="the HTML report (default: OUT's stem + .report.html)")
    sc.add_argument("--batch-size", type=int, default=65536, metavar="N",
                    help="findings rows per Arrow batch (default 65536)")
    sc.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                    help="progress bar on standard error (default: on a terminal)")
    sub.add_parser("version", help="print the package, knowledge-base and HPO versions")
    lab = sub.add_parser("label", help="print the label of HPO terms")
    lab.add_argument("ids", nargs="+", metavar="HP:0000000")
    return p


def main(
    argv: Optional[Sequence[str]] = None,
    out: Optional[IO[str]] = None,
    err: Optional[IO[str]] = None,
) -> int:
    """Run the command line; returns the exit status."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS + ("-h", "--help", "-V", "--version"):
        args_list.insert(0, "evaluate")  # the spelling without a subcommand
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as e:  # argparse: 0 for --help, 2 for usage errors
        return int(e.code or 0)
    if args.version or args.command == "version":
        out.write(f"poh {__version__}\n{KB_VERSION}\nHPO release {HPO_RELEASE}\n")
        return EXIT_OK
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        if args.command == "evaluate":
            return _evaluate(args, out, err)
        if args.command == "screen":
            args.argv = args_list[1:]
            return _screen(args, out, err)
        status = EXIT_OK
        for i in args.ids:
            try:
                out.write(f"{i}\t{kb.label(i)}\n")
            except PohError as e:
                err.write(f"{i}: error {e.code} ({e.kind}): {e}\n")
                status = EXIT_REJECTED
        return status
    except UsageError as e:
        err.write(f"python -m poh: {e}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
