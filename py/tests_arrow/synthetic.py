"""Seeded synthetic findings rows for the Arrow tests: a wide mix of knowledge-base terms
(from `poh.kb`), labs, genetics and history, with invalid values sprinkled in (bad ids,
out-of-range ages and onsets, unknown vocabulary values, too many entries, contradictions)
so that rejected rows and their error codes are compared too. Nothing here is a clinical
case: the rows are random combinations of the knowledge base's own terms."""

from __future__ import annotations

import random
from typing import Any, Dict, List, Optional

import poh

LABS = ("pth", "calcium", "phosphate", "tsh", "gs_alpha_activity")
HISTORY = ("trauma_or_surgery_at_site", "neurological_injury", "father_affected", "mother_affected")
LAB_VALUES = ("low", "normal", "high", "unknown")
GNAS_RESULTS = ("pathogenic", "likely_pathogenic", "vus", "negative", "not_tested")
ORIGINS = ("paternal", "maternal", "de_novo", "unknown")
SEXES = ("female", "male", "other", "unknown")


def _term_pool() -> List[str]:
    """Every knowledge-base term, plus every term a disease row names (the same ids,
    weighted towards the ones the differential reads)."""
    ids = [t for t, _ in poh.kb.terms()]
    for d in poh.kb.diseases():
        ids.extend(r["id"] for r in d["rows"])
    for g in poh.kb.groups():
        ids.extend(g["terms"])
    return [i for i in ids if i]


class Generator:
    """Rows as (flat Arrow-row dict, nested findings dict) pairs, from one seed."""

    def __init__(self, seed: int, invalid_rate: float = 0.01) -> None:
        self.r = random.Random(seed)
        self.terms = _term_pool()
        self.aho = [a["key"] for a in poh.kb.aho_lists()]
        self.invalid = invalid_rate

    def _bad(self) -> bool:
        return self.r.random() < self.invalid

    def _maybe(self, values: Any, none_rate: float = 0.35, bad: Optional[Any] = None) -> Any:
        if bad is not None and self._bad():
            return bad
        if self.r.random() < none_rate:
            return None
        return self.r.choice(values)

    def _term(self) -> str:
        r = self.r.random()
        if r < self.invalid / 2:
            return self.r.choice(["HP:12", "hp:0000118", "HP:00001180", "0000118", ""])
        if r < 0.08:
            # A syntactically valid id, mostly outside the subset (unrecognized).
            return f"HP:{self.r.randrange(1, 5_000_000):07d}"
        return self.r.choice(self.terms)

    def _modifier(self) -> str:
        # HP:0003676 Progressive, the modifier the core reads (core/src/findings.rs);
        # now and then a term that is no modifier (invalid_modifier).
        return "HP:0003676" if self.r.random() < 0.85 else self.r.choice(self.terms)

    def _entry(self) -> Dict[str, Any]:
        e: Dict[str, Any] = {"id": self._term()}
        x = self.r.random()
        e["excluded"] = None if x < 0.5 else (x < 0.8)
        if self.r.random() < 0.3:
            e["onset_months"] = -3 if self._bad() else self.r.randrange(0, 400)
        else:
            e["onset_months"] = None
        if self.r.random() < 0.05:
            n = 6 if self._bad() else self.r.randrange(0, 3)
            e["modifiers"] = [self._modifier() for _ in range(n)]
        else:
            e["modifiers"] = None
        return e

    def row(self, person_id: int) -> Dict[str, Any]:
        r = self.r
        row: Dict[str, Any] = {"person_id": person_id}
        if self._bad():
            row["age_months"] = r.choice([-1, 1801, 2**31 - 1, -(2**40)])
        else:
            row["age_months"] = None if r.random() < 0.15 else r.randrange(0, 1000)
        row["sex"] = self._maybe(SEXES, bad="F")
        x = r.random()
        if x < 0.1:
            row["phenotypes"] = None
        elif x < 0.15:
            row["phenotypes"] = []
        else:
            n = r.randrange(33, 40) if self._bad() else r.randrange(1, 16)
            row["phenotypes"] = [self._entry() for _ in range(n)]
        for lab in LABS:
            # Gs-alpha activity above normal is no finding: the core refuses "high" there.
            values = LAB_VALUES if lab != "gs_alpha_activity" else ("low", "normal", "unknown")
            row[f"labs_{lab}"] = self._maybe(values, 0.6, bad="HIGH" if lab != "gs_alpha_activity" else "high")
        row["gnas_result"] = self._maybe(GNAS_RESULTS, 0.6, bad="positive")
        row["gnas_parent_of_origin"] = self._maybe(ORIGINS, 0.7, bad="father")
        for h in HISTORY:
            row[f"history_{h}"] = self._maybe((True, False), 0.6)
        row["imaging_specific_pattern"] = self._maybe((True, False), 0.7)
        row["options_aho_list"] = self._maybe(self.aho, 0.9, bad="no_such_list")
        return row


def findings_dict(row: Dict[str, Any]) -> Dict[str, Any]:
    """The findings dict of a flat row, in the findings schema's key order, null cells
    left out (a null cell is an omitted key: unknown)."""
    d: Dict[str, Any] = {}
    for k in ("age_months", "sex"):
        if row.get(k) is not None:
            d[k] = row[k]
    if row.get("phenotypes") is not None:
        d["phenotypes"] = [
            {k: v for k, v in e.items() if v is not None} for e in row["phenotypes"]
        ]
    for section, keys in (
        ("labs", LABS),
        ("gnas", ("result", "parent_of_origin")),
        ("history", HISTORY),
        ("imaging", ("specific_pattern",)),
        ("options", ("aho_list",)),
    ):
        s = {k: row[f"{section}_{k}"] for k in keys if row.get(f"{section}_{k}") is not None}
        if s:
            d[section] = s
    return d
