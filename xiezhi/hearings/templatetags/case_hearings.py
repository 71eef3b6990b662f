"""The hearings section of the case page: ``{% load case_hearings %}{% case_hearings case as info %}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from xiezhi import policy
from xiezhi.hearings.models import Hearing

register = template.Library()


@dataclass
class CaseHearings:
    hearings: list[Hearing]
    can_schedule: bool
    can_draft: bool


@register.simple_tag(takes_context=True)
def case_hearings(context: Any, case: Any) -> CaseHearings:
    """The case's hearings (one query, newest first) and what the viewer may start from here:
    scheduling a hearing (排期) and drafting the decision document (文书制作)."""
    user = context["request"].user
    hearings = list(
        Hearing.objects.filter(case=case).select_related("courtroom").order_by("-starts_at", "-id")
    )
    return CaseHearings(
        hearings=hearings,
        can_schedule=case.is_open and policy.can(user, "case.hearing.schedule", case),
        can_draft=case.status in ("in_trial", "closed") and policy.can(user, "case.judgment.draft", case),
    )
