"""Courts, their divisions and courtrooms (法院、审判庭、法庭)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezhi.lib.models import TimestampedModel

from . import rules


class CourtLevel(models.TextChoices):
    """Court level (法院层级)."""

    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High people's court")
    INTERMEDIATE = "intermediate", _("Intermediate people's court")
    BASIC = "basic", _("Basic people's court")


class AnonymizePolicy(models.TextChoices):
    """Anonymization policy for the court's published judgments (xiezhi.nlp.anonymize)."""

    FULL = "full", _("Full: every private natural person hidden (current practice)")
    SPC2016 = "spc2016", _("SPC 2016: the protected categories of 法释〔2016〕19号 only")


class CourtQuerySet(models.QuerySet):
    def active(self) -> CourtQuerySet:
        return self.filter(is_active=True)

    def search(self, text: str) -> CourtQuerySet:
        """Courts whose name or code contains ``text``."""
        text = text.strip()
        if not text:
            return self
        return self.filter(models.Q(name__icontains=text) | models.Q(code__icontains=text))


class Court(TimestampedModel):
    """A people's court (人民法院) with its official court code (法院代字)."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("Official Chinese name."))
    name_en = models.CharField(
        _("English name"), max_length=200, blank=True, help_text=_("English name, if any.")
    )
    code = models.CharField(
        _("court code"),
        max_length=10,
        unique=True,
        help_text=_("Court code used in case numbers (法院代字), e.g. 京0105."),
    )
    level = models.CharField(
        _("level"), max_length=16, choices=CourtLevel.choices, help_text=_("Court level.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The court one level above."),
    )
    region_code = models.CharField(
        _("region code"), max_length=6, blank=True, help_text=_("GB/T 2260 administrative division code.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Street address."))
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, help_text=_("Litigation service hotline.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Whether the court accepts cases.")
    )
    anonymize_policy = models.CharField(
        _("anonymization policy"),
        max_length=16,
        choices=AnonymizePolicy.choices,
        blank=True,
        help_text=_(
            "Policy for redacting the court's published judgments; empty: the platform default "
            "(XIEZHI_ANONYMIZE_POLICY)."
        ),
    )

    objects = CourtQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("court")
        verbose_name_plural = _("courts")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent if self.parent_id else None
        problems = rules.court_code_problems(
            self.code or "",
            self.level or "",
            parent.code if parent else None,
            parent.level if parent else None,
        )
        if problems:
            raise ValidationError(problems)


class DivisionKind(models.TextChoices):
    """Kind of division (审判庭/局)."""

    FILING = "filing", _("Case filing division (立案庭)")
    CRIMINAL = "criminal", _("Criminal division (刑事审判庭)")
    CIVIL = "civil", _("Civil division (民事审判庭)")
    ADMINISTRATIVE = "administrative", _("Administrative division (行政审判庭)")
    SUPERVISION = "supervision", _("Adjudication supervision division (审判监督庭)")
    ENFORCEMENT = "enforcement", _("Enforcement bureau (执行局)")
    JUVENILE = "juvenile", _("Juvenile division (少年审判庭)")
    COMPENSATION = "compensation", _("State compensation office (赔偿委员会办公室)")
    MANAGEMENT = "management", _("Trial management office (审判管理办公室)")
    DETACHED = "detached", _("Detached tribunal (派出法庭)")


class Division(TimestampedModel):
    """A division of a court (审判庭), e.g. 民事审判第一庭."""

    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        related_name="divisions",
        help_text=_("Court."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DivisionKind.choices, help_text=_("Kind of division.")
    )
    name = models.CharField(
        _("name"), max_length=60, help_text=_("Name as used in the court, e.g. 民事审判第一庭.")
    )

    class Meta:
        ordering = ["court__code", "kind", "name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="division_unique_name_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court.name} {self.name}"


class Courtroom(TimestampedModel):
    """A courtroom (法庭/审判庭室) where hearings take place."""

    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        related_name="courtrooms",
        help_text=_("Court."),
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("Name, e.g. 第一法庭."))
    capacity = models.PositiveIntegerField(_("seats"), default=30, help_text=_("Seats for the public."))
    supports_online = models.BooleanField(
        _("online hearings"), default=False, help_text=_("Equipped for online and hybrid hearings.")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Available for scheduling."))

    class Meta:
        ordering = ["court__code", "name"]
        verbose_name = _("courtroom")
        verbose_name_plural = _("courtrooms")
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="courtroom_unique_name_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court.name} {self.name}"
