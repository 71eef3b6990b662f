"""``{% load disclosure_tags %}{% can_review_publications as show %}``: the workspace menu entry."""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can_review_publications(context: Any) -> bool:
    """Whether the user works the publication queue of their court (no query: the profile and its
    court come with the session's account)."""
    user = context["request"].user
    profile = getattr(user, "staff_profile", None) if getattr(user, "is_authenticated", False) else None
    return profile is not None and policy.can(user, "publication.queue", profile.court)
