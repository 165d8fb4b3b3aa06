"""The knowledge base, read from the core's generated tables: the GARD seed phenotype
table, the criteria, the differential diseases with their phenotype models, the
citations, and term lookup in the committed HPO subset.

Every call returns fresh plain dicts and lists (``pandas.DataFrame(poh.kb.phenotypes())``
gives a table).
"""

from __future__ import annotations

from typing import List, Tuple

from . import _core
from .schema import AhoList, Citation, CriterionRule, Disease, Group, Note, SeedRow, SupportingRule

__all__ = [
    "KB_VERSION",
    "HPO_RELEASE",
    "phenotypes",
    "criteria",
    "supporting",
    "groups",
    "aho_lists",
    "diseases",
    "disease",
    "citations",
    "citation",
    "terms",
    "notes",
    "label",
    "term_id",
    "primary_id",
]

KB_VERSION: str = _core.KB_VERSION
HPO_RELEASE: str = _core.HPO_RELEASE


def phenotypes() -> List[SeedRow]:
    """The GARD seed phenotype table (21 rows), with HPOA 2025 annotation status."""
    return _core.seed_table()


def criteria() -> List[CriterionRule]:
    """The three major criteria as the knowledge base states them."""
    return _core.criteria()


def supporting() -> List[SupportingRule]:
    """The six supporting findings."""
    return _core.supporting()


def groups() -> List[Group]:
    """The term groups the criteria and supporting findings read."""
    return _core.groups()


def aho_lists() -> List[AhoList]:
    """The AHO feature lists criterion 2 can count (``options.aho_list``)."""
    return _core.aho_lists()


def diseases() -> List[Disease]:
    """The diseases of the differential, with their phenotype models and sources."""
    return _core.diseases()


def disease(key_or_id: str) -> Disease:
    """One disease by key (``"poh"``), CURIE (``"OMIM:166350"``) or cross-reference."""
    for d in _core.diseases():
        if key_or_id in (d["key"], d["id"]) or key_or_id in d["xrefs"]:
            return d
    raise _core.error(200, f"no disease {key_or_id!r} in the differential")


def citations() -> List[Citation]:
    """Every source the tables cite, with what of it was actually read."""
    return _core.citations()


def citation(id: str) -> Citation:
    """One citation by its id (as used in ``cites`` lists)."""
    for c in _core.citations():
        if c["id"] == id:
            return c
    raise _core.error(200, f"no citation {id!r}")


def terms() -> List[Tuple[str, str]]:
    """The knowledge-base terms (every term a table row, group or step names): (id, label)."""
    return _core.kb_terms()


def notes() -> List[Note]:
    """Management, prognosis and genetics notes."""
    return _core.notes()


def label(id: str) -> str:
    """The label of an HPO term of the committed subset (release `HPO_RELEASE`).

    Raises `poh.InputError` (104) for a malformed id, `poh.KnowledgeError` (200) for a
    term outside the subset."""
    return _core.hpo_label(id)


def term_id(label: str) -> str:
    """The id of the term with this exact label (case-insensitive)."""
    return _core.hpo_by_label(label)


def primary_id(id: str) -> Tuple[str, bool]:
    """The primary id of a term, and whether ``id`` was an alt_id of it."""
    return _core.hpo_primary(id)


