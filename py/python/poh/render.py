"""Presentation of an assessment: a plain-text report and notebook HTML.

Presentation only: every verdict, number and text comes from the core's JSON.
"""

from __future__ import annotations

import functools
import html as _html
import re
from typing import Any, Dict, Iterable, List, Optional

from . import _core
from .schema import AssessmentDict

_MARK = {"met": "\u2713", "not_met": "\u2717", "unknown": "?"}
_STATUS = {"present": "\u2713", "absent": "\u2717", "unknown": "?"}
_COLOR = {"met": "#1a7f37", "not_met": "#b42318", "unknown": "#6b7280", "indeterminate": "#6b7280"}


def _milli(n: int) -> str:
    sign = "-" if n < 0 else ""
    return f"{sign}{abs(n) // 1000}.{abs(n) % 1000:03d}"


def report(d: AssessmentDict, title: Optional[str] = None) -> str:
    """Plain-text report, the Rust command line's byte for byte (py/tests/test_cli.py)."""
    poh = d["poh"]
    out: List[str] = []
    if title:
        out.append(f"== {title}")
    out.append(
        f"POH criteria: {poh['verdict'].upper()}{' (provisional)' if poh['provisional'] else ''}"
        f"   (score log10 LR {_milli(poh['score']['log10_lr_milli'])}, rank {poh['score']['rank']})"
    )
    flag = d["flag"]  # type: ignore[typeddict-item,unused-ignore]
    out.append(f"Flag: {flag['level'].upper()} - {flag['text']}")
    for c in poh["criteria"]:
        prov = " (provisional)" if c["provisional"] else ""
        out.append(f"  [{c['verdict']:7}] {c['text']}{prov}  [{', '.join(c['cites'])}]")
    out.append("Supporting findings:")
    for s in poh["supporting"]:
        out.append(f"  [{s['status']:7}] {s['text']}")
    out.append("Differential (rank, open-world posterior, log10 LR; `=` marks a tie):")
    ranks = [cand["rank"] for cand in d["differential"]]  # type: ignore[typeddict-item,unused-ignore]
    for cand, rank in zip(d["differential"], ranks):
        tie = "=" if ranks.count(rank) > 1 else ""
        out.append(
            f"  {tie + str(rank):>3} {cand['posterior_permille'] / 10:5.1f}%  "
            f"{_milli(cand['log10_lr_milli']):>7}  {cand['abbreviation']:6} {cand['name']} ({cand['id']})"
        )
    steps = d["next_steps"][:4]
    if steps:
        out.append("Next steps:")
        for n in steps:
            out.append(f"  - {n['text']}  [{', '.join(n['cites'])}]")
    for u in d["unrecognized"]:
        out.append(f"  unrecognized term {u['id']} (entry {u['entry']})")
    out.append(f"({d['kb_version']}; {d['disclaimer']})")
    return "\n".join(out) + "\n"


def fhir_report(r: Dict[str, Any]) -> str:
    """The reading report of a FHIR chart in text, as the Rust command line prints it
    after the assessment's report."""
    out = [f"FHIR reading (evaluation date {r.get('evaluation_date', '')}):"]
    for u in r.get("used", []):
        out.append(
            f"  used      {u.get('resource', '')} {u.get('code', '')} -> {u.get('finding', '')} "
            f"{u.get('state', '')}  [{u.get('how', '')}]"
        )
    for d in r.get("recorded_diagnoses", []):
        out.append(
            f"  recorded  {d.get('resource', '')} {d.get('code', '')} {d.get('label', '')} "
            f"({', '.join(x for x in d.get('disorders', []) if isinstance(x, str))}): "
            "a recorded diagnosis, never used as evidence"
        )
    for u in r.get("unmapped", []):
        out.append(
            f"  unmapped  {u.get('resource', '')} {u.get('system', '')}|{u.get('code', '')}: {u.get('why', '')}"
        )
    for d in r.get("dropped", []):
        out.append(f"  dropped   {d.get('resource', '')} {d.get('what', '')}: {d.get('why', '')}")
    return "\n".join(out) + "\n\n"


# ---- HTML -----------------------------------------------------------------------

_LINKS = [
    (re.compile(r"PMID:? ?(\d+)"), "https://pubmed.ncbi.nlm.nih.gov/{}/"),
    (re.compile(r"\b(PMC\d+)"), "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"),
    (re.compile(r"doi:(10\.\S+?)[.;,]?(?:\s|$)"), "https://doi.org/{}"),
    (re.compile(r"\b(NBK\d+)"), "https://www.ncbi.nlm.nih.gov/books/{}/"),
]


@functools.lru_cache(maxsize=1)
def _citations() -> Dict[str, str]:
    return {c["id"]: c["text"] for c in _core.citations()}


def citation_url(text: str) -> Optional[str]:
    """A link for a citation, from the first PMID, PMC id, DOI or NCBI Bookshelf id its
    text names; None when it names none (lay sources, release files)."""
    for pattern, url in _LINKS:
        m = pattern.search(text)
        if m:
            return url.format(m.group(1))
    return None


def _disease_url(curie: str) -> Optional[str]:
    if curie.startswith("OMIM:"):
        return f"https://omim.org/entry/{curie[5:]}"
    return None


def _e(s: object) -> str:
    return _html.escape(str(s), quote=True)


def _cites(ids: Iterable[str]) -> str:
    texts = _citations()
    parts = []
    for i in ids:
        text = texts.get(i, i)
        url = citation_url(text)
        if url:
            parts.append(f'<a href="{_e(url)}" title="{_e(text)}" target="_blank">{_e(i)}</a>')
        else:
            parts.append(f'<abbr title="{_e(text)}">{_e(i)}</abbr>')
    return f'<span style="font-size:85%;color:#6b7280">[{", ".join(parts)}]</span>'


def html(d: AssessmentDict) -> str:  # noqa: C901 - one straight-line template
    """Notebook HTML: the criteria as a checklist, the differential as bars, the sources
    as links (or as ids with the full reference on hover)."""
    poh = d["poh"]
    verdict = poh["verdict"]
    h: List[str] = ['<div class="poh-assessment" style="font-family:sans-serif;max-width:60em">']
    prov = " <em>(provisional)</em>" if poh["provisional"] else ""
    h.append(
        f'<h4 style="margin:0.2em 0">POH criteria: <span style="color:{_COLOR[verdict]}">'
        f"{_e(verdict.replace('_', ' '))}</span>{prov}</h4>"
    )
    h.append('<ul style="list-style:none;padding-left:0.5em;margin:0.2em 0">')
    for c in poh["criteria"]:
        reason = (
            f' <em title="{_e(c.get("provisional_reason", ""))}">(provisional)</em>'
            if c["provisional"]
            else ""
        )
        h.append(
            f'<li><span style="color:{_COLOR[c["verdict"]]};font-weight:bold" '
            f'title="{_e(c["verdict"])}">{_MARK[c["verdict"]]}</span> '
            f"{_e(c['text'])}{reason} {_cites(c['cites'])}</li>"
        )
    h.append("</ul>")
    h.append("<details><summary>Supporting findings</summary>")
    h.append('<ul style="list-style:none;padding-left:0.5em">')
    for s in poh["supporting"]:
        h.append(
            f'<li><span title="{_e(s["status"])}">{_STATUS[s["status"]]}</span> '
            f"{_e(s['text'])} {_cites(s['cites'])}</li>"
        )
    h.append("</ul></details>")
    h.append('<table style="border-collapse:collapse;margin:0.4em 0">')
    h.append(
        "<tr><th style='text-align:left'>Differential</th><th>posterior</th>"
        "<th style='text-align:right'>log<sub>10</sub> LR</th></tr>"
    )
    for cand in d["differential"]:
        pct = cand["posterior_permille"] / 10
        url = _disease_url(cand["id"])
        ident = f'<a href="{_e(url)}" target="_blank">{_e(cand["id"])}</a>' if url else _e(cand["id"])
        h.append(
            f"<tr><td title=\"{_e(cand['name'])}\">{_e(cand['abbreviation'])} "
            f'<span style="font-size:85%;color:#6b7280">{ident}</span></td>'
            f'<td style="width:16em"><div style="background:#e5e7eb;width:12em;display:inline-block">'
            f'<div style="background:#2563eb;height:0.8em;width:{pct:.1f}%"></div></div> {pct:.1f}%</td>'
            f"<td style='text-align:right'>{_milli(cand['log10_lr_milli'])}</td></tr>"
        )
    h.append("</table>")
    if d["next_steps"]:
        h.append("<b>Next steps</b><ol style='margin:0.2em 0'>")
        for n in d["next_steps"]:
            flag = " <em>(decides a criterion)</em>" if n["decides_criterion"] else ""
            h.append(f"<li>{_e(n['text'])}{flag} {_cites(n['cites'])}</li>")
        h.append("</ol>")
    if d["unrecognized"]:
        ids = ", ".join(f"{_e(u['id'])} (entry {u['entry']})" for u in d["unrecognized"])
        h.append(f'<p style="color:#b45309">Unrecognized terms, not used: {ids}</p>')
    cited = sorted(
        {i for c in poh["criteria"] for i in c["cites"]}
        | {i for c in d["differential"] for i in c["cites"]}
        | {i for n in d["next_steps"] for i in n["cites"]}
    )
    texts = _citations()
    h.append("<details><summary>Sources</summary><ul style='font-size:85%'>")
    for i in cited:
        text = texts.get(i, "")
        url = citation_url(text)
        link = f' <a href="{_e(url)}" target="_blank">{_e(url)}</a>' if url else ""
        h.append(f"<li><code>{_e(i)}</code>: {_e(text)}{link}</li>")
    h.append("</ul></details>")
    h.append(
        f'<p style="font-size:80%;color:#6b7280">{_e(d["disclaimer"])} {_e(d["kb_version"])}</p>'
    )
    h.append("</div>")
    return "\n".join(h)
