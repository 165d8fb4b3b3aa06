"""The output: `Assessment`, a read-only view of the assessment JSON the core wrote.

The core's JSON text is kept verbatim: `to_json()` returns it byte for byte, so Python,
Rust, C and the firmware can be compared exactly. It is parsed once, on first access.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, cast

from . import render
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


class Assessment:
    """How one patient's findings stand against the POH criteria, with the ranked
    differential, explanation and next steps. Decision support, not a diagnosis.

    Attributes are views into the parsed document: treat them as read-only, and use
    `to_dict()` for an independent copy.
    """

    __slots__ = ("_json", "_data")

    def __init__(self, json_text: str) -> None:
        """Wrap assessment JSON written by the core (see `poh.evaluate`)."""
        if not isinstance(json_text, str):
            raise TypeError(f"expected the assessment JSON as str, got {type(json_text).__name__}")
        self._json = json_text
        self._data: Optional[AssessmentDict] = None

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
            data = json.loads(self._json)
            if not isinstance(data, dict):
                raise ValueError("not a poh assessment: the JSON is not an object")
            self._data = cast(AssessmentDict, data)
        return self._data

    # ---- the document -------------------------------------------------------------

    def to_json(self) -> str:
        """The assessment JSON exactly as the core wrote it."""
        return self._json

    def to_dict(self) -> AssessmentDict:
        """A fresh, independent copy of the assessment as plain dicts and lists."""
        return cast(AssessmentDict, json.loads(self._json))

    # ---- POH criteria ---------------------------------------------------------------

    @property
    def verdict(self) -> str:
        """``"met"``, ``"not_met"`` or ``"indeterminate"`` (not decidable from the findings)."""
        return self._doc()["poh"]["verdict"]

    @property
    def provisional(self) -> bool:
        """The verdict may change with age."""
        return self._doc()["poh"]["provisional"]

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
        return {c["key"]: c["verdict"] for c in self.criteria}

    # ---- presentation ---------------------------------------------------------------

    def report(self, title: Optional[str] = None) -> str:
        """A plain-text report (the same layout as the Rust command line)."""
        return render.report(self._doc(), title)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        d = self._doc()
        crit = ", ".join(f"{c['key']}={c['verdict']}" for c in d["poh"]["criteria"])
        top = d["differential"][0]
        prov = " (provisional)" if d["poh"]["provisional"] else ""
        return (
            f"<Assessment POH {d['poh']['verdict']}{prov}: {crit}; "
            f"top {top['abbreviation']} {top['id']} {top['posterior_permille'] / 10:.1f}%>"
        )

    def _repr_html_(self) -> str:
        return render.html(self._doc())

    # ---- value semantics ------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assessment) and other._json == self._json

    def __hash__(self) -> int:
        return hash(self._json)

    def __reduce__(self) -> Any:
        return (Assessment, (self._json,))
