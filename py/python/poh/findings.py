"""The input: a patient's findings, in the JSON schema every poh binding shares.

`Findings` and `Phenotype` only assemble that document; every check (types, ranges,
ids, capacities, contradictions) is the core's, so Python and Rust reject exactly the
same inputs with the same codes. An omitted field means *unknown*, never *absent*.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Optional, Union

from . import _core

__all__ = ["Findings", "Phenotype", "FindingsLike", "to_document"]


class Phenotype:
    """One HPO term, present (default) or explicitly excluded (examined and absent).

    >>> Phenotype("HP:0025027", onset_months=6).to_dict()
    {'id': 'HP:0025027', 'excluded': False, 'onset_months': 6}
    """

    __slots__ = ("id", "excluded", "onset_months", "modifiers")

    def __init__(
        self,
        id: str,
        *,
        excluded: bool = False,
        onset_months: Optional[int] = None,
        modifiers: Iterable[str] = (),
    ) -> None:
        self.id = id
        self.excluded = excluded
        self.onset_months = onset_months
        self.modifiers = tuple(modifiers)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "excluded": self.excluded}
        if self.onset_months is not None:
            d["onset_months"] = self.onset_months
        if self.modifiers:
            d["modifiers"] = list(self.modifiers)
        return d

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={v!r}"
            for k, v in (
                ("excluded", self.excluded),
                ("onset_months", self.onset_months),
                ("modifiers", self.modifiers),
            )
            if v
        )
        return f"Phenotype({self.id!r}{extra})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phenotype) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


PhenotypeLike = Union[str, Phenotype, Mapping[str, Any]]


class Findings:
    """A patient's findings, built with keyword arguments named as in the JSON schema.

    ``phenotypes`` items may be an HPO id string (a present term), a `Phenotype`, or a
    dict in the schema. ``labs``, ``gnas``, ``history``, ``imaging``, ``treatment`` and
    ``options`` are dicts in the schema, e.g. ``labs={"pth": "normal"}``,
    ``treatment={"active_vitamin_d": True}``, ``options={"pretest_per_million": 5000}``.

    >>> f = Findings(sex="female", age_months=30, phenotypes=["HP:0025027"])
    >>> f.to_dict()
    {'age_months': 30, 'sex': 'female', 'phenotypes': [{'id': 'HP:0025027'}]}
    """

    __slots__ = (
        "age_months",
        "sex",
        "phenotypes",
        "labs",
        "gnas",
        "history",
        "imaging",
        "treatment",
        "options",
    )

    def __init__(
        self,
        *,
        age_months: Optional[int] = None,
        sex: Optional[str] = None,
        phenotypes: Iterable[PhenotypeLike] = (),
        labs: Optional[Mapping[str, Any]] = None,
        gnas: Optional[Mapping[str, Any]] = None,
        history: Optional[Mapping[str, Any]] = None,
        imaging: Optional[Mapping[str, Any]] = None,
        treatment: Optional[Mapping[str, Any]] = None,
        options: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self.age_months = age_months
        self.sex = sex
        self.phenotypes = list(phenotypes)
        self.labs = labs
        self.gnas = gnas
        self.history = history
        self.imaging = imaging
        self.treatment = treatment
        self.options = options

    def to_dict(self) -> dict[str, Any]:
        """The findings document (fields left unknown are omitted)."""
        d: dict[str, Any] = {}
        if self.age_months is not None:
            d["age_months"] = self.age_months
        if self.sex is not None:
            d["sex"] = self.sex
        if self.phenotypes:
            d["phenotypes"] = [_phenotype_entry(p) for p in self.phenotypes]
        for key in ("labs", "gnas", "history", "imaging", "treatment", "options"):
            value = getattr(self, key)
            if value is not None:
                d[key] = dict(value)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.to_dict().items()]
        return f"Findings({', '.join(parts)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Findings) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]


def _phenotype_entry(p: PhenotypeLike) -> Any:
    if isinstance(p, str):
        return {"id": p}
    if isinstance(p, Phenotype):
        return p.to_dict()
    if isinstance(p, Mapping):
        return dict(p)
    # Anything else goes to the core as is, which reports it as a wrong type (101).
    return p


FindingsLike = Union[Findings, Mapping[str, Any], str, bytes, bytearray]


def to_document(findings: object) -> Union[str, bytes, bytearray]:
    """The JSON document of a findings-like value: a `Findings`, a dict in the schema, or
    JSON text (str or bytes, passed through untouched)."""
    if isinstance(findings, (str, bytes, bytearray)):
        return findings
    if isinstance(findings, Findings):
        findings = findings.to_dict()
    if isinstance(findings, Mapping):
        try:
            return json.dumps(dict(findings), allow_nan=False)
        except (TypeError, ValueError) as e:
            # The value cannot be written as JSON at all (a set, a float NaN, an object):
            # the core would see it as a value of the wrong type.
            raise _core.error(101, f"findings are not JSON-serialisable: {e}") from None
    raise _core.error(
        101,
        "expected findings as a dict, a poh.Findings, or JSON text (str or bytes), "
        f"got {type(findings).__name__}",
    )
