"""``{% case_message_threads case as threads %}`` for the staff and party case pages."""

from __future__ import annotations

from typing import Any

from django import template

from xiezhi.cases.messaging import threads_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_message_threads(context: template.Context, case: Any) -> list:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    threads = threads_for(user, case)
    for thread in threads:
        # A message refused by validation comes back in the box (the view parks it in the session).
        thread.draft = request.session.pop(f"message-draft-{thread.party.pk}", "")
    return threads
