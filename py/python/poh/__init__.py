"""poh: clinical decision support for progressive osseous heteroplasia (POH).

**Decision support, not diagnosis.** `evaluate` states how a patient's findings stand
against the published POH criteria (three-valued: met, not met, unknown), with a ranked
differential of the GNAS-related and heterotopic-ossification disorders, the reasons and
sources, and what to assess next.

>>> import poh
>>> a = poh.evaluate({"sex": "female", "phenotypes": [{"id": "HP:0025027", "onset_months": 6}]})
>>> a.verdict, a.criteria[0]["verdict"]
('indeterminate', 'unknown')

All evaluation happens in the Rust core (``poh._core``); this package only translates.
Bad input raises a `PohError` subclass whose ``.code`` and ``.kind`` are the core's.
"""

from __future__ import annotations

from . import kb
from ._core import (
    ERRORS,
    HPO_RELEASE,
    KB_VERSION,
    MAX_INPUT_BYTES,
    MAX_MODIFIERS,
    MAX_PHENOTYPES,
    CapacityError,
    FhirError,
    InputError,
    InternalError,
    KnowledgeError,
    PohError,
    __version__,
)
from .arrow import evaluate_arrow, evaluate_arrow_reader
from .assessment import Assessment
from .counseling import counsel
from .evaluation import evaluate, evaluate_many, evaluate_phenopacket
from .fhir import FhirEvaluation, evaluate_fhir
from .findings import Findings, Phenotype
from .frame import assessments_frame, evaluate_frame, findings_series
from .questionnaire import questionnaire_step

__all__ = [
    "questionnaire_step",
    "__version__",
    "KB_VERSION",
    "HPO_RELEASE",
    "MAX_PHENOTYPES",
    "MAX_MODIFIERS",
    "MAX_INPUT_BYTES",
    "ERRORS",
    "evaluate",
    "evaluate_phenopacket",
    "evaluate_fhir",
    "FhirEvaluation",
    "evaluate_many",
    "evaluate_frame",
    "evaluate_arrow",
    "evaluate_arrow_reader",
    "assessments_frame",
    "findings_series",
    "Assessment",
    "Findings",
    "Phenotype",
    "counsel",
    "kb",
    "PohError",
    "InputError",
    "KnowledgeError",
    "CapacityError",
    "InternalError",
    "FhirError",
]
