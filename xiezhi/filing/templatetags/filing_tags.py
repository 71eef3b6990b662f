"""Template helpers of the filing pages, and the workspace navigation's "Filing review" link."""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can_review_filings(context: template.Context) -> bool:
    """Whether the user works the filing review queue of their court (``filing.queue``):
    ``{% can_review_filings as show %}`` in the workspace navigation."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        return False
    profile = getattr(user, "staff_profile", None)
    return profile is not None and policy.can(user, "filing.queue", profile.court)


@register.filter
def file_kind(value: Any) -> str:
    """The label of a document kind (``documents.FileKind``)."""
    from xiezhi.documents.models import FileKind

    try:
        return str(FileKind(value).label)
    except ValueError:
        return str(value)
