"""FHIR R4 charts: `evaluate_fhir` reads a Bundle, a resource, a CDS Hooks prefetch object
or request (the Rust reader `poh-fhir`, see fhir/README.md) and evaluates it.

The reading report says how: the codes used and what they became, the codes not used and
why, the recorded diagnoses of the modelled disorders (shown, never used as evidence) and
what was dropped. The evaluation date is always the caller's: ages and onsets are counted
to it, and the library never reads the clock.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Union, cast

from . import _core
from .assessment import Assessment

__all__ = ["evaluate_fhir", "FhirEvaluation"]

Chart = Union[Mapping[str, Any], str, bytes, bytearray]


@dataclass(frozen=True)
class FhirEvaluation:
    """The assessment of a FHIR chart and the reading report it was made from."""

    assessment: Assessment
    reading: Dict[str, Any]

    @property
    def findings(self) -> Dict[str, Any]:
        """The findings read, in the findings JSON schema (`poh.evaluate` takes them)."""
        return cast(Dict[str, Any], self.reading["findings"])

    @property
    def used(self) -> List[Dict[str, Any]]:
        """Every code turned into a finding: system, code, display, resource, finding, state, how."""
        return cast(List[Dict[str, Any]], self.reading["used"])

    @property
    def unmapped(self) -> List[Dict[str, Any]]:
        """Every code not turned into a finding, with why."""
        return cast(List[Dict[str, Any]], self.reading["unmapped"])

    @property
    def recorded_diagnoses(self) -> List[Dict[str, Any]]:
        """Diagnoses of the modelled disorders recorded in the chart: never evidence."""
        return cast(List[Dict[str, Any]], self.reading["recorded_diagnoses"])

    @property
    def dropped(self) -> List[Dict[str, Any]]:
        """What was not used (entered in error, unconfirmed, superseded, ...), with why."""
        return cast(List[Dict[str, Any]], self.reading["dropped"])

    def to_dict(self) -> Dict[str, Any]:
        """The assessment as a dict with the reading report as member ``"fhir"`` (what
        ``poh --json --fhir`` prints)."""
        d = cast(Dict[str, Any], self.assessment.to_dict())
        d["fhir"] = json.loads(json.dumps(self.reading))
        return d

    def to_json(self) -> str:
        """`to_dict` as compact JSON text: byte for byte what ``poh --json --fhir``
        prints (the core's assessment JSON, then the reading as member ``"fhir"``)."""
        doc = self.assessment.to_json()
        reading = json.dumps(self.reading, ensure_ascii=False, separators=(",", ":"))
        return f'{doc[:-1]},"fhir":{reading}}}'

    def __repr__(self) -> str:
        return (
            f"FhirEvaluation(verdict={self.assessment.verdict!r}, used={len(self.used)}, "
            f"unmapped={len(self.unmapped)}, recorded_diagnoses={len(self.recorded_diagnoses)}, "
            f"dropped={len(self.dropped)})"
        )


def evaluate_fhir(chart: Chart, *, date: Union[str, datetime.date]) -> FhirEvaluation:
    """Read a FHIR R4 chart (a dict or JSON text: a Bundle, a resource, a CDS Hooks
    prefetch object or request) as of ``date`` (``"YYYY-MM-DD"`` or a `datetime.date`)
    and evaluate it. Raises `poh.FhirError` (``.code`` 7xx, ``.kind``, ``.path``) when
    the chart cannot be read, or another `poh.PohError` subclass."""
    if isinstance(date, datetime.datetime):
        raise TypeError("date must be a date, not a datetime (ages are counted in days)")
    if isinstance(date, datetime.date):
        day = date.isoformat()
    elif isinstance(date, str):
        day = date
    else:
        raise TypeError(f"date must be 'YYYY-MM-DD' or a datetime.date, got {type(date).__name__}")
    if isinstance(chart, (str, bytes, bytearray)):
        text: Union[str, bytes, bytearray] = chart
    elif isinstance(chart, Mapping):
        try:
            text = json.dumps(chart)
        except (TypeError, ValueError) as e:
            raise _core.error(101, f"the chart is not JSON-serialisable: {e}") from None
    else:
        raise _core.error(101, f"expected a FHIR chart as a dict or JSON text, got {type(chart).__name__}")
    native, reading = _core.assess_fhir_json(text, day)
    return FhirEvaluation(Assessment._of(native), cast(Dict[str, Any], json.loads(reading)))
