"""The HTML report of an OMOP screen: one self-contained file (inline SVG plots, no
external assets), written from a `poh.screen.ScreenRun`.

Sections: provenance; flags by level; the distribution of POH's log10 likelihood ratio;
flagged persons by age and sex; recorded diagnoses of the modelled disorders (shown, never
evidence) against the flags; what the concept map could not read; each flagged person's
reasons. matplotlib draws the plots (``poh[omop]``); without it the report has the tables
only and says so.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .screen import ScreenRun

__all__ = ["write_report", "render_report"]

_TOP_UNMAPPED = 25
_MAX_REASONS = 200  # flagged persons whose reasons are written out in full


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _plt() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        return plt
    except ImportError:
        return None


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt = _plt()
    if plt is not None:
        plt.close(fig)
    text = buf.getvalue()
    # The SVG document's own XML prologue is not allowed inside HTML.
    return text[text.index("<svg"):]


def _bar(labels: Sequence[str], values: Sequence[int], title: str, xlabel: str = "",
         horizontal: bool = False) -> Optional[str]:
    plt = _plt()
    if plt is None:
        return None
    height = max(2.5, 0.28 * len(labels) + 1) if horizontal else 3.0
    fig, ax = plt.subplots(figsize=(7, height))
    if horizontal:
        ax.barh(range(len(labels)), values, color="#4c72b0")
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
    else:
        ax.bar(labels, values, color="#4c72b0")
        ax.set_ylabel(xlabel)
        for i, v in enumerate(values):
            ax.annotate(str(v), (i, v), ha="center", va="bottom", fontsize=8)
    ax.set_title(title)
    return _svg(fig)


def _hist(values: Sequence[float], title: str, xlabel: str) -> Optional[str]:
    plt = _plt()
    if plt is None or not values:
        return None
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(values, bins=min(60, max(10, len(set(values)))), color="#4c72b0")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("persons (log scale)")
    ax.set_title(title)
    return _svg(fig)


def _age_sex(ages: Sequence[Optional[int]], sexes: Sequence[Optional[str]]) -> Optional[str]:
    plt = _plt()
    if plt is None or not ages:
        return None
    bands = ["<1", "1-4", "5-9", "10-17", "18-39", "40-64", "65+", "unknown"]

    def band(m: Optional[int]) -> str:
        if m is None or m < 0:
            return "unknown"
        y = m // 12
        for lo, hi, name in ((0, 0, "<1"), (1, 4, "1-4"), (5, 9, "5-9"), (10, 17, "10-17"),
                             (18, 39, "18-39"), (40, 64, "40-64")):
            if lo <= y <= hi:
                return name
        return "65+"

    counts: Dict[str, Counter[str]] = {}
    for a, s in zip(ages, sexes):
        counts.setdefault(s or "unknown", Counter())[band(a)] += 1
    fig, ax = plt.subplots(figsize=(7, 3))
    bottom = [0] * len(bands)
    for sex in sorted(counts):
        vals = [counts[sex][b] for b in bands]
        ax.bar(bands, vals, bottom=bottom, label=sex)
        bottom = [x + y for x, y in zip(bottom, vals)]
    ax.set_xlabel("age at the end of the latest observation period (years)")
    ax.set_ylabel("flagged persons")
    ax.legend(fontsize=8)
    ax.set_title("Flagged persons by age and sex")
    return _svg(fig)


def _figure(svg: Optional[str], alt: str) -> str:
    if svg is None:
        return f'<p class="note">[plot not drawn: {_e(alt)}]</p>'
    return f'<figure role="img" aria-label="{_e(alt)}">{svg}</figure>'


def _reasons(run: ScreenRun, person_id: int) -> str:
    a = run.reasons(person_id)
    d: Dict[str, Any] = dict(a.to_dict())
    flag: Dict[str, Any] = d.get("flag") or {}
    parts = [f"<h3>person_id {person_id}</h3>"]
    if flag:
        parts.append(f"<p><b>flag {_e(flag.get('level'))}</b>: {_e(flag.get('text'))} "
                     f"<span class=cite>[{_e(', '.join(flag.get('cites', [])))}]</span></p>")
    parts.append(f"<p>verdict <b>{_e(a.verdict)}</b>; criteria: "
                 + "; ".join(f"{_e(c['key'])} {_e(c['verdict'])}" for c in a.criteria) + "</p>")
    onset = {p.get("id"): p.get("onset_months") for p in
             (run.flagged_findings_of(person_id).get("phenotypes") or [])}
    rows = [(f.get("input"), f.get("label"), "excluded" if f.get("excluded") else "present",
             "" if onset.get(f.get("input")) is None else onset.get(f.get("input")))
            for f in d.get("findings", [])]
    if rows:
        parts.append(_table(("finding (from the record)", "label", "state",
                             "onset below (months)"), rows))
    expl = [(x.get("about"), x.get("finding"), x.get("status"), x.get("input", ""),
             ", ".join(x.get("cites", []))) for x in d.get("explanation", [])]
    if expl:
        parts.append(_table(("criterion", "finding", "status", "input", "cites"), expl))
    poh = next((x for x in d.get("differential", []) if x.get("abbreviation") == "POH"), None)
    if poh is not None:
        rr = [(x.get("input") or x.get("rule") or "", x.get("match") or x.get("text") or "",
               f"{x['log10_lr_milli'] / 1000:+.3f}", ", ".join(x.get("cites", [])))
              for x in poh.get("reasons", [])]
        if rr:
            parts.append(f"<p>POH: log10 LR {poh['log10_lr_milli'] / 1000:+.3f}, posterior "
                         f"{poh['posterior_permille']}&permil;; term by term:</p>")
            parts.append(_table(("input / rule", "match", "log10 LR", "cites"), rr))
    return "\n".join(parts)


def render_report(run: ScreenRun, title: str = "poh OMOP screen",
                  command: str = "") -> str:
    """The report as HTML text."""
    r = run.results
    flags = run.flag_counts
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    lr_milli = pc.drop_null(r["poh_log10_lr_milli"])
    lr = (lr_milli.to_numpy() / 1000).tolist() if len(lr_milli) else []
    # Only the persons with a recorded diagnosis are read row by row.
    with_dx = r.filter(pc.greater(pc.list_value_length(r["recorded_diagnoses"]), 0))
    flagged = run.flagged()
    plt_note = "" if _plt() is not None else (
        '<p class="note">matplotlib is not installed: plots are left out '
        "(pip install 'poh[omop]').</p>")

    # Recorded diagnoses (never evidence) against the flags.
    dx_rows: List[Tuple[str, str, int]] = []
    dx_count: Counter[Tuple[str, str]] = Counter()
    for dx, fl in zip(with_dx["recorded_diagnoses"].to_pylist(), with_dx["flag"].to_pylist()):
        for label in sorted({x.split(" ", 1)[0] for x in dx or []}):
            dx_count[(label, fl or "not available")] += 1
    for (label, fl), n in sorted(dx_count.items()):
        dx_rows.append((label, fl, n))

    rejected = r.filter(pc.is_valid(r["error_code"]))
    errors = Counter(zip(rejected["error_code"].to_pylist(), rejected["error_kind"].to_pylist()))
    unm = run.unmapped.to_pylist()
    by_table: Dict[str, List[Dict[str, Any]]] = {}
    for u in unm:
        by_table.setdefault(f"{u['table_name']} ({u['reason']})", []).append(u)

    out = [
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
        f"<title>{_e(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}"
        "td,th{border:1px solid #ccc;padding:2px 6px;font-size:.85em;text-align:left}"
        "th{background:#f3f3f3}.note{color:#8a5a00}.cite{color:#666;font-size:.85em}"
        "figure{margin:0}svg{max-width:100%;height:auto}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        "<p><b>Decision support, not diagnosis.</b> A flag asks for a clinician's review of "
        "the person's record; it is not a diagnosis. Recorded diagnoses of the modelled "
        "disorders are shown as recorded and never used as evidence.</p>",
        "<h2>Run</h2>",
        _table(("item", "value"), [
            ("persons", run.persons),
            ("CDM version (from columns)", run.cdm_version),
            ("CDM schema / vocabulary schema", f"{run.schema} / {run.vocabulary_schema}"),
            ("poh / knowledge base / HPO", f"{run.versions.get('poh')} / "
             f"{run.versions.get('kb')} / {run.versions.get('hpo')}"),
            ("concept map version", run.versions.get("concept_map")),
            ("site concepts resolved", ", ".join(f"{k}: {v}" for k, v in run.resolved.items())),
            ("wall time (s)", f"{run.seconds:.2f}"),
            ("persons per second, end to end", f"{run.persons / max(run.seconds, 1e-9):,.0f}"),
            ("command", command),
        ]),
    ]
    if run.notes:
        out.append("<p>Notes on the database:</p><ul>"
                   + "".join(f"<li>{_e(n)}</li>" for n in run.notes) + "</ul>")
    if run.unresolved.num_rows:
        out.append("<p>Map rows with no concept in this site's vocabulary (never read):</p>")
        grouped: Dict[Tuple[str, str], List[str]] = {}
        for x in run.unresolved.to_pylist():
            grouped.setdefault((x["kind"], x["target"]), []).append(
                f"{x['vocabulary_id']} {x['concept_code']}")
        out.append(_table(("kind", "target", "codes"),
                          [(k, t, ", ".join(c)) for (k, t), c in sorted(grouped.items())]))
    out.append(plt_note)
    out.append("<h2>Flags by level</h2>")
    out.append(_table(("flag", "persons"), list(flags.items())))
    if "not available" in flags:
        out.append('<p class="note">"not available": this poh build assesses no flag '
                   "(the core's alert flag is newer).</p>")
    out.append(_figure(_bar(list(flags), list(flags.values()), "Persons by flag", "persons"),
                       "persons by flag level"))
    if errors:
        out.append("<p>Rows the core rejected (their error is in the results table):</p>")
        out.append(_table(("code", "kind", "persons"),
                          [(c, k, n) for (c, k), n in sorted(errors.items())]))
    out.append("<h2>POH's log10 likelihood ratio</h2>")
    out.append("<p>Against the model's background; not a posterior and not a screen on its "
               "own: the flag gates on a POH-defining finding.</p>")
    out.append(_figure(_hist(lr, "POH log10 LR, all evaluated persons", "log10 LR"),
                       "histogram of POH's log10 likelihood ratio"))
    out.append("<h2>Flagged persons by age and sex</h2>")
    if flagged.num_rows:
        out.append(_figure(_age_sex(flagged["age_months"].to_pylist(),
                                    flagged["sex"].to_pylist()), "flagged persons by age and sex"))
    else:
        out.append("<p>No person was flagged.</p>")
    out.append("<h2>Recorded diagnoses of the modelled disorders</h2>")
    if dx_rows:
        out.append("<p>Shown as recorded, never evidence; a recorded diagnosis with no flag "
                   "is a person whose record lacks what the screen reads.</p>")
        out.append(_table(("recorded", "flag", "persons"), dx_rows))
    else:
        out.append("<p>None recorded.</p>")
    out.append("<h2>What the concept map did not read</h2>")
    out.append(f"<p>{len(unm)} concepts in all (the full list is in the unmapped CSV); "
               f"the {_TOP_UNMAPPED} with most persons per table:</p>")
    for key, items in sorted(by_table.items()):
        top = items[:_TOP_UNMAPPED]
        out.append(f"<h3>{_e(key)}: {len(items)} concepts, "
                   f"{sum(x['records'] for x in items):,} records</h3>")
        out.append(_figure(
            _bar([f"{x['concept_id']} {str(x['concept_name'] or '')[:40]}" for x in top],
                 [x["persons"] for x in top], key, "persons", horizontal=True),
            f"unmapped concepts of {key}"))
        out.append(_table(("concept_id", "name", "vocabulary", "code", "records", "persons"),
                          [(x["concept_id"], x["concept_name"], x["vocabulary_id"],
                            x["concept_code"], x["records"], x["persons"]) for x in top]))
    out.append("<h2>Flagged persons and their reasons</h2>")
    ids = flagged["person_id"].to_pylist()
    if not ids:
        out.append("<p>No person was flagged.</p>")
    for pid in ids[:_MAX_REASONS]:
        out.append(_reasons(run, pid))
    if len(ids) > _MAX_REASONS:
        out.append(f'<p class="note">{len(ids) - _MAX_REASONS} more flagged persons: their '
                   "reasons are not written here (see the results table).</p>")
    out.append("</body></html>")
    return "\n".join(out)


def write_report(run: ScreenRun, path: str, **kw: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(render_report(run, **kw))



