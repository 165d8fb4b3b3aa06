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
from typing import Any, Iterable, Iterator, List, Literal, Mapping, Optional, Sized, Union, overload

from . import _core
from .assessment import Assessment
from .findings import FindingsLike, normalize, to_document
from .progress import Progress, wanted

__all__ = ["evaluate", "evaluate_phenopacket", "evaluate_many"]

# Inputs are handed to the native batch in chunks: the GIL is released for each chunk,
# and memory stays bounded for long iterables.
_CHUNK = 2048

Phenopacket = Union[Mapping[str, Any], str, bytes, bytearray]


def evaluate(findings: FindingsLike) -> Assessment:
    """Evaluate one patient's findings: a dict in the findings JSON schema (a pandas row
    too), a `poh.Findings`, a list of HPO ids (the terms present), or JSON text (str or
    bytes). Numbers may be of any kind if whole (``numpy.int64``, ``30.0``); a missing
    value (None, NaN, pandas' NA) is unknown (see `poh.findings.normalize`). Raises a
    `poh.PohError` subclass on bad input."""
    if type(findings) is dict:
        native = _core.assess_dict(findings)
        if native is not None:
            return Assessment._of(native)
    return Assessment._of(_assess_normalized(findings))


def _assess_normalized(findings: object) -> _core.NativeAssessment:
    """A value the native reader did not take as it is: normalized (`normalize`), then
    read natively if it is a plain dict now, else through its JSON text, which decides."""
    doc = normalize(findings)
    if type(doc) is dict and doc is not findings:
        native = _core.assess_dict(doc)
        if native is not None:
            return native
    return _core.assess_json(to_document(doc))


def _findings_item(item: object) -> object:
    """A findings item as the native batch takes it: dicts and JSON text as they are (the
    batch reads them), anything else normalized (`normalize`: a `poh.Findings`, a
    pandas row, a list of ids as a dict). An item that cannot be normalized stays as it
    is: the batch declines it, and `_declined` raises its error."""
    if type(item) is dict or isinstance(item, (str, bytes, bytearray)):
        return item
    try:
        return normalize(item)
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
        return _assess_normalized(item)
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
    items: Iterable[Any],
    *,
    errors: Literal["raise"] = ...,
    phenopacket: bool = ...,
    progress: Optional[bool] = ...,
) -> List[Assessment]: ...
@overload
def evaluate_many(
    items: Iterable[Any],
    *,
    errors: Literal["return"],
    phenopacket: bool = ...,
    progress: Optional[bool] = ...,
) -> List[Union[Assessment, _core.PohError]]: ...
@overload
def evaluate_many(
    items: Iterable[Any],
    *,
    errors: str = ...,
    phenopacket: bool = ...,
    progress: Optional[bool] = ...,
) -> List[Any]: ...


def evaluate_many(
    items: Iterable[Any],
    *,
    errors: str = "raise",
    phenopacket: bool = False,
    progress: Optional[bool] = None,
) -> List[Any]:
    """Evaluate many patients (findings-like values, as `evaluate` takes them, or
    phenopackets with ``phenopacket=True``), releasing the GIL while the core works, so
    other Python threads run meanwhile.

    ``errors="raise"`` (default) raises the first rejected input's `poh.PohError`, with
    ``.index`` set to its position; ``errors="return"`` puts the error instance in the
    result list in place of the assessment.

    ``progress=True`` shows a progress bar on standard error (tqdm's with the
    ``poh[progress]`` extra, else a plain one); by default (``None``) a batch of known
    length shows one from `poh.progress.PROGRESS_FROM` (10,000) items on.
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    total = len(items) if isinstance(items, Sized) else None
    with Progress(total, wanted(progress, total)) as bar:
        return _evaluate_chunks(iter(items), errors, phenopacket, bar)


def _evaluate_chunks(it: Iterator[Any], errors: str, phenopacket: bool, bar: Progress) -> List[Any]:
    out: List[Any] = []
    wrap = Assessment._of
    prepare = _phenopacket_item if phenopacket else _findings_item
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
        bar.update(len(chunk))
