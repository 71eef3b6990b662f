"""Reads about fees that the case page, the notice page and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from xiezhi import policy
from xiezhi.cases.models import Case

from .models import FeeNotice, Payment
from .rules import FeeInputError
from .services import FeeError, assess_case_fee

__all__ = ["FeePreview", "case_fee_context", "notice_for_page", "notices_for_case"]

#: Statuses in which a new notice can still be issued (see services.issue_fee_notice).
_ISSUABLE = ("registered", "assigned", "in_trial", "suspended", "closed", "effective")


@dataclass(frozen=True)
class FeePreview:
    """What the fee of the case would be now, or why none can be assessed."""

    amount: Decimal | None
    problem: str = ""


def notices_for_case(case: Case) -> list[FeeNotice]:
    """The case's notices, oldest first, with their payments and payer."""
    payments = Prefetch("payments", queryset=Payment.objects.select_related("confirmed_by"))
    return list(
        FeeNotice.objects.for_case(case).select_related("payer", "issued_by").prefetch_related(payments)
    )


def notice_for_page(notice_id: int) -> FeeNotice | None:
    """A notice with its case (court, parties, panel — what the case policy reads) and payments."""
    payments = Prefetch("payments", queryset=Payment.objects.select_related("confirmed_by"))
    return (
        FeeNotice.objects.select_related("case__court", "case__division", "case__cause", "payer", "issued_by")
        .prefetch_related("case__panel", "case__parties", "case__representatives", payments)
        .filter(pk=notice_id)
        .first()
    )


def _preview(case: Case) -> FeePreview:
    try:
        return FeePreview(assess_case_fee(case).amount)
    except FeeError as exc:
        return FeePreview(None, exc.message)
    except FeeInputError as exc:
        return FeePreview(None, exc.message)


def case_fee_context(user: Any, case: Case) -> dict[str, Any]:
    """Context of the case page's fee block (``fees/_case_fees.html``).

    ``notices`` — the case's notices; ``can_manage`` — the user may issue a notice now (policy
    ``case.fee.manage`` and a case that is registered and not archived); ``can_confirm`` — the user
    may record payments (policy ``case.fee.confirm_payment``); ``fee_preview`` — the fee the case
    would be charged now (for those who may issue), else None.
    """
    can_manage = policy.can(user, "case.fee.manage", case) and bool(case.number) and case.status in _ISSUABLE
    notices = notices_for_case(case)
    return {
        "notices": notices,
        "can_manage": can_manage,
        "can_confirm": policy.can(user, "case.fee.confirm_payment", case),
        "fee_preview": _preview(case) if can_manage and not any(n.is_open for n in notices) else None,
    }
