"""Fee notices (交费通知) and the payments recorded against them.

The amounts come from the pure engine in ``rules.py``; a notice keeps the assessment as it was on
the day of issue (its lines and explanation), so a later change of the schedule or of the case
never rewrites what the party was told to pay. Every write goes through ``services.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import Case, Party
from xiezhi.lib.models import TimestampedModel

from . import rules


class NoticeStatus(models.TextChoices):
    """Where a fee notice stands; unpaid and part-paid notices are *open*."""

    UNPAID = "unpaid", _("Unpaid (未交纳)")
    PART_PAID = "part_paid", _("Partly paid (部分交纳)")
    PAID = "paid", _("Paid (已交纳)")
    WAIVED = "waived", _("Waived (免交)")


OPEN_STATUSES = (NoticeStatus.UNPAID, NoticeStatus.PART_PAID)


class FeeNoticeQuerySet(models.QuerySet):
    def open(self) -> FeeNoticeQuerySet:
        """Notices still waiting for (the rest of) their payment."""
        return self.filter(status__in=OPEN_STATUSES)

    def for_case(self, case: Case) -> FeeNoticeQuerySet:
        return self.filter(case=case).order_by("issued_on", "id")


class FeeNotice(TimestampedModel):
    """A notice to pay the litigation fee (交纳诉讼费用通知), issued when a case is accepted."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="fee_notices",
        help_text=_("The case the fee is charged for."),
    )
    kind = models.CharField(
        _("kind of fee"),
        max_length=40,
        help_text=_("Fee kind of the engine (xiezhi.fees.rules.FeeKind), e.g. property or divorce."),
    )
    basis_amount = models.DecimalField(
        _("basis amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Amount the fee was computed on (claim, property total, damages ...), in yuan; "
            "empty for per-case fees."
        ),
    )
    amount = models.DecimalField(
        _("amount payable"),
        max_digits=16,
        decimal_places=2,
        help_text=_("Fee payable under this notice, in yuan, rounded as the court rounds fees."),
    )
    paid_amount = models.DecimalField(
        _("amount paid"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_(
            "Sum of the confirmed payments, in yuan; kept with the status under the notice's row lock."
        ),
    )
    lines = models.JSONField(
        _("lines"),
        default=list,
        blank=True,
        help_text=_("The assessment's steps (bands, reductions, caps) with amounts as decimal strings."),
    )
    explanation = models.JSONField(
        _("explanation"),
        default=list,
        blank=True,
        help_text=_("The working, step by step, as shown to the party (list of strings)."),
    )
    schedule_id = models.CharField(
        _("fee schedule"),
        max_length=40,
        help_text=_("Version of the fee law applied, e.g. gwy-481-2007 (State Council Decree No. 481)."),
    )
    issued_on = models.DateField(_("issued on"), help_text=_("Day the notice was issued."))
    due_on = models.DateField(
        _("due on"),
        help_text=_(
            "Last day to pay: 7 days counted from the day after service (Measures Art. 22), moved to "
            "the next working day when it falls on a rest day."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NoticeStatus.choices,
        default=NoticeStatus.UNPAID,
        help_text=_("Unpaid, partly paid, paid or waived."),
    )
    payer = models.ForeignKey(
        Party,
        verbose_name=_("payer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fee_notices",
        help_text=_("The party who must pay (usually the plaintiff, appellant or applicant)."),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Member of staff who issued the notice."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Increases with every change (optimistic locking).")
    )

    objects = FeeNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")
        constraints = [
            # One open notice per case: issuing is idempotent even if two clerks click at once.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["unpaid", "part_paid"]),
                name="fee_notice_one_open_per_case",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_notice_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("amount")),
                name="fee_notice_paid_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="fee_notice_due_after_issue"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="fee_notice_status_due_idx")]

    def __str__(self) -> str:
        number = self.case.number if self.case_id else ""
        return f"{number} {self.amount} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def outstanding(self) -> Decimal:
        """What is still to be paid, in yuan."""
        return self.amount - self.paid_amount

    @property
    def kind_label(self) -> str:
        """The fee kind's name in the current language (the Chinese term kept in English)."""
        try:
            info = next(i for i in rules.fee_kinds() if i.kind == self.kind)
        except StopIteration:
            return self.kind
        if (get_language() or "").startswith("en"):
            return f"{info.name_en} ({info.name_zh})"
        return info.name_zh


class Payment(models.Model):
    """A payment against a fee notice, confirmed through a payment provider."""

    notice = models.ForeignKey(
        FeeNotice,
        verbose_name=_("fee notice"),
        on_delete=models.PROTECT,
        related_name="payments",
        help_text=_("The notice this payment is for."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, help_text=_("Amount paid, in yuan.")
    )
    provider = models.CharField(
        _("payment provider"),
        max_length=32,
        help_text=_("Key of the provider that confirmed the payment, e.g. offline_clerk."),
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("Receipt, bank slip or transaction number given by the provider."),
    )
    paid_on = models.DateField(_("paid on"), help_text=_("Day the party paid."))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Member of staff who recorded and confirmed the payment."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), help_text=_("When the payment was confirmed."))

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_payment_amount_positive"),
            # The same receipt cannot be booked twice against one notice (a double submit).
            models.UniqueConstraint(
                fields=["notice", "provider", "reference"],
                condition=~Q(reference=""),
                name="fee_payment_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.provider} {self.reference}".strip()

    @property
    def provider_label(self) -> str:
        """The provider's label (its key if it is no longer registered)."""
        from .providers import UnknownProvider, get_provider

        try:
            return get_provider(self.provider).label
        except UnknownProvider:
            return self.provider
