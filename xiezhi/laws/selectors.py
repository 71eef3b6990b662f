"""Reads of the statute knowledge base: finding laws and articles, the browser's pages.

:func:`find_law` and :func:`find_article` are what the lookup box, the API, ``xiezhi laws lookup``
and the citation checker (:mod:`xiezhi.laws.citations`) share. Law names go through the citation
engine's :func:`~xiezhi.nlp.citations.normalise_law_name` and our alias table; article labels
through its :func:`~xiezhi.nlp.citations.parse_article_label`, so "刑法 264", "《刑法》第二百六十四条"
and "刑法第264条" all land on the same article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from xiezhi.nlp.citations import ArticleRef, normalise_law_name, parse_article_label

from .models import Article, ArticleKind, Law, LawAlias, LawVersion
from .source import clean_name
from .structure import Item, Paragraph, find_item, paragraphs

__all__ = [
    "ArticleHit",
    "LookupProblem",
    "Outline",
    "article_fragment",
    "article_in_version",
    "article_url",
    "find_article",
    "find_law",
    "law_for_page",
    "parse_lookup",
    "search_laws",
    "version_for_page",
    "version_on",
    "version_outline",
]

#: Longest law name or article label we try to read (longer input is refused, not searched).
MAX_LAW_NAME = 200
MAX_LABEL = 60
_SPACES = re.compile(r"\s+")
_NATIONAL_PREFIX = "中华人民共和国"


class LookupProblem(Exception):
    """Why a lookup found nothing. ``code``: unknown_law, bad_label, no_version, no_such_article."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class ArticleHit:
    """An article found by :func:`find_article`, narrowed to a paragraph (款) or item (项) if asked.

    ``paragraph``/``item`` are None when none was asked for or the text has no such part; the
    ``notes`` then say what was missing (and when the version is not the one in force on the day).
    """

    law: Law
    version: LawVersion
    article: Article
    ref: ArticleRef | None
    paragraph: Paragraph | None = None
    item: Item | None = None
    notes: tuple[str, ...] = ()
    missing: str = ""  # "", "paragraph" or "item": what was asked for and not found

    @property
    def label(self) -> str:
        """The label of what was found, e.g. 第六十七条第三款 (the article's own when not narrowed)."""
        if self.ref is None or self.article.kind != ArticleKind.ARTICLE:
            return self.article.label
        return ArticleRef(
            self.article.number,
            self.article.suffix,
            self.paragraph.number if self.paragraph else None,
            self.item.number if self.item else None,
        ).label

    @property
    def text(self) -> str:
        """The item's, the paragraph's (with its items) or the whole article's text."""
        if self.item is not None:
            return self.item.text
        if self.paragraph is not None:
            return "\n".join([self.paragraph.text, *(i.text for i in self.paragraph.items)]).strip()
        return self.article.text

    @property
    def url(self) -> str:
        return article_url(self.article, self.version, self.paragraph, self.item)


def _clean(text: str) -> str:
    return _SPACES.sub("", text or "")


def find_law(name_or_alias: str) -> Law | None:
    """The law a name stands for: full name, short name (刑法), alias (民诉法), with or without 《》."""
    cleaned = clean_name(name_or_alias)
    if not cleaned or len(cleaned) > MAX_LAW_NAME:
        return None
    candidates = list(dict.fromkeys([cleaned, normalise_law_name(cleaned), _NATIONAL_PREFIX + cleaned]))
    laws = {law.name: law for law in Law.objects.filter(name__in=candidates)}
    for candidate in candidates:
        if candidate in laws:
            return laws[candidate]
    alias = LawAlias.objects.select_related("law").filter(alias=cleaned).first()
    if alias is not None:
        return alias.law
    return Law.objects.filter(short_name=cleaned).order_by("pk").first()


def version_on(
    law: Law, day: date | None = None, *, versions: list[LawVersion] | None = None
) -> tuple[LawVersion | None, str]:
    """The version of ``law`` in force on ``day`` (default today), and a note when there is none.

    When the knowledge base holds no text for that day, the nearest one is returned with a note:
    the earliest version for a day before it, else the current one. ``versions`` (the law's
    versions ordered by valid-from and version date) saves the query when the caller has them.
    """
    day = day or timezone.localdate()
    if versions is None:
        versions = list(law.versions.order_by("valid_from", "version_date"))
    if not versions:
        return None, ""
    in_force = [v for v in versions if v.applies_on(day)]
    if in_force:
        return in_force[-1], ""
    first = versions[0]
    if first.valid_from and day < first.valid_from:
        return first, _(
            "The knowledge base holds no text of this law in force on %(day)s; shown is the earliest "
            "version it has, in force from %(start)s."
        ) % {"day": day.isoformat(), "start": first.valid_from.isoformat()}
    current = next((v for v in versions if v.is_current), versions[-1])
    return current, _(
        "No version of this law is recorded as in force on %(day)s; shown is the current one."
    ) % {"day": day.isoformat()}


def _parse_label(label_or_number: str) -> ArticleRef:
    text = _clean(label_or_number)
    if not text:
        raise LookupProblem("bad_label", _("Give an article, e.g. 第二百六十四条 or 264."), "article")
    if len(text) > MAX_LABEL:
        raise LookupProblem("bad_label", _("The article label is too long."), "article")
    ref = parse_article_label(text)
    if ref is None:
        raise LookupProblem(
            "bad_label",
            _(
                "“%(label)s” is not an article label. Write it as 第二百六十四条, 264, 第一百三十三条之一 "
                "or 第六十七条第三款."
            )
            % {"label": text},
            "article",
        )
    return ref


def _narrow(article: Article, ref: ArticleRef) -> tuple[Paragraph | None, Item | None, list[str], str]:
    """The paragraph and item of ``article`` that ``ref`` names, with notes on what is missing."""
    if ref.paragraph is None and ref.item is None:
        return None, None, [], ""
    parts = paragraphs(article.text)
    paragraph = None
    if ref.paragraph is not None:
        paragraph = next((p for p in parts if p.number == ref.paragraph), None)
        if paragraph is None:
            note = _(
                "%(article)s has %(count)s paragraph(s); there is no paragraph %(n)s (第%(label)s款)."
            ) % {
                "article": article.label,
                "count": len(parts),
                "n": ref.paragraph,
                "label": ArticleRef(ref.paragraph).label[1:-1],
            }
            return None, None, [note], "paragraph"
    if ref.item is None:
        return paragraph, None, [], ""
    found = find_item(parts, ref.item, ref.paragraph)
    if found is None:
        note = _("%(article)s has no item %(n)s (第（%(label)s）项) there.") % {
            "article": article.label,
            "n": ref.item,
            "label": ArticleRef(ref.item).label[1:-1],
        }
        return paragraph, None, [note], "item"
    number, item = found
    return next(p for p in parts if p.number == number), item, [], ""


def article_in_version(version: LawVersion, label_or_number: str) -> ArticleHit:
    """The article ``label_or_number`` names in ``version`` (narrowed to a 款 or 项 if it says so).

    Raises :class:`LookupProblem` (``bad_label`` or ``no_such_article``).
    """
    law = version.law
    text = _clean(label_or_number)
    article = None
    ref: ArticleRef | None = None
    if text and len(text) <= MAX_LABEL:
        # Labels of amendment items (条目三) and unnumbered texts (全文) are looked up as written.
        article = version.articles.exclude(kind=ArticleKind.ARTICLE).filter(label=text).first()
    if article is None:
        ref = _parse_label(text)
        article = version.articles.filter(
            kind=ArticleKind.ARTICLE, number=ref.number, suffix=ref.suffix
        ).first()
        if article is None:
            raise LookupProblem(
                "no_such_article",
                _("%(law)s (version of %(day)s) has no %(article)s.")
                % {
                    "law": law.name,
                    "day": version.version_date.isoformat(),
                    "article": ArticleRef(ref.number, ref.suffix).label,
                },
                "article",
            )
    article.version = version
    paragraph = item = None
    notes: list[str] = []
    missing = ""
    if ref is not None:
        paragraph, item, notes, missing = _narrow(article, ref)
    return ArticleHit(law, version, article, ref, paragraph, item, tuple(notes), missing)


def find_article(law_name_or_alias: str | Law, label_or_number: str, on: date | None = None) -> ArticleHit:
    """Find an article: ``find_article("刑法", "第二百六十四条")``, ``("刑法", "264")``,
    ``("刑法", "第一百三十三条之一")``, ``("刑法", "第六十七条第三款")``,
    ``("刑法", "第二百六十三条第（四）项")``.

    The version is the one in force on ``on`` (default today). A 款 or 项 the text does not have
    leaves ``paragraph``/``item`` empty and says so in ``notes``. Raises :class:`LookupProblem`
    for an unknown law (``unknown_law``), an unreadable label (``bad_label``), a law without text
    (``no_version``) or an article the version does not have (``no_such_article``).
    """
    law = law_name_or_alias if isinstance(law_name_or_alias, Law) else find_law(law_name_or_alias)
    if law is None:
        raise LookupProblem(
            "unknown_law",
            _("No law called “%(name)s” in the knowledge base.")
            % {"name": _clean(str(law_name_or_alias))[:60]},
            "law",
        )
    version, version_note = version_on(law, on)
    if version is None:
        raise LookupProblem(
            "no_version", _("The knowledge base holds no text of %(law)s.") % {"law": law.name}
        )
    version.law = law
    hit = article_in_version(version, label_or_number)
    if version_note:
        hit = replace(hit, notes=(version_note, *hit.notes))
    return hit


_LOOKUP_SPLIT = re.compile(r"[\s:：,，]+")


def parse_lookup(text: str) -> tuple[Law, str | None]:
    """Read the lookup box: "刑法 264", "《刑法》第二百六十四条", "刑法第264条之一", or just "民法典".

    Returns the law and the article part (None when only a law was given). Raises
    :class:`LookupProblem` when no law can be read from the text.
    """
    cleaned = _LOOKUP_SPLIT.sub(" ", (text or "").strip())
    if not cleaned:
        raise LookupProblem("empty", _("Type a law and an article, e.g. 刑法 264."), "q")
    if len(cleaned) > MAX_LAW_NAME + MAX_LABEL:
        raise LookupProblem("too_long", _("That is too long for a law and an article."), "q")
    compact = cleaned.replace(" ", "")
    law = find_law(compact)
    if law is not None:
        return law, None
    # The article part is a tail that parses as a label; the longest such tail whose head is a law.
    for cut in range(1, len(compact)):
        head, tail = compact[:cut], compact[cut:]
        if parse_article_label(tail) is None:
            continue
        law = find_law(head)
        if law is not None:
            return law, tail
    raise LookupProblem(
        "unknown_law",
        _("No law in the knowledge base matches “%(text)s”. Try its short name, e.g. 刑法 or 民法典.")
        % {"text": cleaned[:60]},
        "q",
    )


# --- pages --------------------------------------------------------------------------------------


def search_laws(query: str = "", doc_type: str = "", status: str = "") -> QuerySet[Law]:
    """Laws for the list page and the API, with their current version (``current_versions``).

    A law the query names exactly — full name, name without 中华人民共和国, short name or alias —
    comes first (刑法 → 中华人民共和国刑法 before its amendments); then by type and name."""
    current = LawVersion.objects.filter(is_current=True).annotate(article_count=Count("articles"))
    laws = Law.objects.all()
    order: tuple[str, ...] = ("doc_type", "name")
    if query:
        term = clean_name(query)[:MAX_LAW_NAME] or query.strip()[:MAX_LAW_NAME]
        laws = laws.search(term)
        names = list(dict.fromkeys([term, normalise_law_name(term), _NATIONAL_PREFIX + term]))
        laws = laws.annotate(
            named=Case(
                When(Q(name__in=names) | Q(short_name=term), then=Value(0)),
                When(Exists(LawAlias.objects.filter(law=OuterRef("pk"), alias=term)), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order = ("named", *order)
    if doc_type:
        laws = laws.filter(doc_type=doc_type)
    if status:
        laws = laws.with_status(status)
    return laws.prefetch_related(Prefetch("versions", queryset=current, to_attr="current_versions")).order_by(
        *order
    )


def law_for_page(law_id: int) -> Law | None:
    """A law with its versions (newest first) and aliases."""
    return (
        Law.objects.prefetch_related(
            Prefetch(
                "versions",
                queryset=LawVersion.objects.annotate(article_count=Count("articles")).order_by(
                    "-version_date"
                ),
                to_attr="all_versions",
            ),
            "aliases",
        )
        .filter(pk=law_id)
        .first()
    )


def version_for_page(law: Law, version_id: int | None) -> LawVersion | None:
    """The version asked for (``?version=``), else the current one, else the newest."""
    versions: list[LawVersion] = getattr(law, "all_versions", None) or list(
        law.versions.order_by("-version_date")
    )
    if version_id is not None:
        return next((v for v in versions if v.pk == version_id), None)
    return next((v for v in versions if v.is_current), versions[0] if versions else None)


@dataclass
class Heading:
    level: int  # 2 chapter, 3 section
    title: str
    anchor: str
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """One article on its law's page, after the chapter/section heading that starts there (if any)."""

    chapter: Heading | None
    section: Heading | None
    article: Article
    url: str


@dataclass
class Outline:
    """A version's text for its page: the table of contents and the articles with their headings."""

    toc: list[Heading]
    blocks: list[Block]


def version_outline(version: LawVersion) -> Outline:
    """Chapters and sections of a version, in text order.

    Headings are taken from consecutive runs of articles: the source has no 编 (part) level, so
    第一章 appears once in each part of the Criminal Law and the Civil Code — a run, not a name,
    is one chapter.
    """
    toc: list[Heading] = []
    blocks: list[Block] = []
    chapter: Heading | None = None
    previous: tuple[str, str] | None = None
    sections = 0
    for article in version.articles.order_by("ordering"):
        new_chapter = new_section = None
        if previous is None or article.chapter != previous[0]:
            chapter = None
            if article.chapter:
                chapter = new_chapter = Heading(2, article.chapter, f"ch-{len(toc) + 1}")
                toc.append(chapter)
            previous = (article.chapter, "")
        if article.section and article.section != previous[1]:
            sections += 1
            new_section = Heading(3, article.section, f"sec-{sections}")
            (chapter.children if chapter is not None else toc).append(new_section)
        previous = (article.chapter, article.section)
        blocks.append(Block(new_chapter, new_section, article, article_url(article, version)))
    return Outline(toc, blocks)


def article_url(
    article: Article,
    version: LawVersion | None = None,
    paragraph: Paragraph | None = None,
    item: Item | None = None,
) -> str:
    """The statute browser's page of ``article``; the version is named unless it is the current one;
    a paragraph or item becomes the fragment (#para-3, #para-1-item-4)."""
    version = version or article.version
    url = reverse("laws:article", args=[version.law_id, article.label])
    if not version.is_current:
        url += "?" + urlencode({"version": version.pk})
    return url + article_fragment(paragraph, item)


def article_fragment(paragraph: Paragraph | None = None, item: Item | None = None) -> str:
    """The fragment of a paragraph (#para-3) or item (#para-1-item-4) on an article's page."""
    if item is not None and paragraph is not None:
        return f"#para-{paragraph.number}-item-{item.number}"
    if paragraph is not None:
        return f"#para-{paragraph.number}"
    return ""
