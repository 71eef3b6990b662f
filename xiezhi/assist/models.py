"""Intelligent case assistance (智能辅助办案): facts the judge works from, suggestions and decisions.

A suggestion is reference material, never a decision: it is stored only when a person accepts or
rejects it (``Suggestion`` + ``Decision``), each with the model version and explanation it was shown
with, so that the record says exactly what the judge saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezhi.lib.models import TimestampedModel


class AssistPreference(TimestampedModel):
    """A user's switch for the assistance: off means no panel and no API suggestions for them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assist_preference",
        help_text=_("The account the preference belongs to."),
    )
    enabled = models.BooleanField(
        _("assistance on"), default=True, help_text=_("Whether the user sees intelligent suggestions.")
    )

    class Meta:
        verbose_name = _("assistance preference")
        verbose_name_plural = _("assistance preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'on' if self.enabled else 'off'}"


class FactSource(models.TextChoices):
    ENTERED = "entered", _("Entered by court staff")
    JUDGMENT = "judgment", _("Taken from a decision document")
    SUMMARY = "summary", _("Taken from the case summary")


class CaseFacts(TimestampedModel):
    """The fact description (案件事实) the assistance reads for a criminal case.

    Cases keep no fact text of their own; the judge pastes or edits it here (the panel offers the
    facts section of an imported judgment or the case summary as a starting point).
    """

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="assist_facts",
        help_text=_("The case the facts describe."),
    )
    text = models.TextField(_("facts"), help_text=_("The fact description, as the judge works with it."))
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=FactSource.choices,
        default=FactSource.ENTERED,
        help_text=_("Where the text came from."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who saved the text last."),
    )

    class Meta:
        verbose_name = _("case facts")
        verbose_name_plural = _("case facts")

    def __str__(self) -> str:
        return f"{self.case}: {self.text[:30]}"


class SuggestionKind(models.TextChoices):
    CHARGE = "charge", _("Charge")
    ARTICLE = "article", _("Criminal Law article")
    TERM = "term", _("Sentence reference")


class Suggestion(models.Model):
    """One suggestion a person decided on: what was suggested, why, and by which model."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="assist_suggestions",
        help_text=_("The case the suggestion was made for."),
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=SuggestionKind.choices, help_text=_("What is suggested.")
    )
    value = models.CharField(
        _("value"), max_length=120, help_text=_("The charge name, the article number or the term in months.")
    )
    label = models.CharField(_("label"), max_length=200, help_text=_("How the suggestion was shown."))
    score = models.FloatField(_("score"), null=True, blank=True, help_text=_("The model's score in [0, 1]."))
    explanation = models.JSONField(
        _("explanation"),
        default=dict,
        blank=True,
        help_text=_("Key phrases, article text and similar cases shown."),
    )
    model_version = models.CharField(
        _("model version"), max_length=80, help_text=_("The model that suggested it.")
    )
    cold_start = models.BooleanField(
        _("cold start"), default=False, help_text=_("Suggested from the statutes alone (no trained model).")
    )
    fact_sha256 = models.CharField(
        _("facts hash"), max_length=64, help_text=_("SHA-256 of the fact text the suggestion was made from.")
    )
    created_at = models.DateTimeField(
        _("created at"), auto_now_add=True, help_text=_("When first decided on.")
    )

    class Meta:
        ordering = ["case", "kind", "id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "value", "model_version", "fact_sha256"],
                name="assist_suggestion_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


class DecisionChoice(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Decision(models.Model):
    """A person's accept or reject of a suggestion; the latest one counts."""

    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.CASCADE,
        related_name="decisions",
        help_text=_("The suggestion decided on."),
    )
    decision = models.CharField(
        _("decision"), max_length=8, choices=DecisionChoice.choices, help_text=_("Accepted or rejected.")
    )
    reason = models.CharField(
        _("reason"), max_length=300, blank=True, help_text=_("Why, in the person's words.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who decided."),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision on a suggestion")
        verbose_name_plural = _("decisions on suggestions")

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.suggestion}"


class SimilarCaseFeedback(models.Model):
    """A judge's mark on a similar-case hit (useful or not), kept for evaluating the retrieval."""

    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assist_feedback",
        help_text=_("The case the hit was shown for (empty for a free-text query)."),
    )
    similar_case_id = models.CharField(
        _("similar case"), max_length=80, help_text=_("The decided case's id in the model.")
    )
    useful = models.BooleanField(_("useful"), help_text=_("Whether the judge found the hit useful."))
    similarity = models.FloatField(_("similarity"), null=True, blank=True, help_text=_("Score shown."))
    model_version = models.CharField(
        _("model version"), max_length=80, help_text=_("The model that found it.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who marked it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("similar-case feedback")
        verbose_name_plural = _("similar-case feedback")

    def __str__(self) -> str:
        return f"{self.similar_case_id}: {'useful' if self.useful else 'not useful'}"
