#!/usr/bin/env python3
"""Calibration and specificity report of poh: writes docs/VALIDATION.md (`make validate`).

    python3 tools/validate.py                      # build target/release/poh, write the report
    python3 tools/validate.py --baseline main~3    # also the same figures for a git ref
    python3 tools/validate.py --out target/x.md    # write elsewhere (the summary still prints)
    python3 tools/validate.py --write-sample tests/phenopackets/dev-sample

Inputs:
- the development split of phenopacket-store (`../shared/reference/phenopacket-store-dev/`
  beside the repository, or --dev-split DIR): real published patients with genetic disorders
  that poh does not model. Every record goes to `poh --json --phenopacket` as published. The
  recorded diagnosis (the manifest's disease columns) is used only as a label in the report,
  never as evidence and never to select or weigh anything;
- the golden cases tests/cases/*.json, with their hand-derived `expect`.

Every evaluation is done by the `poh` command (the core); this script only counts. It is
standard-library Python. The report is deterministic (sorted, no clock): it changes only when
the results, the tree's commit or the split's commit change. A JSON member that today's output
lacks (the open-world `flag` and the `POHKB:OTHER` entry) is reported as "absent", not guessed.

--baseline REF checks REF out in a temporary git worktree under target/validate/, builds its
`poh` there (own target directory) and runs the same inputs (today's case files) through it:
the section "What changed" then compares every figure and every golden-table cell.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "validate"
SPLIT_REL = Path("shared") / "reference" / "phenopacket-store-dev"
DEFAULT_OUT = ROOT / "docs" / "VALIDATION.md"
NOTES = ROOT / "docs" / "VALIDATION-notes.md"
CASES = ROOT / "tests" / "cases"

# Disease ids as the knowledge base (core/data/diseases.toml) and tests/cases/README.md give them.
POH_ID = "OMIM:166350"
OTHER_ID = "POHKB:OTHER"
# `flag.level` of the JSON output; "absent": an output without the member (before issue 15).
FLAG_LEVELS = ("none", "review", "likely", "absent")
# Targets of issue 15 ("Checked by").
TARGET_GE500 = 0.002
TARGET_GE100 = 0.01
# The committed sample: every SAMPLE_STEP-th line from line 1, the largest record, plus the
# named regressions. ("nd" in the texts below is SAMPLE_STEP's ordinal: 142nd.)
SAMPLE_STEP = 142
SAMPLE_EXTRA = {
    938: "failed with error 900 (internal) on main at 1918558 (issue 15): 17 unknown terms "
    "with an onset modifier overflowed the unrecognized list"
}
CHUNK = 800  # files per `poh` process (well below the argument-length limit)
ERR_RE = re.compile(r"^(?P<file>.*): error (?P<code>\d+) \((?P<kind>[^)]*)\): (?P<msg>.*)$")


class Fail(Exception):
    """A problem that stops the report (printed without a traceback)."""


# ---------------------------------------------------------------- running poh


def sh(args: list[str], cwd: Path = ROOT) -> str:
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        raise Fail(f"{' '.join(args)} failed ({r.returncode}):\n{r.stderr.strip()}")
    return r.stdout


def build(manifest: Path, target_dir: Path | None) -> Path:
    args = ["cargo", "build", "-q", "--release", "-p", "poh-cli", "--manifest-path", str(manifest)]
    if target_dir is not None:
        args += ["--target-dir", str(target_dir)]
    print(f"validate: building {manifest.parent} (release)", file=sys.stderr)
    sh(args, cwd=manifest.parent)
    binary = (target_dir or manifest.parent / "target") / "release" / "poh"
    if not binary.is_file():
        raise Fail(f"{binary}: not built")
    return binary


@dataclass
class Outcome:
    """One input's result: the assessment JSON, or the core's error."""

    out: dict[str, Any] | None = None
    code: int | None = None
    kind: str = ""
    message: str = ""


def run_poh(binary: Path, files: list[Path], phenopacket: bool) -> list[Outcome]:
    """Evaluate every file with one `poh --json` process per chunk. A rejected input prints
    `FILE: error CODE (KIND): MESSAGE` on stderr; every accepted one prints one JSON line on
    stdout, in argument order."""
    results: list[Outcome] = []
    for i in range(0, len(files), CHUNK):
        chunk = files[i : i + CHUNK]
        args = [str(binary), "--json"] + (["--phenopacket"] if phenopacket else [])
        r = subprocess.run(args + [str(f) for f in chunk], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise Fail(f"{binary} exited {r.returncode}: {r.stderr.strip()[:500]}")
        errors: dict[str, Outcome] = {}
        for line in r.stderr.splitlines():
            m = ERR_RE.match(line)
            if not m:
                raise Fail(f"{binary}: unexpected stderr line: {line}")
            errors[m["file"]] = Outcome(code=int(m["code"]), kind=m["kind"], message=m["msg"])
        lines = r.stdout.splitlines()
        if len(lines) + len(errors) != len(chunk):
            raise Fail(f"{binary}: {len(lines)} outputs + {len(errors)} errors for {len(chunk)} inputs")
        it = iter(lines)
        for f in chunk:
            if str(f) in errors:
                results.append(errors[str(f)])
            else:
                results.append(Outcome(out=json.loads(next(it))))
    return results


# ---------------------------------------------------------------- reading the output


def entry(out: dict[str, Any], ident: str) -> dict[str, Any] | None:
    return next((e for e in out.get("differential", []) if e.get("id") == ident), None)


def modelled(out: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in out.get("differential", []) if e.get("id") != OTHER_ID]


def flag_level(out: dict[str, Any]) -> str:
    f = out.get("flag")
    return f.get("level", "absent") if isinstance(f, dict) else "absent"


def key(e: dict[str, Any]) -> tuple[int, int]:
    return (e.get("posterior_permille", 0), e.get("log10_lr_milli", 0))


def leader(entries: list[dict[str, Any]]) -> str:
    """The first entry's abbreviation, or the tie at the top spelt out (alphabetically), so
    that table order never decides what a reader sees."""
    if not entries:
        return "-"
    top = [e for e in entries if key(e) == key(entries[0])]
    names = sorted(e.get("abbreviation", e.get("id", "?")) for e in top)
    return names[0] if len(names) == 1 else f"tie {'='.join(names)}"


def rank_of(entries: list[dict[str, Any]], ident: str) -> str:
    """1-based rank by posterior (ties share the best rank) among `entries`."""
    e = next((x for x in entries if x.get("id") == ident), None)
    if e is None:
        return "-"
    return str(1 + sum(1 for x in entries if key(x) > key(e)))


def milli(n: int) -> str:
    return f"{'-' if n < 0 else ''}{abs(n) // 1000}.{abs(n) % 1000:03d}"


def pct(n: int, d: int, places: int = 2) -> str:
    return f"{100.0 * n / d:.{places}f}%" if d else "-"


def cell(s: Any) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def quantile(sorted_values: list[int], q: float) -> int:
    """Nearest-rank quantile (the smallest value with at least q of the data at or below)."""
    if not sorted_values:
        return 0
    i = max(0, min(len(sorted_values) - 1, -(-int(q * 1000) * len(sorted_values) // 1000) - 1))
    return sorted_values[i]


def table(head: list[str], rows: Iterable[list[Any]]) -> list[str]:
    o = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    o += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return o


def histogram(values: list[int], bins: list[tuple[str, Callable[[int], bool]]], width: int = 40) -> list[str]:
    counts = [sum(1 for v in values if test(v)) for _, test in bins]
    if sum(counts) != len(values):
        raise Fail("histogram bins do not cover the values")
    peak = max(counts) if counts else 1
    o = ["```"]
    for (label, _), n in zip(bins, counts):
        bar = "#" * (0 if n == 0 else max(1, round(width * n / peak)))
        o.append(f"{label:>16} {n:6d} {pct(n, len(values)):>7} {bar}")
    return o + ["```"]


# ---------------------------------------------------------------- the dev split


@dataclass
class Record:
    line: int
    gene: str
    path: str
    disease_id: str
    disease_label: str
    text: str  # the phenopacket JSON exactly as published
    features: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # HPO id -> the record's own label


def default_split() -> Path:
    """`../shared/reference/phenopacket-store-dev/` beside the repository; from a linked git
    worktree, beside its main worktree."""
    here = ROOT.parent / SPLIT_REL
    if here.is_dir():
        return here
    r = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
                       cwd=ROOT, capture_output=True, text=True)
    main_tree = Path(r.stdout.strip()).parent if r.returncode == 0 else ROOT
    return main_tree.parent / SPLIT_REL if (main_tree.parent / SPLIT_REL).is_dir() else here


def read_split(split: Path) -> list[Record]:
    jsonl, manifest = split / "phenopackets.jsonl.gz", split / "manifest.tsv"
    for p in (jsonl, manifest, split / "COMMIT"):
        if not p.is_file():
            raise Fail(f"{p}: not found (give the split with --dev-split DIR)")
    rows = manifest.read_text(encoding="utf-8").splitlines()
    if rows[0].split("\t")[:5] != ["line", "gene", "path", "disease_id", "disease_label"]:
        raise Fail(f"{manifest}: unexpected header {rows[0]!r}")
    meta = {int(c[0]): c for c in (r.split("\t") for r in rows[1:])}
    records = []
    with gzip.open(jsonl, "rt", encoding="utf-8") as f:
        for n, text in enumerate(f, start=1):
            if n not in meta:
                raise Fail(f"{manifest}: no row for line {n}")
            c = meta[n]
            pp = json.loads(text)
            feats = pp.get("phenotypicFeatures", [])
            labels = {}
            for ft in feats:
                t = ft.get("type", {})
                labels.setdefault(t.get("id", ""), t.get("label", ""))
            records.append(Record(n, c[1], c[2], c[3], c[4], text.rstrip("\n"), len(feats), labels))
    if len(records) != len(meta):
        raise Fail(f"{jsonl}: {len(records)} records, manifest has {len(meta)}")
    return records


def evaluate_split(binary: Path, records: list[Record], split_commit: str) -> list[Outcome]:
    """The `poh` command reads files: each record is written once per split commit to
    target/validate/dev-<commit>/ and kept for the next run (and the baseline)."""
    d = WORK / f"dev-{split_commit[:12]}"
    for old in WORK.glob("dev-*"):
        if old != d:
            shutil.rmtree(old, ignore_errors=True)
    d.mkdir(parents=True, exist_ok=True)
    files = []
    for r in records:
        p = d / f"{r.line:05d}.json"
        if not p.is_file() or p.stat().st_size != len(r.text.encode("utf-8")):
            p.write_text(r.text, encoding="utf-8")
        files.append(p)
    return run_poh(binary, files, phenopacket=True)


@dataclass
class DevFigures:
    records: int
    evaluated: int
    errors: dict[tuple[int, str], list[Record]]
    poh_met: int
    ge500: int
    ge100: int
    other_missing: int
    other_first: int
    flags: dict[str, int]
    verdicts: dict[str, int]
    leaders: dict[str, int]
    poh_first8: int
    poh_post: list[int]
    poh_lr: list[int]
    recognized: list[int]
    unrecognized: list[int]
    features: list[int]
    top: list[tuple[Record, dict[str, Any]]]

    def flag_levels(self) -> list[str]:
        """The three levels always (0 when unused); "absent" and any unknown level when seen."""
        return [k for k in FLAG_LEVELS if k != "absent" or k in self.flags] + sorted(
            k for k in self.flags if k not in FLAG_LEVELS)

    def share(self, n: int) -> str:
        """n of the evaluated records; also of all records while some are rejected."""
        s = f"{n} ({pct(n, self.evaluated)}"
        return s + (f"; {pct(n, self.records)} of all records)" if self.evaluated != self.records else ")")

    def key_figures(self) -> list[tuple[str, str]]:
        errs = sum(len(v) for v in self.errors.values())
        return [
            ("records", str(self.records)),
            ("evaluated", str(self.evaluated)),
            ("errors", str(errs)),
            *((f"error {c} ({k})", str(len(v))) for (c, k), v in sorted(self.errors.items())),
            ("POH verdict met (target 0)", str(self.poh_met)),
            (f"POH posterior >= 50% (target <= {TARGET_GE500:.1%})", self.share(self.ge500)),
            (f"POH posterior >= 10% (target <= {TARGET_GE100:.0%})", self.share(self.ge100)),
            ("POH first of the 8 (ties included)", self.share(self.poh_first8)),
            ("POH first overall (ties included)", self.share(self.leaders.get("POH", 0))),
            ("OTHER missing from the differential", str(self.other_missing)),
            ("OTHER first (share of first places)", self.share(self.other_first)),
            *((f"flag {k}", str(self.flags.get(k, 0))) for k in self.flag_levels()),
        ]


def dev_figures(records: list[Record], outcomes: list[Outcome]) -> DevFigures:
    errors: dict[tuple[int, str], list[Record]] = {}
    flags: dict[str, int] = {}
    verdicts: dict[str, int] = {}
    leaders: dict[str, int] = {}
    post, lr, recog, unrec, scored = [], [], [], [], []
    poh_met = ge500 = ge100 = other_missing = other_first = poh_first8 = 0
    for r, o in zip(records, outcomes):
        if o.out is None:
            errors.setdefault((o.code or 0, o.kind), []).append(r)
            continue
        out = o.out
        v = out.get("poh", {}).get("verdict", "absent")
        verdicts[v] = verdicts.get(v, 0) + 1
        poh_met += v == "met"
        fl = flag_level(out)
        flags[fl] = flags.get(fl, 0) + 1
        p = entry(out, POH_ID)
        if p is None:
            raise Fail(f"line {r.line}: no {POH_ID} entry in the differential")
        pp, pl = p.get("posterior_permille", 0), p.get("log10_lr_milli", 0)
        post.append(pp)
        lr.append(pl)
        ge500 += pp >= 500
        ge100 += pp >= 100
        if entry(out, OTHER_ID) is None:
            other_missing += 1
        # First places: a tie at the top counts for every tied entry, named as in `leader`.
        lead = leader(out.get("differential", []))
        for name in lead.removeprefix("tie ").split("="):
            leaders[name] = leaders.get(name, 0) + 1
        other_first += "OTHER" in lead.removeprefix("tie ").split("=")
        poh_first8 += "POH" in leader(modelled(out)).removeprefix("tie ").split("=")
        recog.append(len(out.get("findings", [])))
        # The list is capped; `unrecognized_total` (issue 15) counts them all.
        unrec.append(out.get("unrecognized_total", len(out.get("unrecognized", []))))
        scored.append((r, out, pp, pl))
    scored.sort(key=lambda t: (-t[2], -t[3], t[0].line))
    return DevFigures(
        records=len(records),
        evaluated=len(post),
        errors=errors,
        poh_met=poh_met,
        ge500=ge500,
        ge100=ge100,
        other_missing=other_missing,
        other_first=other_first,
        flags=flags,
        verdicts=verdicts,
        leaders=leaders,
        poh_first8=poh_first8,
        poh_post=sorted(post),
        poh_lr=sorted(lr),
        recognized=sorted(recog),
        unrecognized=sorted(unrec),
        features=sorted(r.features for r in records),
        top=[(r, out) for r, out, _, _ in scored[:10]],
    )


def why(rec: Record, out: dict[str, Any]) -> str:
    """POH's reasons: each input with its label (the output's, else the record's own) and its
    weight, then the rules."""
    p = entry(out, POH_ID) or {}
    labels = {f.get("input"): f.get("label") for f in out.get("findings", []) if f.get("label")}
    parts = []
    for reason in p.get("reasons", []):
        w = milli(reason.get("log10_lr_milli", 0))
        if "rule" in reason:
            parts.append(f"rule {reason['rule']} {w}")
            continue
        ident = reason.get("input", "?")
        label = labels.get(ident) or rec.labels.get(ident, "")
        neg = "NOT " if reason.get("excluded") else ""
        row = f" via {reason['row']}" if reason.get("row") and reason.get("row") != ident else ""
        parts.append(f"{neg}{ident} {label} ({reason.get('match', '?')}{row}) {w}".replace("  ", " "))
    return "; ".join(parts) if parts else "(no reasons)"


def bins_permille() -> list[tuple[str, Callable[[int], bool]]]:
    edges = [(0, 0), (1, 9), (10, 49), (50, 99), (100, 249), (250, 499), (500, 899), (900, 1000)]
    return [(f"{a / 10:g}-{b / 10:g}%" if a != b else f"{a / 10:g}%", lambda v, a=a, b=b: a <= v <= b) for a, b in edges]


def bins_lr() -> list[tuple[str, Callable[[int], bool]]]:
    """Bands of log10 LR in whole units, with exactly 0 (nothing scored) on its own."""
    o: list[tuple[str, Callable[[int], bool]]] = [("< -3", lambda v: v < -3000)]
    o += [(f"[{a}, {a + 1})", lambda v, a=a: a * 1000 <= v < (a + 1) * 1000) for a in (-3, -2, -1)]
    o += [("0", lambda v: v == 0), ("(0, 1)", lambda v: 0 < v < 1000)]
    o += [(f"[{a}, {a + 1})", lambda v, a=a: a * 1000 <= v < (a + 1) * 1000) for a in (1, 2, 3, 4)]
    return o + [(">= 5", lambda v: v >= 5000)]


def dev_section(f: DevFigures, split_name: str) -> list[str]:
    e = f.evaluated
    o = [f"## The development split ({split_name})", ""]
    o += [
        f"{f.records} records; {e} evaluated; {sum(len(v) for v in f.errors.values())} rejected. "
        "Shares below are of the evaluated records.",
        "",
    ]
    o += ["### Key figures", ""]
    o += table(["figure", "value"], f.key_figures())
    o += ["", "### Errors by kind", ""]
    if not f.errors:
        o += ["None: every record evaluates.", ""]
    for (code, kind), recs in sorted(f.errors.items()):
        o += [f"- **error {code} ({kind})**: {len(recs)} records; first ones (manifest line, path):"]
        o += [f"  - {r.line} `{r.path}`" for r in recs[:5]]
    o += ["", "### Verdicts, flags and first places", ""]
    o += ["POH criteria verdict: " + ", ".join(f"{k} {v}" for k, v in sorted(f.verdicts.items())) + "."]
    o += ["", "Flag (`flag.level`; `absent`: the output has no flag member): "
          + ", ".join(f"{k} {f.flags.get(k, 0)}" for k in f.flag_levels()) + "."]
    o += ["", "First place of the differential by abbreviation (a tie at the top counts for each tied entry; "
          "OTHER is `POHKB:OTHER`, absent from outputs that lack it):", ""]
    o += table(["first", "records", "share"], [[k, v, pct(v, e)] for k, v in sorted(f.leaders.items(), key=lambda t: (-t[1], t[0]))])
    o += ["", "### POH posterior (`posterior_permille` of OMIM:166350)", ""]
    qs = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)]
    o += table(["quantile"] + [q for q, _ in qs],
               [["posterior (permille)"] + [quantile(f.poh_post, q) for _, q in qs],
                ["log10 LR"] + [milli(quantile(f.poh_lr, q)) for _, q in qs]])
    o += ["", "Posterior, records per band:", ""] + histogram(f.poh_post, bins_permille())
    o += ["", "log10 likelihood ratio of POH (`log10_lr_milli` / 1000), records per band:", ""]
    o += histogram(f.poh_lr, bins_lr())
    o += ["", "### Phenotype counts", ""]
    o += table(["per record", "median", "p90", "max", "over"],
               [["phenotypic features (as published)", quantile(f.features, 0.5), quantile(f.features, 0.9), max(f.features, default=0), "all records"],
                ["recognized terms (`findings`)", quantile(f.recognized, 0.5), quantile(f.recognized, 0.9), max(f.recognized, default=0), "evaluated records"],
                ["unrecognized entries (`unrecognized_total`, else the listed ones)", quantile(f.unrecognized, 0.5), quantile(f.unrecognized, 0.9), max(f.unrecognized, default=0), "evaluated records"]])
    o += ["", "### The ten highest POH posteriors", "",
          "Ordered by POH posterior, then log10 LR, then manifest line. Gene and disease are the "
          "record's own diagnosis (a label only, never read by poh). WHY lists POH's `reasons`: "
          "each input (NOT: excluded) with its label, how it matched, and its log10 LR; then the rules.", ""]
    rows = []
    for r, out in f.top:
        p = entry(out, POH_ID) or {}
        rows.append([r.line, f"`{r.path}`", r.gene, r.disease_label, p.get("posterior_permille", 0),
                     milli(p.get("log10_lr_milli", 0)), flag_level(out), why(r, out)])
    o += table(["line", "path", "gene", "disease", "POH permille", "log10 LR", "flag", "why"], rows)
    return o + [""]


# ---------------------------------------------------------------- the golden cases


GOLDEN_HEAD = ["case", "verdict expected", "verdict", "POH rank of 8 / all", "POH permille",
               "leader of the 8", "leader overall", "flag", "checks"]


def golden_rows(cases: list[tuple[str, dict[str, Any]]], outcomes: list[Outcome]) -> list[list[str]]:
    rows = []
    for (name, case), o in zip(cases, outcomes):
        exp = case.get("expect", {})
        if o.out is None:
            rows.append([name, exp.get("verdict", "-"), f"error {o.code} ({o.kind})", "-", "-", "-", "-", "-", "**MISMATCH**: rejected"])
            continue
        out, poh = o.out, o.out.get("poh", {})
        bad = []
        if "verdict" in exp and poh.get("verdict") != exp["verdict"]:
            bad.append("verdict")
        if "provisional" in exp and poh.get("provisional") != exp["provisional"]:
            bad.append("provisional")
        for group, member, attr in (("criteria", "criteria", "verdict"), ("supporting", "supporting", "status")):
            for k, want in sorted(exp.get(group, {}).items()):
                got = next((c.get(attr) for c in poh.get(member, []) if c.get("key") == k), None)
                if got != want:
                    bad.append(f"{k} {got}")
        lead8 = leader(modelled(out))
        first_ids = {e.get("id") for e in modelled(out) if key(e) == key(modelled(out)[0])} if modelled(out) else set()
        if "differential_first" in exp and first_ids != {exp["differential_first"]}:
            bad.append("leader")
        any_of = exp.get("differential_first_any_of")
        if any_of is not None and not (first_ids and first_ids <= set(any_of)):
            bad.append("leader")
        unrec = {u.get("id") for u in out.get("unrecognized", [])}
        if any(u not in unrec for u in exp.get("unrecognized", [])):
            bad.append("unrecognized")
        p = entry(out, POH_ID) or {}
        ranks = f"{rank_of(modelled(out), POH_ID)} / {rank_of(out.get('differential', []), POH_ID)}"
        rows.append([name, exp.get("verdict", "-"), poh.get("verdict", "-"), ranks,
                     p.get("posterior_permille", "-"), lead8, leader(out.get("differential", [])),
                     flag_level(out), "ok" if not bad else "**MISMATCH**: " + ", ".join(bad)])
    return rows


def read_cases() -> list[tuple[Path, str, dict[str, Any]]]:
    files = sorted(CASES.glob("*.json"))
    if not files:
        raise Fail(f"{CASES}: no golden cases")
    return [(p, p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in files]


def golden_section(rows: list[list[str]]) -> list[str]:
    bad = sum(1 for r in rows if r[-1] != "ok")
    o = ["## The golden cases (tests/cases)", "",
         f"{len(rows)} cases, {bad} with a mismatch against their hand-derived `expect`. "
         "\"leader of the 8\" ignores OTHER; a tie at the top is spelt out. \"checks\" compares every "
         "key the case's `expect` gives (verdict, provisional, criteria, supporting, the leader of the 8 "
         "against `differential_first`/`_any_of`, unrecognized) and names each mismatch.", ""]
    return o + table(GOLDEN_HEAD, rows) + [""]


# ---------------------------------------------------------------- baseline


def baseline(ref: str) -> Path:
    """Build REF's `poh` in a temporary worktree; returns the binary. The worktree is removed
    again by `drop_baseline` (the build directory stays under target/ for the next run)."""
    wt = WORK / "baseline-src"
    drop_baseline()
    sh(["git", "worktree", "add", "-q", "--detach", str(wt), ref])
    return build(wt / "Cargo.toml", WORK / "baseline-target")


def drop_baseline() -> None:
    wt = WORK / "baseline-src"
    if wt.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(wt)], cwd=ROOT, capture_output=True)
        shutil.rmtree(wt, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def changed_section(ref: str | None, commit: str | None, now: DevFigures | None, was: DevFigures | None,
                    rows: list[list[str]], was_rows: list[list[str]] | None) -> list[str]:
    o = ["## What changed", ""]
    if ref is None or was_rows is None:
        o += ["No baseline was given: `make validate BASELINE=<git ref>` (or `tools/validate.py --baseline REF`) "
              "fills this section with every figure and golden-table cell of REF beside today's.", ""]
    else:
        o += [f"Baseline `{ref}` = {commit}, built in a temporary worktree and run on the same inputs "
              "(today's case files). A changed cell reads `now (was: before)` and is marked **Δ**.", ""]
        if now is not None and was is not None:
            a, b = dict(was.key_figures()), dict(now.key_figures())
            names = list(dict.fromkeys([k for k, _ in was.key_figures()] + [k for k, _ in now.key_figures()]))
            o += table(["dev split", "baseline", "now", ""],
                       [[k, a.get(k, "-"), b.get(k, "-"), "**Δ**" if a.get(k) != b.get(k) else ""] for k in names])
            o += [""]
        prev = {r[0]: r for r in was_rows}
        out_rows = []
        for r in rows:
            p = prev.get(r[0])
            if p is None:
                out_rows.append(r + ["new case"])
                continue
            cells = [r[0]] + [c if c == q else f"**Δ** {c} (was: {q})" for c, q in zip(r[1:], p[1:])]
            out_rows.append(cells + [str(sum(1 for c, q in zip(r[1:], p[1:]) if c != q) or "")])
        o += table(GOLDEN_HEAD + ["cells changed"], out_rows) + [""]
    if NOTES.is_file():
        o += [f"### Clinical explanation of the changes ({NOTES.relative_to(ROOT)}, hand-written)", ""]
        o += NOTES.read_text(encoding="utf-8").rstrip("\n").splitlines() + [""]
    else:
        o += [f"Clinical explanations of changed expectations go in `{NOTES.relative_to(ROOT)}` "
              "(hand-written; included here verbatim when present).", ""]
    return o


# ---------------------------------------------------------------- the sample fixture


def write_sample(records: list[Record], split: Path, dest: Path) -> None:
    commit = (split / "COMMIT").read_text(encoding="utf-8").strip()
    # The record with the most phenotypic features (first by line): the largest input.
    largest = min(records, key=lambda r: (-r.features, r.line))
    extras = dict(SAMPLE_EXTRA)
    extras.setdefault(largest.line, f"the most phenotypic features in the split ({largest.features})")
    chosen = [r for r in records if (r.line - 1) % SAMPLE_STEP == 0 or r.line in extras]
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    rows = ["line\tgene\tpath\tdisease_id\tdisease_label\tphenotypic_features\tfile\twhy"]
    for r in chosen:
        name = f"L{r.line:04d}_{Path(r.path).name}"
        (dest / name).write_text(r.text + "\n", encoding="utf-8")
        reason = extras.get(r.line, f"every {SAMPLE_STEP}nd line")
        rows.append("\t".join([str(r.line), r.gene, r.path, r.disease_id, r.disease_label, str(r.features), name, reason]))
    (dest / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copyfile(split / "LICENSE", dest / "LICENSE")
    extra = "; ".join(f"line {k}: {v}" for k, v in sorted(extras.items()))
    (dest / "README.md").write_text(f"""# A sample of phenopacket-store's development split (test fixture)

{len(chosen)} real published patients, each one GA4GH Phenopacket v2 JSON file exactly as
published (one line of `phenopackets.jsonl.gz`), from the Monarch Initiative's
[phenopacket-store](https://github.com/monarch-initiative/phenopacket-store) at commit
`{commit}`, BSD 3-Clause licence (`LICENSE`, copied unchanged: Copyright (c) 2022, Monarch
Initiative). The split is the one issue 15 names (`../shared/reference/phenopacket-store-dev/`).

Chosen by a fixed rule, never by result: every {SAMPLE_STEP}nd line of the split from line 1
(lines 1, {1 + SAMPLE_STEP}, {1 + 2 * SAMPLE_STEP}, ...), plus named regressions ({extra}).
File names are `L<manifest line>_<file name in phenopacket-store>`; `manifest.tsv` gives each
file's split line, gene cohort, path in phenopacket-store, recorded disease and why it is here.

None of these patients has POH or a disorder poh models. The recorded diagnosis (`diseases`,
`interpretations`) is never evidence for poh. `cli/tests/dev_sample.rs` checks that every file
evaluates, that the POH criteria are never met and that OTHER is in every differential.
Regenerate with `python3 tools/validate.py --write-sample {dest.relative_to(ROOT) if dest.is_relative_to(ROOT) else dest}`.
""", encoding="utf-8")
    print(f"validate: wrote {len(chosen)} records to {dest}")


# ---------------------------------------------------------------- main


def tree_commit() -> str:
    head = sh(["git", "rev-parse", "HEAD"]).strip()
    dirty = [l for l in sh(["git", "status", "--porcelain", "--untracked-files=no"]).splitlines()
             if not l.endswith(str(DEFAULT_OUT.relative_to(ROOT)))]
    return head + (" (with uncommitted changes)" if dirty else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev-split", type=Path, help="phenopacket-store-dev directory "
                    "(default ../shared/reference/phenopacket-store-dev beside the repository)")
    ap.add_argument("--poh", type=Path, help="a built poh binary (default: build target/release/poh)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="report file (default docs/VALIDATION.md)")
    ap.add_argument("--baseline", metavar="REF", help="a git ref to compare with (built in a temporary worktree)")
    ap.add_argument("--write-sample", type=Path, metavar="DIR", help="write the test-fixture sample and stop")
    a = ap.parse_args()
    split = (a.dev_split or default_split()).resolve()
    records = read_split(split)
    if a.write_sample:
        write_sample(records, split, a.write_sample.resolve())
        return 0
    split_commit = (split / "COMMIT").read_text(encoding="utf-8").strip()
    binary = a.poh.resolve() if a.poh else build(ROOT / "Cargo.toml", None)
    cases = read_cases()
    now = dev_figures(records, evaluate_split(binary, records, split_commit))
    rows = golden_rows([(n, c) for _, n, c in cases], run_poh(binary, [p for p, _, _ in cases], phenopacket=False))
    was = was_rows = commit = None
    if a.baseline:
        try:
            commit = sh(["git", "rev-parse", "--verify", a.baseline + "^{commit}"]).strip()
            old = baseline(a.baseline)
            was = dev_figures(records, evaluate_split(old, records, split_commit))
            was_rows = golden_rows([(n, c) for _, n, c in cases], run_poh(old, [p for p, _, _ in cases], phenopacket=False))
        finally:
            drop_baseline()
    doc = [
        "# Validation: calibration and specificity",
        "",
        "Written by `make validate` (`tools/validate.py`); do not edit by hand. "
        "Decision support, not diagnosis: these figures measure how often poh raises POH for patients "
        "who do not have it, and whether the golden cases keep their hand-derived results.",
        "",
        f"- tree: {tree_commit()}",
        f"- development split: phenopacket-store commit {split_commit} ({len(records)} records; "
        "real published patients with genetic disorders poh does not model; BSD-3-Clause, Monarch Initiative)",
        f"- evaluated by `poh --json --phenopacket` (each record as published); the recorded diagnosis is a label only",
        "",
    ]
    doc += dev_section(now, "phenopacket-store-dev")
    doc += golden_section(rows)
    doc += changed_section(a.baseline, commit, now, was, rows, was_rows)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(doc).rstrip("\n") + "\n", encoding="utf-8")
    bad = sum(1 for r in rows if r[-1] != "ok")
    print(f"validate: wrote {a.out} (dev split {split}, poh {binary})")
    for k, v in now.key_figures():
        print(f"  {k}: {v}")
    print(f"  golden cases: {len(rows)}, mismatches {bad}")
    if was is not None:
        print(f"  baseline {a.baseline} ({commit}):")
        for k, v in was.key_figures():
            print(f"    {k}: {v}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fail as e:
        print(f"validate: {e}", file=sys.stderr)
        sys.exit(1)
