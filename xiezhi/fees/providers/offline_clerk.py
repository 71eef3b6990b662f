"""The one built-in payment provider: a payment made offline and confirmed by a clerk."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from . import PaymentResult


class OfflineClerkConfirmedProvider:
    """Records a payment made outside Xiezhi — at the court's fee counter, by bank transfer to the
    court's account or at a bank — on the word of the clerk or filing officer who saw the receipt.

    Nothing is verified with a bank: the confirmation *is* the clerk's, which is why the label says
    so, why the receipt or slip number is required, and why the audit log names the clerk. Who may
    confirm is decided by the policy (``case.fee.confirm_payment``) before this is called.
    """

    key = "offline_clerk"
    label = "线下缴费（书记员确认）/ Offline payment confirmed by a clerk"

    def confirm(self, notice: Any, amount: Decimal, reference: str, by: Any) -> PaymentResult:
        reference = reference.strip()
        if not reference:
            return PaymentResult(
                False,
                message=_("Enter the receipt or bank slip number that shows the payment."),
            )
        return PaymentResult(True, reference=reference)
