"""``{% load case_documents %}{% case_documents case as documents %}``: the case page's file and
service sections for the user viewing it, for ``documents/_case_files.html`` and
``documents/_case_service.html``."""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi.documents.selectors import CasePanel, case_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def case_documents(context: Any, case: Any) -> CasePanel | None:
    request = context.get("request")
    if request is None or case is None:
        return None
    return case_panel(request.user, case)
