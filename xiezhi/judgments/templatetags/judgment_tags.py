"""``{% load judgment_tags %}{% case_judgments case as judgments %}``: a case's decision documents
for the case page (the list links to each document's page)."""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi.judgments.models import JudgmentDocument

register = template.Library()


@register.simple_tag
def case_judgments(case: Any) -> list[JudgmentDocument]:
    if case is None or getattr(case, "pk", None) is None:
        return []
    return list(
        JudgmentDocument.objects.filter(case=case)
        .only("pk", "case_id", "kind", "title", "document_number", "decided_on", "source")
        .order_by("decided_on", "pk")
    )
