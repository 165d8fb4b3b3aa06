"""The output: `Assessment`, a read-only view of the core's assessment.

An assessment from `poh.evaluate` holds the core's data (`poh._core.NativeAssessment`):
the verdict, criteria verdicts, ranking and the frame summary are read from it directly;
the assessment JSON (about 27 KB) is written only when something needs it (`to_json()`,
`to_dict()`, a property that returns part of the document, the report), then kept. Its
text is exactly what the Rust, C and firmware builds write, so they compare byte for byte.
An assessment made from JSON text (`from_json`, unpickling) holds that text instead.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, List, Optional, Tuple, cast

from . import _core, render
from .schema import (
    AssessmentDict,
    Candidate,
    Criterion,
    Explanation,
    NextStep,
    Note,
    ResolvedFinding,
    Score,
    SupportingFinding,
    Unrecognized,
)

__all__ = ["Assessment"]


@lru_cache(maxsize=None)
def _disease_abbreviations() -> Tuple[str, ...]:
    """The diseases' abbreviations in the knowledge base's table order (read once)."""
    return tuple(d["abbreviation"] for d in _core.diseases())


class Assessment:
    """How one patient's findings stand against the POH criteria, with the ranked
    differential, explanation and next steps. Decision support, not a diagnosis.

    Attributes are views into the parsed document: treat them as read-only, and use
    `to_dict()` for an independent copy.
    """

    __slots__ = ("_native", "_json", "_data")

    def __init__(self, json_text: str) -> None:
        """Wrap assessment JSON written by the core (see `poh.evaluate`)."""
        if not isinstance(json_text, str):
            raise TypeError(f"expected the assessment JSON as str, got {type(json_text).__name__}")
        self._native: Optional[_core.NativeAssessment] = None
        self._json: Optional[str] = json_text
        self._data: Optional[AssessmentDict] = None

    @classmethod
    def _of(cls, native: _core.NativeAssessment) -> "Assessment":
        """The assessment over the core's data (what `poh.evaluate` returns)."""
        a = cls.__new__(cls)
        a._native = native
        a._json = None
        a._data = None
        return a

    @classmethod
    def from_json(cls, json_text: str) -> "Assessment":
        """An assessment from its JSON (e.g. one saved with `to_json()`), checked to be
        one: the text must parse to an object with the assessment's top-level keys."""
        a = cls(json_text)
        data = a._doc()
        missing = set(AssessmentDict.__annotations__) - set(data)
        if missing:
            raise ValueError(f"not a poh assessment: missing {sorted(missing)}")
        return a

    def _doc(self) -> AssessmentDict:
        if self._data is None:
            data = json.loads(self.to_json())
            if not isinstance(data, dict):
                raise ValueError("not a poh assessment: the JSON is not an object")
            self._data = cast(AssessmentDict, data)
        return self._data

    @property
    def is_rendered(self) -> bool:
        """Whether the assessment JSON has been written yet (it is written on first need)."""
        return self._json is not None

    # ---- the document -------------------------------------------------------------

    def to_json(self) -> str:
        """The assessment JSON exactly as the core writes it."""
        text = self._json
        if text is None:
            # Without JSON text an assessment always holds the core's data (see `_of`).
            text = self._json = cast(_core.NativeAssessment, self._native).to_json()
        return text

    def to_dict(self) -> AssessmentDict:
        """A fresh, independent copy of the assessment as plain dicts and lists."""
        return cast(AssessmentDict, json.loads(self.to_json()))

    # ---- POH criteria ---------------------------------------------------------------

    @property
    def verdict(self) -> str:
        """``"met"``, ``"not_met"`` or ``"indeterminate"`` (not decidable from the findings)."""
        if self._native is not None:
            return self._native.verdict
        return self._doc()["poh"]["verdict"]

    @property
    def provisional(self) -> bool:
        """The verdict may change with age."""
        if self._native is not None:
            return self._native.provisional
        return self._doc()["poh"]["provisional"]

    @property
    def flag(self) -> str:
        """The one alert flag: ``"none"`` (no heterotopic ossification recorded),
        ``"review"`` or ``"likely"`` (docs/RULES.md, "Flag")."""
        if self._native is not None:
            return self._native.flag
        return self._doc()["flag"]["level"]

    @property
    def criteria(self) -> List[Criterion]:
        """The three major criteria, each ``met``, ``not_met`` or ``unknown``."""
        return self._doc()["poh"]["criteria"]

    @property
    def supporting(self) -> List[SupportingFinding]:
        """The six supporting findings, each ``present``, ``absent`` or ``unknown``."""
        return self._doc()["poh"]["supporting"]

    @property
    def score(self) -> Score:
        """POH's likelihood-ratio score, posterior and rank in the differential."""
        return self._doc()["poh"]["score"]

    # ---- the rest -------------------------------------------------------------------

    @property
    def differential(self) -> List[Candidate]:
        """The ranked differential, most likely first, each with its reasons."""
        return self._doc()["differential"]

    @property
    def top(self) -> Candidate:
        """The leading candidate of the differential."""
        return self._doc()["differential"][0]

    @property
    def top_id(self) -> str:
        """The id of the leading candidate (``top["id"]``, without writing the document)."""
        if self._native is not None:
            return self._native.top_id
        return self._doc()["differential"][0]["id"]

    def ranking(self) -> List[Tuple[str, int]]:
        """``[(disease id, posterior_permille)]``, best first (the differential's order)."""
        if self._native is not None:
            return self._native.ranking()
        return [(c["id"], c["posterior_permille"]) for c in self._doc()["differential"]]

    @property
    def explanation(self) -> List[Explanation]:
        """Which finding decided each term group of each criterion."""
        return self._doc()["explanation"]

    @property
    def next_steps(self) -> List[NextStep]:
        """What to assess next, most decisive first."""
        return self._doc()["next_steps"]

    @property
    def notes(self) -> List[Note]:
        """Management, prognosis and genetics notes that apply."""
        return self._doc()["notes"]

    @property
    def findings(self) -> List[ResolvedFinding]:
        """The findings as the core read them (including those derived from labs)."""
        return self._doc()["findings"]

    @property
    def unrecognized(self) -> List[Unrecognized]:
        """Well-formed HPO ids the knowledge base does not know (reported, not used)."""
        return self._doc()["unrecognized"]

    @property
    def kb_version(self) -> str:
        return self._doc()["kb_version"]

    @property
    def hpo_release(self) -> str:
        return self._doc()["hpo_release"]

    @property
    def disclaimer(self) -> str:
        return self._doc()["disclaimer"]

    def criteria_verdicts(self) -> Dict[str, str]:
        """``{criterion key: verdict}``, in the criteria's order."""
        if self._native is not None:
            return self._native.criteria_verdicts()
        return {c["key"]: c["verdict"] for c in self.criteria}

    def summary(self) -> Dict[str, Any]:
        """One flat row, the columns of `poh.assessments_frame`: verdict, provisional,
        flag, ``criterion.<key>``, ``supporting.<key>``, POH's score, rank and posterior, the
        leading candidate, OTHER's posterior, each disease's ``posterior_permille.<abbreviation>`` and
        ``log10_lr_milli.<abbreviation>`` (knowledge-base order), unrecognized ids."""
        if self._native is not None:
            return self._native.summary()
        d = self._doc()
        poh = d["poh"]
        rec: Dict[str, Any] = {
            "verdict": poh["verdict"],
            "provisional": poh["provisional"],
            "flag": d["flag"]["level"],
        }
        for c in poh["criteria"]:
            rec[f"criterion.{c['key']}"] = c["verdict"]
        for s in poh["supporting"]:
            rec[f"supporting.{s['key']}"] = s["status"]
        rec["poh_log10_lr_milli"] = poh["score"]["log10_lr_milli"]
        rec["poh_posterior_permille"] = poh["score"]["posterior_permille"]
        rec["poh_rank"] = poh["score"]["rank"]
        top = d["differential"][0]
        rec["top_id"] = top["id"]
        rec["top_abbreviation"] = top["abbreviation"]
        rec["top_posterior_permille"] = top["posterior_permille"]
        rec["other_posterior_permille"] = next(
            c["posterior_permille"] for c in d["differential"] if c["id"] == "POHKB:OTHER"
        )
        # Disease columns in the knowledge base's table order, whatever the ranking.
        by_abbr = {cand["abbreviation"]: cand for cand in d["differential"]}
        order = _disease_abbreviations()
        for abbr in order:
            rec[f"posterior_permille.{abbr}"] = by_abbr[abbr]["posterior_permille"]
        for abbr in order:
            rec[f"log10_lr_milli.{abbr}"] = by_abbr[abbr]["log10_lr_milli"]
        rec["unrecognized"] = [u["id"] for u in d["unrecognized"]]
        return rec

    # ---- presentation ---------------------------------------------------------------

    def report(self, title: Optional[str] = None) -> str:
        """A plain-text report (the same layout as the Rust command line)."""
        return render.report(self._doc(), title)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        # From the summary: a repr does not write the whole document.
        s = self.summary()
        crit = ", ".join(f"{k}={v}" for k, v in self.criteria_verdicts().items())
        prov = " (provisional)" if s["provisional"] else ""
        return (
            f"<Assessment POH {s['verdict']}{prov}: {crit}; "
            f"top {s['top_abbreviation']} {s['top_id']} {s['top_posterior_permille'] / 10:.1f}%>"
        )

    def _repr_html_(self) -> str:
        return render.html(self._doc())

    # ---- value semantics ------------------------------------------------------------

    # Equality is that of the JSON text (written for both sides if need be), so an
    # assessment over the core's data equals its own JSON round trip.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assessment) and other.to_json() == self.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __reduce__(self) -> Any:
        return (Assessment, (self.to_json(),))
