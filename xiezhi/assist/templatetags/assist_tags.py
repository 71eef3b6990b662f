"""``{% assist_slot case %}``: the case page's pointer to the assistance panel.

Renders the empty slot that htmx fills from /workspace/assist/cases/<id>/ once it scrolls into view —
only for a criminal case and a user the policy lets use the assistance on it. The check reads the
relations the case page has already loaded, so it adds no query to the page.
"""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi import policy

register = template.Library()


@register.inclusion_tag("assist/_slot.html", takes_context=True)
def assist_slot(context: Any, case: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"case": case, "show": user is not None and policy.can(user, "case.assist.use", case)}


@register.simple_tag(takes_context=True)
def can_manage_guiding(context: Any) -> bool:
    """Whether the workspace menu offers the guiding-case list (no query: the profile comes with the
    session's account)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and policy.can(user, "assist.guiding.manage"))
