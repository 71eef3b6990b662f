"""Intelligent case assistance (智能辅助办案): facts the judge works from, suggestions and decisions.

A suggestion is reference material, never a decision: it is stored only when a person accepts or
rejects it (``Suggestion`` + ``Decision``), each with the model version and explanation it was shown
with, so that the record says exactly what the judge saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    ACCEPTED = "accepted", pgettext_lazy("assistance decision", "Accepted")
    REJECTED = "rejected", pgettext_lazy("assistance decision", "Rejected")


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


class GuidingCase(TimestampedModel):
    """A decided case the Supreme People's Court published as a guiding case (指导性案例): the top
    authority tier in similar-case search."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="guiding_case",
        help_text=_("The decided case."),
    )
    number = models.CharField(
        _("guiding case number"), max_length=40, help_text=_("As published, e.g. 指导性案例14号.")
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("When the SPC published it.")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("guiding case")
        verbose_name_plural = _("guiding cases")

    def __str__(self) -> str:
        return self.number


class SimilarSearch(models.Model):
    """One similar-case search as shown to a user: the query (by hash), the filters, the ranking
    engine and model, and the hits in the order shown — what the useful/not-useful marks evaluate."""

    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assist_similar_searches",
        help_text=_("The pending case searched for (empty for a free-text query)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who searched.")
    )
    query_sha256 = models.CharField(
        _("query hash"), max_length=64, help_text=_("SHA-256 of the fact text searched with.")
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True, help_text=_("Level, region, years."))
    filters_key = models.CharField(
        _("filters key"), max_length=200, blank=True, help_text=_("The filters as a stable string.")
    )
    engine_version = models.CharField(_("engine version"), max_length=40, help_text=_("Ranking used."))
    model_version = models.CharField(
        _("model version"),
        max_length=80,
        blank=True,
        help_text=_("Prediction model whose similarity was mixed in."),
    )
    hits = models.JSONField(
        _("hits"), default=list, blank=True, help_text=_("The hits shown: id, rank, score, tier.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("similar-case search")
        verbose_name_plural = _("similar-case searches")
        indexes = [models.Index(fields=["user", "case", "query_sha256"], name="assist_search_lookup")]

    def __str__(self) -> str:
        return f"search {self.pk} ({len(self.hits)} hits)"


class SimilarReport(models.Model):
    """A similar-case search report (类案检索报告) someone generated, with the conclusion written."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="assist_similar_reports",
        help_text=_("The case."),
    )
    search = models.ForeignKey(
        SimilarSearch, on_delete=models.PROTECT, related_name="reports", help_text=_("The search reported.")
    )
    conclusion = models.TextField(_("conclusion"), blank=True, help_text=_("The judge's conclusion."))
    format = models.CharField(_("format"), max_length=8, help_text=_("docx or pdf."))
    case_file = models.ForeignKey(
        "documents.CaseFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The internal case file it was stored as, if any."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text=_("Who generated it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("similar-case search report")
        verbose_name_plural = _("similar-case search reports")

    def __str__(self) -> str:
        return f"{self.case} {self.format} {self.created_at:%Y-%m-%d}"


class SimilarCaseFeedback(models.Model):
    """A judge's mark on a similar-case hit (useful or not), kept for evaluating the retrieval."""

    search = models.ForeignKey(
        SimilarSearch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        help_text=_("The search whose hit was marked (query, filters, ranking)."),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("Position of the hit in that search.")
    )
    tier = models.CharField(_("tier"), max_length=16, blank=True, help_text=_("Authority tier shown."))

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
