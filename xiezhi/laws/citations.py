"""Citation checking backed by the knowledge base: the ORM side of the citation engine.

The framework-free engine (:mod:`xiezhi.nlp.citations`) finds citations and decides whether each
is right, asking a :class:`~xiezhi.nlp.citations.StatuteLookup` about laws and articles. Here that
lookup answers from our tables (:class:`OrmStatuteLookup`), and :func:`check_text` adds what the
web needs: the statute browser's address of every cited article, and the text cut into pieces for
showing it back with the citations linked and the wrong ones flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from xiezhi.nlp.citations import ArticleInfo, CheckedCitation, LawInfo, check_citations
from xiezhi.nlp.citations.resolve import repealed_laws

from . import selectors
from .models import Article, ArticleKind, Law, LawVersion, VersionStatus
from .structure import find_item, paragraphs

__all__ = ["STATUS_LABELS", "CheckResult", "LinkedCitation", "OrmStatuteLookup", "Segment", "check_text"]

#: The engine's statuses (xiezhi.nlp.citations.CheckStatus values) as shown on the page.
STATUS_LABELS = {
    "ok": gettext_lazy("Correct"),
    "unknown_law": gettext_lazy("Unknown law"),
    "no_such_article": gettext_lazy("No such article"),
    "no_such_paragraph": gettext_lazy("No such paragraph"),
    "no_such_item": gettext_lazy("No such item"),
    "not_in_force": gettext_lazy("Not in force on the day"),
}


class OrmStatuteLookup:
    """The engine's :class:`~xiezhi.nlp.citations.StatuteLookup`, answered from the knowledge base.

    One instance serves one check (it caches laws, versions and articles it has read, so a judgment
    citing the same law twenty times reads it once). The version asked about is the one in force on
    the day (:func:`xiezhi.laws.selectors.version_on`); before every version we hold, the earliest.
    Laws repealed before our source was compiled (合同法, 物权法 …) are answered by name and dates
    from the engine's own list, without text.
    """

    def __init__(self) -> None:
        self._laws: dict[str, Law | None] = {}
        self._versions: dict[tuple[int, date | None], LawVersion | None] = {}
        self._first_day: dict[int, date | None] = {}
        self.articles: dict[tuple[str, int, int, date | None], Article | None] = {}
        self._repealed: dict[str, LawInfo] | None = None

    def law_record(self, name: str) -> Law | None:
        """Our :class:`Law` for an engine name (full official name), or None."""
        if name not in self._laws:
            self._laws[name] = selectors.find_law(name)
        return self._laws[name]

    def version(self, law: Law, on: date | None) -> LawVersion | None:
        key = (law.pk, on)
        if key not in self._versions:
            version, _note = selectors.version_on(law, on)
            if version is not None:
                version.law = law
            self._versions[key] = version
        return self._versions[key]

    def _first_effective_day(self, law: Law) -> date | None:
        """The day the law first took effect, as far as our versions tell."""
        if law.pk not in self._first_day:
            days = [
                d
                for row in law.versions.values_list("effective_date", "valid_from")
                for d in row
                if d is not None
            ]
            self._first_day[law.pk] = min(days) if days else None
        return self._first_day[law.pk]

    def law(self, name: str, on: date | None) -> LawInfo | None:
        law = self.law_record(name)
        if law is None:
            if self._repealed is None:
                self._repealed = repealed_laws()
            return self._repealed.get(name)
        version = self.version(law, on)
        if version is None:
            return LawInfo(law.name, articles_known=False)
        # The earliest version we hold stands for the law back to its first day in force (the source
        # gives that day as the effective date of a law amended in place); a later version applies
        # from its own day.
        earliest = (
            version.valid_from is None or not law.versions.filter(valid_from__lt=version.valid_from).exists()
        )
        effective_from = self._first_effective_day(law) if earliest else version.valid_from
        return LawInfo(
            law.name,
            effective_from=effective_from,
            repealed=version.status == VersionStatus.REPEALED,
            articles_known=version.articles.exists(),
        )

    def article(self, law: str, number: int, suffix: int, on: date | None) -> ArticleInfo | None:
        key = (law, number, suffix, on)
        if key not in self.articles:
            record = self.law_record(law)
            version = self.version(record, on) if record is not None else None
            found = None
            if version is not None:
                found = version.articles.filter(
                    kind=ArticleKind.ARTICLE, number=number, suffix=suffix
                ).first()
                if found is not None:
                    found.version = version
            self.articles[key] = found
        found = self.articles[key]
        return None if found is None else ArticleInfo(law, number, suffix, found.text)


@dataclass(frozen=True)
class LinkedCitation:
    """A checked citation with the statute browser's addresses (for linking)."""

    checked: CheckedCitation
    url: str | None = None
    law_url: str | None = None
    version_date: date | None = None

    @property
    def ok(self) -> bool:
        return self.checked.ok

    @property
    def status(self) -> str:
        return str(self.checked.status)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def message(self) -> str:
        """The engine's explanation in the page's language (Chinese or English)."""
        english = (get_language() or "").startswith("en")
        return self.checked.message if english else self.checked.message_zh

    @property
    def citation(self):  # type: ignore[no-untyped-def]
        return self.checked.citation


@dataclass(frozen=True)
class Segment:
    """A piece of the checked text: plain (no citations) or a citation's words, linked or flagged."""

    text: str
    citations: tuple[LinkedCitation, ...] = ()
    law_url: str | None = None  # a law name written here, linking to the law's page

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.citations)

    @property
    def url(self) -> str | None:
        return next((c.url for c in self.citations if c.url), None)

    @property
    def messages(self) -> str:
        return " ".join(dict.fromkeys(c.message for c in self.citations))


@dataclass(frozen=True)
class CheckResult:
    """Every citation of a text, checked, and the text in segments for showing it back."""

    on: date
    citations: list[LinkedCitation]
    segments: list[Segment] = field(default_factory=list)

    @property
    def flagged(self) -> list[LinkedCitation]:
        return [c for c in self.citations if not c.ok]


def _urls(checked: CheckedCitation, lookup: OrmStatuteLookup, on: date | None) -> LinkedCitation:
    citation = checked.citation
    law = lookup.law_record(citation.law) if citation.law else None
    if law is None:
        return LinkedCitation(checked)
    version = lookup.version(law, on)
    law_url = reverse("laws:detail", args=[law.pk])
    if version is not None and not version.is_current:
        law_url += f"?version={version.pk}"
    ref = citation.article
    article = lookup.articles.get((citation.law, ref.number, ref.suffix, on))
    if article is None:
        return LinkedCitation(checked, None, law_url, version.version_date if version else None)
    parts = paragraphs(article.text)
    paragraph = next((p for p in parts if p.number == ref.paragraph), None) if ref.paragraph else None
    item = None
    if ref.item is not None:
        found = find_item(parts, ref.item, ref.paragraph)
        if found is not None:
            paragraph = next(p for p in parts if p.number == found[0])
            item = found[1]
    url = selectors.article_url(article, article.version, paragraph, item)
    return LinkedCitation(checked, url, law_url, article.version.version_date)


def _segments(text: str, linked: list[LinkedCitation]) -> list[Segment]:
    """Cut ``text`` into plain pieces and citation pieces (law names and article words).

    Citations sharing the same words (the articles inside a range 第五十二条至第五十四条) make one
    piece; a piece overlapping an earlier one is left out of the text (it is still in the list).
    """
    spans: dict[tuple[int, int], list[LinkedCitation]] = {}
    law_spans: dict[tuple[int, int], str | None] = {}
    for item in linked:
        citation = item.citation
        spans.setdefault((citation.start, citation.end), []).append(item)
        if citation.law_start is not None and citation.law_end is not None:
            law_spans.setdefault((citation.law_start, citation.law_end), item.law_url)
    pieces: list[tuple[int, int, tuple[LinkedCitation, ...], str | None]] = [
        (start, end, tuple(items), None) for (start, end), items in spans.items()
    ]
    pieces += [(start, end, (), url) for (start, end), url in law_spans.items() if url]
    pieces.sort(key=lambda p: (p[0], -p[1]))
    segments: list[Segment] = []
    position = 0
    for start, end, items, law_url in pieces:
        if start < position or end <= start:
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], items, law_url))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def check_text(text: str, on: date | None = None) -> CheckResult:
    """Check every statute citation in ``text`` against the knowledge base, as of ``on`` (default today).

    Each citation comes with its status (ok, unknown_law, no_such_article, no_such_paragraph,
    not_in_force …), the engine's messages in English and Chinese, and the address of the cited
    article in the statute browser (``#para-N`` for a paragraph) — or of the law, when the article
    is missing.
    """
    lookup = OrmStatuteLookup()
    checked = check_citations(text, lookup, on=on)
    linked = [_urls(c, lookup, on) for c in checked]
    return CheckResult(on or timezone.localdate(), linked, _segments(text, linked))
