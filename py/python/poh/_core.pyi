# Hand-written stubs of the native module, checked against the built module by
# `python -m mypy.stubtest poh._core` (py/run_tests.sh).
from typing import Any, Dict, Iterable, List, Optional, Protocol, Tuple, Union, final

from .schema import (
    AhoList,
    Citation,
    CriterionRule,
    Disease,
    Group,
    Note,
    SeedRow,
    SupportingRule,
)

__all__ = [
    "__version__",
    "KB_VERSION",
    "HPO_RELEASE",
    "MAX_PHENOTYPES",
    "MAX_MODIFIERS",
    "MAX_AGE_MONTHS",
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "ERRORS",
    "PohError",
    "InputError",
    "KnowledgeError",
    "CapacityError",
    "InternalError",
    "FhirError",
    "NativeAssessment",
    "assess_dict",
    "assess_json",
    "assess_phenopacket_json",
    "assess_many",
    "evaluate_json",
    "evaluate_many_json",
    "error",
    "hpo_label",
    "hpo_by_label",
    "hpo_primary",
    "seed_table",
    "groups",
    "aho_lists",
    "criteria",
    "supporting",
    "diseases",
    "citations",
    "kb_terms",
    "notes",
    "counsel_json",
    "questionnaire_step_json",
    "evaluate_phenopacket_json",
    "assess_fhir_json",
    "evaluate_arrow",
]

__version__: str
KB_VERSION: str
HPO_RELEASE: str
MAX_PHENOTYPES: int
MAX_MODIFIERS: int
MAX_AGE_MONTHS: int
MAX_INPUT_BYTES: int
MAX_JSON_DEPTH: int
ERRORS: Tuple[Tuple[int, str, str], ...]

_Json = Union[str, bytes, bytearray]

class PohError(Exception):
    """Base class of every poh error. ``str(e)`` is the one message (without the code and
    kind, which ``.code`` and ``.kind`` carry): what is wrong, where, the value, the
    allowed values and a hint."""

    code: int
    kind: str
    # The position in evaluate_many's input; the row label in evaluate_frame's.
    index: Any
    # Where: a path such as "phenotypes[3].modifiers[1]" or "labs.pth" ("" for the
    # document itself; None when the error has no place, e.g. a syntax error).
    path: Optional[str]
    # The byte offset into the JSON text read (for a dict: the JSON text it was written as).
    offset: Optional[int]
    # The offending value, shortened with a closing "…".
    value: Optional[str]
    # The values the field allows (a vocabulary, or an object's keys).
    allowed: Optional[Tuple[str, ...]]
    # What was probably meant, where that is certain.
    hint: Optional[str]

class InputError(PohError): ...
class KnowledgeError(PohError): ...
class CapacityError(PohError): ...
class InternalError(PohError): ...
class FhirError(PohError):
    """A FHIR chart the reader cannot read (codes 7xx)."""

    path: str

@final
class NativeAssessment:
    """The core's assessment held as data; `poh.Assessment` wraps it. The JSON is
    written by `to_json()` only; the other members read the data directly."""

    def to_json(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def provisional(self) -> bool: ...
    @property
    def flag(self) -> str: ...
    @property
    def top_id(self) -> str: ...
    def criteria_verdicts(self) -> Dict[str, str]: ...
    def ranking(self) -> List[Tuple[str, int]]: ...
    def summary(self) -> Dict[str, Any]: ...

# None: the dict is not read natively (the caller goes through its JSON text).
def assess_dict(findings: object) -> Optional[NativeAssessment]: ...
def assess_json(data: _Json) -> NativeAssessment: ...
def assess_phenopacket_json(data: _Json) -> NativeAssessment: ...
# Per item: the assessment, the item's error, or None when it was not read natively.
def assess_many(
    items: Iterable[Any], phenopacket: bool = False
) -> List[Union[NativeAssessment, PohError, None]]: ...
def evaluate_json(data: _Json) -> str: ...
def evaluate_many_json(
    items: Iterable[Any], phenopacket: bool = False
) -> List[Union[str, PohError]]: ...
def error(code: int, detail: Optional[str] = None) -> PohError: ...
def hpo_label(id: str) -> str: ...
def hpo_by_label(label: str) -> str: ...
def hpo_primary(id: str) -> Tuple[str, bool]: ...
def seed_table() -> List[SeedRow]: ...
def groups() -> List[Group]: ...
def aho_lists() -> List[AhoList]: ...
def criteria() -> List[CriterionRule]: ...
def supporting() -> List[SupportingRule]: ...
def diseases() -> List[Disease]: ...
def citations() -> List[Citation]: ...
def kb_terms() -> List[Tuple[str, str]]: ...
def notes() -> List[Note]: ...
def counsel_json(data: _Json) -> str: ...
def questionnaire_step_json(data: _Json) -> str: ...
def evaluate_phenopacket_json(data: _Json) -> str: ...
# A FHIR chart (JSON text) read for the date 'YYYY-MM-DD': the assessment and the reading report JSON.
def assess_fhir_json(data: _Json, date: str) -> Tuple[NativeAssessment, str]: ...

class _ArrowStream(Protocol):
    """An Arrow C stream (PyCapsule interface): pyarrow.RecordBatchReader.from_stream
    reads it, and so do DuckDB and polars."""

    def __arrow_c_stream__(self, requested_schema: object = None) -> object: ...

# Present when poh was built with the cargo feature `arrow` (the default).
def evaluate_arrow(data: object) -> _ArrowStream: ...
