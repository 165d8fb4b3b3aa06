"""The input: a patient's findings, in the JSON schema every poh binding shares.

`Findings` and `Phenotype` only assemble that document; every check (types, ranges,
ids, capacities, contradictions) is the core's, so Python and Rust reject exactly the
same inputs with the same codes. An omitted field means *unknown*, never *absent*.
"""

from __future__ import annotations

import json
import math
import numbers
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import _core

__all__ = ["Findings", "Phenotype", "FindingsLike", "normalize", "to_document"]


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


FindingsLike = Union[Findings, Mapping[str, Any], Sequence[str], str, bytes, bytearray]


def _missing(v: Any) -> bool:
    """A value that means *unknown*: None, a float NaN, pandas' NA or NaT."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    return type(v).__name__ in ("NAType", "NaTType")


def _number(v: Any, path: str) -> Any:
    """An integral number of any kind (numpy integers, ``30.0``, numpy floats) as an
    ``int``; a fractional or infinite one is refused with its path. Every number of the
    findings schema is a whole count (months, parts per million)."""
    if isinstance(v, numbers.Integral):
        return int(v)
    f = float(v)
    if f.is_integer():
        return int(f)
    e = _core.error(
        101,
        f"{path or 'the findings'}: {v} is not a whole number (every number of the "
        "findings is one: ages and onsets in whole months)",
    )
    setattr(e, "path", path)  # where, as the core's own errors say it
    raise e


def _path(parent: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def _plain(v: Any, path: str) -> Any:
    """One value as the plain Python value of the findings JSON, or as it is when it has
    none (the core then rejects it with its own error)."""
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return str.__str__(v)  # a str enum's value, as json.dumps writes it
    if isinstance(v, Findings):
        return v.to_dict()
    if isinstance(v, Phenotype):
        return v.to_dict()
    if isinstance(v, Mapping) or _is_series(v):
        return {
            (str.__str__(k) if isinstance(k, str) else k): _plain(x, _path(path, k))
            for k, x in v.items()
            if not _missing(x)
        }
    if isinstance(v, (list, tuple)):
        return [_plain(x, _path(path, i)) for i, x in enumerate(v)]
    dtype = getattr(v, "dtype", None)
    if dtype is not None and getattr(v, "ndim", 0) == 0:  # a numpy scalar
        if dtype.kind == "b":
            return bool(v)
        if dtype.kind in "iuf":
            return _number(v, path)
    if dtype is not None and hasattr(v, "tolist"):  # a numpy array of a list cell
        return _plain(v.tolist(), path)
    if isinstance(v, numbers.Real):
        return _number(v, path)
    return v


def _is_series(v: Any) -> bool:
    """A pandas Series (a row of a DataFrame), without importing pandas."""
    return type(v).__name__ == "Series" and hasattr(v, "items") and hasattr(v, "index")


def normalize(findings: Any) -> Any:
    """A findings-like value as a plain findings dict, read the way a data scientist's
    values mean it: numbers of any kind that are whole (``numpy.int64(30)``, ``30.0``,
    pandas' nullable ``Int64``) as ints, a fractional one refused with its path; a missing
    value (None, NaN, pandas' NA) as unknown, so omitted; a `poh.Findings`, a
    `poh.Phenotype`, a pandas row (Series) or any mapping as a dict; a list of HPO id
    strings as the phenotypes present, and an id string in ``phenotypes`` as a present
    term, as `poh.Findings` takes them. JSON text is returned untouched; a value of any
    other type too (the core rejects it as a wrong type)."""
    if isinstance(findings, (str, bytes, bytearray)):
        return findings
    if isinstance(findings, (list, tuple)) and all(isinstance(x, str) for x in findings):
        findings = {"phenotypes": list(findings)}
    d = _plain(findings, "")
    if isinstance(d, dict) and isinstance(d.get("phenotypes"), list):
        d["phenotypes"] = [{"id": p} if isinstance(p, str) else p for p in d["phenotypes"]]
    return d


def to_document(findings: object) -> Union[str, bytes, bytearray]:
    """The JSON document of a findings-like value (see `normalize`): a `Findings`, a dict
    in the schema, a list of HPO ids, or JSON text (str or bytes, passed through
    untouched)."""
    doc = normalize(findings)
    if isinstance(doc, (str, bytes, bytearray)):
        return doc
    if isinstance(doc, dict):
        try:
            return json.dumps(doc, allow_nan=False)
        except (TypeError, ValueError) as e:
            # The value cannot be written as JSON at all (a set, an object): the core
            # would see it as a value of the wrong type.
            raise _core.error(101, f"findings are not JSON-serialisable: {e}") from None
    raise _core.error(
        101,
        "expected findings as a dict, a poh.Findings, a list of HPO ids, or JSON text "
        f"(str or bytes), got {type(findings).__name__}",
    )
