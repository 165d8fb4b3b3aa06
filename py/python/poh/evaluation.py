"""Evaluation entry points: one patient, a phenopacket, or a batch with the GIL released.

A findings dict is read by the core's own findings reader straight from the Python
values (no JSON text); the result is an `Assessment` over the core's data, written as
JSON only when asked. A dict the native reader declines (a float, a subclass, a set, a
non-str key, or any value the schema refuses) goes through its JSON text instead, so the
outcome, errors included, is always exactly that of ``json.dumps`` of the dict.
"""

from __future__ import annotations

import json
from itertools import islice
from typing import Any, Iterable, List, Literal, Mapping, Union, overload

from . import _core
from .assessment import Assessment
from .findings import Findings, FindingsLike, to_document

__all__ = ["evaluate", "evaluate_phenopacket", "evaluate_many"]

# Inputs are handed to the native batch in chunks: the GIL is released for each chunk,
# and memory stays bounded for long iterables.
_CHUNK = 2048

Phenopacket = Union[Mapping[str, Any], str, bytes, bytearray]


def evaluate(findings: FindingsLike) -> Assessment:
    """Evaluate one patient's findings: a dict in the findings JSON schema, JSON text
    (str or bytes), or a `poh.Findings`. Raises a `poh.PohError` subclass on bad input."""
    if type(findings) is dict:
        native = _core.assess_dict(findings)
        if native is not None:
            return Assessment._of(native)
    elif isinstance(findings, Findings):
        return evaluate(findings.to_dict())
    return Assessment._of(_core.assess_json(to_document(findings)))


def _findings_item(item: object) -> object:
    """A findings item as the native batch takes it: dicts and JSON text as they are (the
    batch reads them), a `poh.Findings` as its dict, anything else as its JSON text. An
    item with no JSON text stays as it is: the batch declines it, and `_declined` raises
    its error."""
    if isinstance(item, Findings):
        return item.to_dict()
    if type(item) is dict or isinstance(item, (str, bytes, bytearray)):
        return item
    try:
        return to_document(item)
    except _core.PohError:
        return item


def _phenopacket_item(item: object) -> object:
    """A phenopacket item as the native batch takes it: JSON text (a dict is written as
    JSON here, so that the whole batch is parsed with the GIL released)."""
    try:
        return _phenopacket_document(item)
    except _core.PohError:
        return item


def _declined(item: object, phenopacket: bool) -> Union[_core.NativeAssessment, _core.PohError]:
    """An item the native batch did not read, through its JSON text (which decides)."""
    try:
        if phenopacket:
            return _core.assess_phenopacket_json(_phenopacket_document(item))
        return _core.assess_json(to_document(item))
    except _core.PohError as e:
        return e


def _phenopacket_document(pp: object) -> Union[str, bytes, bytearray]:
    if isinstance(pp, (str, bytes, bytearray)):
        return pp
    if isinstance(pp, Mapping):
        try:
            return json.dumps(dict(pp), allow_nan=False)
        except (TypeError, ValueError) as e:
            raise _core.error(101, f"phenopacket is not JSON-serialisable: {e}") from None
    raise _core.error(
        101, f"expected a phenopacket as a dict or JSON text, got {type(pp).__name__}"
    )


def evaluate_phenopacket(pp: Phenopacket) -> Assessment:
    """Evaluate a GA4GH Phenopacket v2 (a dict or JSON text). The core maps it to
    findings; ``diseases`` and ``interpretations[].diagnosis`` are ignored on purpose."""
    return Assessment._of(_core.assess_phenopacket_json(_phenopacket_document(pp)))


@overload
def evaluate_many(
    items: Iterable[Any], *, errors: Literal["raise"] = ..., phenopacket: bool = ...
) -> List[Assessment]: ...
@overload
def evaluate_many(
    items: Iterable[Any], *, errors: Literal["return"], phenopacket: bool = ...
) -> List[Union[Assessment, _core.PohError]]: ...
@overload
def evaluate_many(
    items: Iterable[Any], *, errors: str = ..., phenopacket: bool = ...
) -> List[Any]: ...


def evaluate_many(
    items: Iterable[Any], *, errors: str = "raise", phenopacket: bool = False
) -> List[Any]:
    """Evaluate many patients (findings-like values, or phenopackets with
    ``phenopacket=True``), releasing the GIL while the core works, so other Python
    threads run meanwhile.

    ``errors="raise"`` (default) raises the first rejected input's `poh.PohError`, with
    ``.index`` set to its position; ``errors="return"`` puts the error instance in the
    result list in place of the assessment.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    out: List[Any] = []
    wrap = Assessment._of
    prepare = _phenopacket_item if phenopacket else _findings_item
    it = iter(items)
    while True:
        if phenopacket:
            chunk = [prepare(x) for x in islice(it, _CHUNK)]
        else:
            chunk = [x if type(x) is dict else prepare(x) for x in islice(it, _CHUNK)]
        if not chunk:
            return out
        for item, r in zip(chunk, _core.assess_many(chunk, phenopacket=phenopacket)):
            if r is None:
                r = _declined(item, phenopacket)
            if isinstance(r, _core.PohError):
                if errors == "raise":
                    r.index = len(out)
                    raise r
                out.append(r)
            else:
                out.append(wrap(r))
