"""Template filters of the fee pages: ``{{ value|yuan }}`` → 6,550.00."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from xiezhi.fees import display

register = template.Library()


@register.filter
def yuan(value: Decimal | str | None) -> str:
    """A money amount to the fen with thousands separators; empty for None."""
    if value is None or value == "":
        return ""
    return display.yuan(value)


@register.inclusion_tag("fees/_case_fees.html", takes_context=True)
def case_fees(context: template.Context, case: Any) -> dict[str, Any]:
    """The case page's fee block in one line: ``{% load fee_tags %}{% case_fees case %}``.

    Same as including ``fees/_case_fees.html`` with ``selectors.case_fee_context``, without the
    case view having to import the fees app.
    """
    from xiezhi.fees.selectors import case_fee_context

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **case_fee_context(user, case),
    }
