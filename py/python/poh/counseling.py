"""Inheritance counseling from the knowledge base (every statement cites its source)."""

from __future__ import annotations

import json
from typing import Dict, Optional, cast

from . import _core
from .schema import Counsel

__all__ = ["counsel"]


def counsel(
    condition: Optional[str] = None,
    *,
    sex: Optional[str] = None,
    gnas: Optional[str] = None,
    parent_of_origin: Optional[str] = None,
) -> Counsel:
    """The chance that each child of this person inherits a GNAS variant, the condition
    expected in a child who does (it depends on the transmitting parent's sex), and the
    statements that apply, each with its sources. Omitted arguments are unknown.

    ``condition``: poh, pphp, osteoma_cutis, php1a, php1b, php1c, carrier, unknown;
    ``sex``: female, male, other, unknown; ``gnas``: pathogenic, likely_pathogenic, vus,
    negative, not_tested; ``parent_of_origin``: paternal, maternal, de_novo, unknown.
    Any other value raises `poh.InputError` (112, unknown_value).

    >>> counsel("poh", sex="female", gnas="pathogenic")["inherit_percent"]
    50
    """
    query: Dict[str, str] = {}
    for key, value in (
        ("condition", condition),
        ("sex", sex),
        ("gnas", gnas),
        ("parent_of_origin", parent_of_origin),
    ):
        if value is not None:
            query[key] = value
    return cast(Counsel, json.loads(_core.counsel_json(json.dumps(query))))
