"""The patient-kiosk questionnaire: lay-language questions from the knowledge base, the
next question chosen by how much its answer would change the assessment, and a referral
level with its reasons at the end, never a diagnosis. Stateless: pass the answers so far.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, cast

from . import _core

__all__ = ["questionnaire_step"]


def questionnaire_step(
    answers: Optional[Mapping[str, str]] = None,
    *,
    age_months: Optional[int] = None,
    sex: Optional[str] = None,
) -> Dict[str, Any]:
    """One step of a kiosk session.

    ``answers`` maps each question's HPO id (``step["next"]["id"]``) to ``"yes"``,
    ``"no"`` or ``"dont_know"``. Returns ``{"next": {"id", "lay_name", "text"} or None,
    "asked", "outcome": {"level", "message", "reasons", "cites"}}``; ``next`` is ``None``
    when the session should stop. Bad input raises `poh.PohError` with the core's code.

    >>> step = questionnaire_step(age_months=18, sex="female")
    >>> step["next"]["lay_name"]
    'Short fingers or toes'
    >>> questionnaire_step({"HP:0001482": "yes", "HP:0003593": "yes"}, age_months=18)["outcome"]["level"]
    'refer'
    """
    session: Dict[str, Any] = {"answers": dict(answers or {})}
    if age_months is not None:
        session["age_months"] = age_months
    if sex is not None:
        session["sex"] = sex
    return cast(Dict[str, Any], json.loads(_core.questionnaire_step_json(json.dumps(session))))
