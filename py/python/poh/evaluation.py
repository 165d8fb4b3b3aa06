"""Evaluation entry points: one patient, a phenopacket, or a batch with the GIL released."""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Literal, Mapping, Union, overload

from . import _core
from .assessment import Assessment
from .findings import FindingsLike, to_document

__all__ = ["evaluate", "evaluate_phenopacket", "evaluate_many"]

# Inputs are handed to the native batch in chunks: the GIL is released for each chunk,
# and memory stays bounded for long iterables.
_CHUNK = 2048

Phenopacket = Union[Mapping[str, Any], str, bytes, bytearray]


def evaluate(findings: FindingsLike) -> Assessment:
    """Evaluate one patient's findings: a dict in the findings JSON schema, JSON text
    (str or bytes), or a `poh.Findings`. Raises a `poh.PohError` subclass on bad input."""
    return Assessment(_core.evaluate_json(to_document(findings)))


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
    return Assessment(_core.evaluate_phenopacket_json(_phenopacket_document(pp)))


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
    convert = _phenopacket_document if phenopacket else to_document
    out: List[Any] = []
    chunk: List[Any] = []

    def flush() -> None:
        docs = [c for c in chunk if not isinstance(c, _core.PohError)]
        results = iter(_core.evaluate_many_json(docs, phenopacket=phenopacket))
        for c in chunk:
            r = c if isinstance(c, _core.PohError) else next(results)
            if isinstance(r, str):
                out.append(Assessment(r))
            elif errors == "raise":
                r.index = len(out)
                raise r
            else:
                out.append(r)
        chunk.clear()

    for item in items:
        try:
            chunk.append(convert(item))
        except _core.PohError as e:
            # The item could not even be written as JSON; keep the position.
            chunk.append(e)
        if len(chunk) >= _CHUNK:
            flush()
    if chunk:
        flush()
    return out
