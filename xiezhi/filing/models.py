"""Online filing (网上立案): the filer's application, its versions and the filing division's review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import CaseType, CauseOfAction, PartyKind, Procedure
from xiezhi.courts.models import Court
from xiezhi.lib.models import TimestampedModel


class FilingStatus(models.TextChoices):
    """Where an application stands (立案进度)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    CORRECTIONS = "corrections", _("Corrections requested")
    ACCEPTED = "accepted", _("Accepted and registered")
    REFUSED = "refused", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FilingQuerySet(models.QuerySet):
    def of_filer(self, user) -> FilingQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(filer=user)

    def review_queue(self, court) -> FilingQuerySet:  # type: ignore[no-untyped-def]
        """Submitted applications of ``court``, the least time left in the review limit first."""
        return self.filter(court=court, status=FilingStatus.SUBMITTED).order_by(
            "review_due_on", "submitted_at"
        )


class Filing(TimestampedModel):
    """An application to start a case, filed online by a litigant or a lawyer."""

    filer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filer"),
        on_delete=models.PROTECT,
        related_name="filings",
        help_text=_("The account that files."),
    )
    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
        help_text=_("The court applied to."),
    )
    case_type = models.CharField(
        _("case type"), max_length=24, choices=CaseType.choices, blank=True, help_text=_("Case type.")
    )
    procedure = models.CharField(
        _("procedure"),
        max_length=32,
        choices=Procedure.choices,
        blank=True,
        help_text=_("Procedure applied for."),
    )
    cause = models.ForeignKey(
        CauseOfAction,
        verbose_name=_("cause of action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("案由."),
    )
    claim_amount = models.DecimalField(
        _("claim amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Amount claimed, in yuan."),
    )
    claims = models.TextField(
        _("claims"), blank=True, help_text=_("诉讼请求: what the court is asked to order.")
    )
    facts = models.TextField(_("facts and reasons"), blank=True, help_text=_("事实与理由."))
    filer_is_lawyer = models.BooleanField(
        _("filed by a lawyer"),
        default=False,
        help_text=_("A lawyer files for a client (needs a power of attorney)."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FilingStatus.choices,
        default=FilingStatus.DRAFT,
        help_text=_("Progress of the application."),
    )
    reference = models.CharField(
        _("receipt number"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given when first submitted."),
    )
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("Last submission.")
    )
    review_due_on = models.DateField(
        _("review due"),
        null=True,
        blank=True,
        help_text=_("Last day of the 7-day review limit (立案审查期限)."),
    )
    submission_count = models.PositiveSmallIntegerField(
        _("submissions"), default=0, help_text=_("How many times it was submitted.")
    )
    idempotency_key = models.CharField(
        max_length=64, blank=True, help_text=_("Key of the last submission, so a repeated click counts once.")
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filing",
        help_text=_("The case registered on acceptance."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic locking."))

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("online filing")
        verbose_name_plural = _("online filings")
        indexes = [models.Index(fields=["court", "status", "review_due_on"], name="filing_queue_idx")]

    def __str__(self) -> str:
        return self.reference or f"draft #{self.pk}"

    @property
    def editable(self) -> bool:
        return self.status in (FilingStatus.DRAFT, FilingStatus.CORRECTIONS)


class FilingParty(models.Model):
    """A party named in an application."""

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="parties", help_text=_("Filing.")
    )
    role = models.CharField(_("role"), max_length=32, help_text=_("Procedural role, e.g. plaintiff."))
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=PartyKind.choices,
        default=PartyKind.NATURAL,
        help_text=_("Natural person or organisation."),
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("Name."))
    sex = models.CharField(_("sex"), max_length=1, blank=True, help_text=_("M or F."))
    birth_date = models.DateField(_("birth date"), null=True, blank=True, help_text=_("Natural persons."))
    id_number = models.CharField(
        _("identity number"), max_length=18, blank=True, help_text=_("Personal data.")
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, help_text=_("Organisations.")
    )
    legal_representative = models.CharField(
        _("legal representative"), max_length=60, blank=True, help_text=_("Organisations.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Personal data."))
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("Personal data."))
    is_filer = models.BooleanField(
        _("this is me / my client"),
        default=False,
        help_text=_("The party on whose behalf the application is filed."),
    )
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order."))

    PERSONAL_FIELDS = ("id_number", "address", "phone", "birth_date")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("party in a filing")
        verbose_name_plural = _("parties in filings")

    def __str__(self) -> str:
        return self.name


class FilingEvidence(models.Model):
    """A document uploaded with an application (起诉状, 证据, 委托书 ...)."""

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="evidence", help_text=_("Filing.")
    )
    stored = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The stored, hashed file."),
    )
    kind = models.CharField(_("kind"), max_length=20, help_text=_("Kind of document (documents.FileKind)."))
    title = models.CharField(_("title"), max_length=200, help_text=_("Name of the document."))
    purpose = models.CharField(_("what it proves"), max_length=300, blank=True, help_text=_("证明目的."))
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order in the evidence list."))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("filed document")
        verbose_name_plural = _("filed documents")

    def __str__(self) -> str:
        return self.title


class FilingVersion(models.Model):
    """What was submitted, each time (the history of versions the review worked on)."""

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="versions", help_text=_("Filing.")
    )
    number = models.PositiveSmallIntegerField(_("version"), help_text=_("1 for the first submission."))
    submitted_at = models.DateTimeField(_("submitted at"), help_text=_("When."))
    snapshot = models.JSONField(_("content"), help_text=_("The application as submitted, with file hashes."))

    class Meta:
        ordering = ["filing", "number"]
        constraints = [models.UniqueConstraint(fields=["filing", "number"], name="filing_version_once")]

    def __str__(self) -> str:
        return f"{self.filing} v{self.number}"


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accepted")
    CORRECTIONS = "corrections", _("Corrections requested")
    REFUSE = "refuse", _("Not accepted")


class ReviewDecision(models.Model):
    """A filing officer's decision on a submitted version."""

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="decisions", help_text=_("Filing.")
    )
    version_number = models.PositiveSmallIntegerField(_("version"), help_text=_("The version decided on."))
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, help_text=_("Decision.")
    )
    defects = models.JSONField(
        _("defects"), default=list, blank=True, help_text=_("What is missing or wrong, one item each.")
    )
    reason_code = models.CharField(
        _("reason"), max_length=32, blank=True, help_text=_("Refusal ground code.")
    )
    legal_ground = models.CharField(
        _("legal ground"), max_length=200, blank=True, help_text=_("Article relied on.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Filing officer.")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self) -> str:
        return f"{self.filing} {self.get_decision_display()}"


class FilingEvent(models.Model):
    """A step the filer sees on the tracking page (立案进度)."""

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="events", help_text=_("Filing.")
    )
    kind = models.CharField(_("kind"), max_length=32, help_text=_("What happened."))
    detail = models.CharField(_("detail"), max_length=300, blank=True, help_text=_("Extra information."))
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"
