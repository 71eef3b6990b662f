"""Publication of decision documents on the internet (裁判文书上网, 法释〔2016〕19号).

One :class:`Publication` per :class:`~xiezhi.judgments.models.JudgmentDocument`: the document's
way from the queue to the public. The original text stays in the judgments app, untouched; the
publication keeps the redacted rendition that alone is ever shown to the public, with the
anonymizer's replacements (offsets into the original) and the reviewer's changes to them.

States (see README.md)::

    queued ──▶ withheld            (Art. 4 ground, or the reviewer's decision; reason stated)
       │          │ reopen
       ▼          ▼
    in_review ──▶ published ──▶ unpublished ──reopen──▶ in_review
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiezhi.judgments.models import JudgmentDocument
from xiezhi.lib.models import TimestampedModel


class PublicationState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    IN_REVIEW = "in_review", _("In review")
    WITHHELD = "withheld", _("Withheld")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class WithholdGround(models.TextChoices):
    """Why a document is not published (Art. 4 of 法释〔2016〕19号)."""

    STATE_SECRET = "state_secret", _("Involves state secrets (Art. 4(1))")
    JUVENILE_CRIME = "juvenile_crime", _("Crime committed by a minor (Art. 4(2))")
    MEDIATION = "mediation", _("Closed by mediation or confirms a mediation agreement (Art. 4(3))")
    DIVORCE = "divorce", _("Divorce litigation (Art. 4(4))")
    CUSTODY = "custody", _("Custody or guardianship of minor children (Art. 4(4))")
    NOT_A_PUBLISHED_KIND = "kind", _("Not a kind of document that is published (Art. 3)")
    OTHER = "other", _("Other reason the court considers publication unsuitable (Art. 4(5))")


class PublicationQuerySet(models.QuerySet):
    def published(self) -> PublicationQuerySet:
        """What the public may see, now."""
        return self.filter(state=PublicationState.PUBLISHED)

    def for_court(self, court) -> PublicationQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(document__case__court=court)

    def waiting(self) -> PublicationQuerySet:
        """Queued or in review: the reviewers' work."""
        return self.filter(state__in=(PublicationState.QUEUED, PublicationState.IN_REVIEW))

    def overdue(self, today=None) -> PublicationQuerySet:  # type: ignore[no-untyped-def]
        """Waiting past the publication deadline (Art. 7: 7 working days after effect)."""
        return self.waiting().filter(deadline_on__lt=today or timezone.localdate())


class Publication(TimestampedModel):
    """A decision document on its way to (or on, or withdrawn from) the public judgment site."""

    document = models.OneToOneField(
        JudgmentDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="publication",
        help_text=_("The decision document; its text is the original and is never published."),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.QUEUED,
        db_index=True,
        help_text=_("Where the document is on its way to the public."),
    )
    effective_on = models.DateField(
        _("effective on"),
        null=True,
        blank=True,
        help_text=_(
            "Day the decision took effect (for an appealed first-instance document: the second-instance "
            "decision's)."
        ),
    )
    deadline_on = models.DateField(
        _("publish by"),
        null=True,
        blank=True,
        help_text=_("7 working days after the decision took effect (Art. 7)."),
    )
    policy = models.CharField(
        _("anonymization policy"),
        max_length=16,
        blank=True,
        help_text=_("full or spc2016 (xiezhi.nlp.anonymize)."),
    )
    pipeline_version = models.CharField(
        _("anonymizer version"), max_length=16, blank=True, help_text=_("Version of the anonymizer used.")
    )
    pipeline_steps = models.JSONField(
        _("anonymizer steps"), default=list, blank=True, help_text=_("Named steps of the anonymizer run.")
    )
    source_sha256 = models.CharField(
        _("SHA-256 of the original"),
        max_length=64,
        blank=True,
        help_text=_(
            "Hash of the document text the redaction was made from; a changed text is redacted again."
        ),
    )
    auto_replacements = models.JSONField(
        _("automatic replacements"),
        default=list,
        blank=True,
        help_text=_(
            "What the anonymizer replaced: start, end (offsets into the original), original, replacement, "
            "kind. Internal: contains the real names."
        ),
    )
    persons = models.JSONField(
        _("persons found"),
        default=list,
        blank=True,
        help_text=_("Persons the anonymizer found, with role and decision (for the reviewer only)."),
    )
    undone = models.JSONField(
        _("undone replacements"),
        default=list,
        blank=True,
        help_text=_("Indexes into the automatic replacements that the reviewer undid."),
    )
    manual = models.JSONField(
        _("reviewer's redactions"),
        default=list,
        blank=True,
        help_text=_("Strings the reviewer had replaced everywhere: original, replacement."),
    )
    redacted_text = models.TextField(
        _("redacted text"), blank=True, help_text=_("The text the public sees (empty until redacted).")
    )
    needs_review = models.BooleanField(
        _("flagged"),
        default=False,
        help_text=_("The anonymizer could not vouch for the result (e.g. no recognisable structure)."),
    )
    review_reasons = models.JSONField(
        _("flags"), default=list, blank=True, help_text=_("The anonymizer's reasons, e.g. no_structure.")
    )
    ground = models.CharField(
        _("ground for withholding"),
        max_length=16,
        choices=WithholdGround.choices,
        blank=True,
        help_text=_("Why the document is withheld."),
    )
    reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("The reason given for the last decision: withholding, unpublishing or reopening."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who made the last decision (empty: the system)."),
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("When it was (last) published.")
    )
    unpublished_at = models.DateTimeField(
        _("unpublished at"), null=True, blank=True, help_text=_("When it was (last) withdrawn.")
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["deadline_on", "id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["state", "published_at"], name="publication_state_idx")]

    def __str__(self) -> str:
        return f"{self.document.document_number} {self.document.title} ({self.get_state_display()})"

    @property
    def is_public(self) -> bool:
        return self.state == PublicationState.PUBLISHED

    @property
    def is_overdue(self) -> bool:
        return (
            self.state in (PublicationState.QUEUED, PublicationState.IN_REVIEW)
            and self.deadline_on is not None
            and self.deadline_on < timezone.localdate()
        )


class WithholdingRequestState(models.TextChoices):
    """The Art. 4(5) approval chain: the judge proposes, the division head reviews, the court's
    leader decides (Art. 12 of 法释〔2016〕19号 names the responsible vice-president; the platform has
    no vice-president role, so the court president decides)."""

    PROPOSED = "proposed", _("Proposed by the judge")
    ENDORSED = "endorsed", _("Endorsed by the division head")
    APPROVED = "approved", _("Approved: withheld")
    REJECTED = "rejected", pgettext_lazy("withholding proposal", "Rejected")


#: States in which a request is still open (at most one per publication).
OPEN_WITHHOLDING_STATES = (WithholdingRequestState.PROPOSED, WithholdingRequestState.ENDORSED)


class WithholdingRequest(TimestampedModel):
    """A proposal to withhold a document as "otherwise unsuitable" (Art. 4(5)), with its decisions.

    The judge's written reasons, the division head's review and the president's decision are kept
    here; only an approved request withholds the publication (ground ``other``).
    """

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="withholding_requests",
        help_text=_("The document proposed to be withheld."),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=WithholdingRequestState.choices,
        default=WithholdingRequestState.PROPOSED,
        db_index=True,
        help_text=_("Where the proposal is in the approval chain."),
    )
    reasons = models.TextField(
        _("written reasons"), help_text=_("The judge's written reasons why publication is unsuitable.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The judge who proposed withholding."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division head who reviewed the proposal."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, help_text=_("When reviewed."))
    review_note = models.CharField(
        _("review note"), max_length=500, blank=True, help_text=_("The division head's opinion.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The court leader who decided."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, help_text=_("When decided."))
    decision_note = models.CharField(
        _("decision note"), max_length=500, blank=True, help_text=_("The decision's reasons.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("withholding request (Art. 4(5))")
        verbose_name_plural = _("withholding requests (Art. 4(5))")
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=models.Q(state__in=["proposed", "endorsed"]),
                name="withholding_request_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_WITHHOLDING_STATES
