"""Types of the assessment JSON the core writes (and of the knowledge-base tables).

These are `TypedDict`s: at run time the values are the plain dicts and lists that
`json.loads` gives, so nothing is copied or converted; a type checker sees the fields.
`tests/test_schema.py` checks every key against the core's output for all golden cases,
so these types cannot drift from the core silently.
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict

Verdict = Literal["met", "not_met", "indeterminate"]
CriterionVerdict = Literal["met", "not_met", "unknown"]
Presence = Literal["present", "absent", "unknown"]


class GroupCounts(TypedDict):
    present: int
    absent: int
    unknown: int


class _CriterionRequired(TypedDict):
    key: str
    verdict: CriterionVerdict
    provisional: bool
    groups: GroupCounts
    text: str
    cites: List[str]


class Criterion(_CriterionRequired, total=False):
    """A major criterion's result. ``aho_list`` names the AHO list counted (criterion 2);
    ``provisional_reason`` is given when the verdict may change with age."""

    aho_list: str
    provisional_reason: str


class _SupportingRequired(TypedDict):
    key: str
    status: Presence
    text: str
    cites: List[str]


class SupportingFinding(_SupportingRequired, total=False):
    """A supporting finding. ``input`` names the input that decided it, if any."""

    input: str


class Score(TypedDict):
    """POH's score: thousandths of log10 likelihood ratio, posterior in thousandths."""

    log10_lr_milli: int
    phenotype_log10_lr_milli: int
    posterior_permille: int
    rank: int
    method: str


class PohResult(TypedDict):
    verdict: Verdict
    provisional: bool
    criteria: List[Criterion]
    supporting: List[SupportingFinding]
    score: Score


class _ReasonRequired(TypedDict):
    log10_lr_milli: int
    cites: List[str]


class Reason(_ReasonRequired, total=False):
    """One contribution to a candidate's score: a finding (``input``, ``match``, and the
    model ``row`` it matched, if any) or a rule (``rule``, ``text``)."""

    input: str
    excluded: bool
    match: str
    row: str
    row_permille: int
    row_provenance: List[str]
    rule: str
    text: str


class Flag(TypedDict):
    """The one alert flag: ``none`` without heterotopic ossification, else ``review`` or
    ``likely``."""

    level: Literal["none", "review", "likely"]
    text: str
    cites: List[str]


class Candidate(TypedDict):
    """A disease of the ranked differential."""

    id: str
    name: str
    abbreviation: str
    log10_lr_milli: int
    phenotype_log10_lr_milli: int
    posterior_permille: int
    rank: int
    reasons: List[Reason]
    cites: List[str]


class _ExplanationRequired(TypedDict):
    about: str
    criterion_verdict: CriterionVerdict
    finding: str
    status: Presence
    cites: List[str]


class Explanation(_ExplanationRequired, total=False):
    """How one term group stands, and which criterion it decides. ``input`` names the
    input that decided it, if any."""

    input: str


class NextStep(TypedDict):
    key: str
    kind: str
    text: str
    decides_criterion: bool
    separation_milli: int
    cites: List[str]


class Note(TypedDict):
    key: str
    topic: str
    text: str
    cites: List[str]


class _ResolvedRequired(TypedDict):
    input: str
    term: str
    excluded: bool


class ResolvedFinding(_ResolvedRequired, total=False):
    """A finding as the core read it. ``entry`` is the index in ``phenotypes``; findings
    derived from labs have no entry. ``label`` is absent when the core was built without
    subset labels."""

    entry: int
    label: str


class Unrecognized(TypedDict):
    """A well-formed HPO id the knowledge base does not know (it is reported, not used)."""

    id: str
    entry: int


class AssessmentDict(TypedDict):
    """The whole assessment document, as `Assessment.to_dict()` returns it."""

    kb_version: str
    hpo_release: str
    disclaimer: str
    flag: "Flag"
    poh: PohResult
    differential: List[Candidate]
    explanation: List[Explanation]
    next_steps: List[NextStep]
    notes: List[Note]
    findings: List[ResolvedFinding]
    unrecognized: List[Unrecognized]
    unrecognized_total: int


# ---- knowledge-base tables (poh.kb) ---------------------------------------------


class SeedRow(TypedDict):
    id: str
    label: str
    frequency: str
    kind: str
    lay_names: List[str]
    kiosk: bool
    in_orpha: bool
    in_omim: bool
    note: str


class Provisional(TypedDict):
    verdict: CriterionVerdict
    below_months: int
    reason: str


class CriterionRule(TypedDict):
    key: str
    text: str
    logic: Literal["all_present", "at_most", "none_present"]
    at_most: Optional[int]
    groups: List[str]
    aho_list: bool
    provisional: Optional[Provisional]
    cites: List[str]


class SupportingRule(TypedDict):
    key: str
    text: str
    reads: str
    cites: List[str]


class Group(TypedDict):
    key: str
    label: str
    absent_when_all: bool
    terms: List[str]
    cites: List[str]


class AhoList(TypedDict):
    key: str
    label: str
    groups: List[str]
    cites: List[str]


class ModelRow(TypedDict):
    id: str
    label: str
    permille: int
    negated: bool
    neutral: bool
    curated: bool
    orphanet: bool
    omim: bool
    seed: bool
    sources: str
    reason: str
    cites: List[str]


class Disease(TypedDict):
    key: str
    id: str
    name: str
    abbreviation: str
    xrefs: List[str]
    summary: str
    cites: List[str]
    rows: List[ModelRow]


class Citation(TypedDict):
    id: str
    text: str
    verified: str


class CounselStatement(TypedDict):
    key: str
    text: str
    cites: List[str]


class Counsel(TypedDict):
    """A counseling answer. ``inherit_percent`` is None when the person's variant status
    is not established."""

    kb_version: str
    inherit_percent: Optional[int]
    expected_in_child: str
    statements: List[CounselStatement]
