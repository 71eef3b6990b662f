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
from xiezhi.nlp.citations.history import first_effective_day
from xiezhi.nlp.citations.resolve import repealed_laws

from . import selectors
from .models import Article, ArticleKind, DocType, Law, LawVersion, VersionStatus
from .structure import Item, Paragraph, find_item, paragraphs

__all__ = [
    "MAX_CHECKED_CITATIONS",
    "STATUS_LABELS",
    "CheckResult",
    "LinkedCitation",
    "OrmStatuteLookup",
    "Segment",
    "check_text",
]

#: The engine's statuses (xiezhi.nlp.citations.CheckStatus values) as shown on the page.
STATUS_LABELS = {
    "ok": gettext_lazy("Correct"),
    "unknown_law": gettext_lazy("Unknown law"),
    "no_such_article": gettext_lazy("No such article"),
    "no_such_paragraph": gettext_lazy("No such paragraph"),
    "no_such_item": gettext_lazy("No such item"),
    "not_in_force": gettext_lazy("Not in force on the day"),
    "suspicious_range": gettext_lazy("Suspicious range"),
    "unverified": gettext_lazy("Cannot verify for the day"),
    "not_in_source": gettext_lazy("Not in the knowledge base"),
}


#: The most citations one check finds and checks; a text with more is checked up to here and the
#: result says it was truncated (a long judgment cites about a hundred).
MAX_CHECKED_CITATIONS = 2_000

#: Document types adopted once and never revised: their earliest version's start is their first day.
_ONE_SHOT = frozenset({DocType.AMENDMENT, DocType.AMENDING_DECISION, DocType.LEGISLATIVE_INTERPRETATION})


class OrmStatuteLookup:
    """The engine's :class:`~xiezhi.nlp.citations.StatuteLookup`, answered from the knowledge base.

    One instance serves one check and remembers everything it reads: a law's versions are read once
    (one query), a version's articles once (one query), so the queries of a check grow with the
    number of distinct laws cited, not with the number of citations. The version asked about is the
    one in force on the day (:func:`xiezhi.laws.selectors.version_on`); before every version we hold,
    the earliest — and then :attr:`LawInfo.text_from` tells the engine it cannot verify the text of
    that day. The law's first day in force (:attr:`LawInfo.effective_from`) is known only from the
    engine's table (:mod:`xiezhi.nlp.citations.history`) or for an amendment; a version's effective
    date in our source is that text's, not the law's. Laws repealed before our source was compiled
    (合同法, 物权法 …) are answered by name and dates from the engine's own list, without text.
    """

    def __init__(self) -> None:
        self._laws: dict[str, Law | None] = {}
        self._law_versions: dict[int, list[LawVersion]] = {}
        self._infos: dict[tuple[str, date | None], LawInfo | None] = {}
        self._version_articles: dict[int, dict[tuple[int, int], Article]] = {}
        self.articles: dict[tuple[str, int, int, date | None], Article | None] = {}
        self._repealed: dict[str, LawInfo] | None = None
        self._law_urls: dict[tuple[int, int | None], str] = {}
        self._article_urls: dict[int, str] = {}
        self._paragraphs: dict[int, list[Paragraph]] = {}

    def law_record(self, name: str) -> Law | None:
        """Our :class:`Law` for an engine name (full official name), or None."""
        if name not in self._laws:
            self._laws[name] = selectors.find_law(name)
        return self._laws[name]

    def versions(self, law: Law) -> list[LawVersion]:
        """Every version of ``law``, oldest first (read once)."""
        if law.pk not in self._law_versions:
            versions = list(law.versions.order_by("valid_from", "version_date"))
            for version in versions:
                version.law = law
            self._law_versions[law.pk] = versions
        return self._law_versions[law.pk]

    def version(self, law: Law, on: date | None) -> LawVersion | None:
        version, _note = selectors.version_on(law, on, versions=self.versions(law))
        return version

    def version_articles(self, version: LawVersion) -> dict[tuple[int, int], Article]:
        """The articles (条) of ``version`` by (number, suffix), read in one query."""
        if version.pk not in self._version_articles:
            rows = Article.objects.filter(version=version, kind=ArticleKind.ARTICLE).order_by("ordering")
            by_number: dict[tuple[int, int], Article] = {}
            for article in rows:
                article.version = version
                by_number.setdefault((article.number, article.suffix), article)
            self._version_articles[version.pk] = by_number
        return self._version_articles[version.pk]

    def _first_effective_day(self, law: Law, versions: list[LawVersion]) -> date | None:
        """The day the law first took effect, when known (see the class docstring)."""
        known = first_effective_day(law.name)
        if known is None and law.doc_type in _ONE_SHOT and versions:
            known = versions[0].valid_from or versions[0].effective_date
        return known

    def law(self, name: str, on: date | None) -> LawInfo | None:
        key = (name, on)
        if key not in self._infos:
            self._infos[key] = self._law_info(name, on)
        return self._infos[key]

    def _law_info(self, name: str, on: date | None) -> LawInfo | None:
        law = self.law_record(name)
        if law is None:
            if self._repealed is None:
                self._repealed = repealed_laws()
            return self._repealed.get(name)
        versions = self.versions(law)
        version = self.version(law, on)
        if version is None:
            return LawInfo(law.name, articles_known=False)
        earliest = versions[0]
        return LawInfo(
            law.name,
            effective_from=self._first_effective_day(law, versions),
            repealed=version.status == VersionStatus.REPEALED,
            articles_known=bool(self.version_articles(version)),
            text_from=earliest.valid_from or earliest.effective_date or earliest.version_date,
        )

    def article(self, law: str, number: int, suffix: int, on: date | None) -> ArticleInfo | None:
        key = (law, number, suffix, on)
        if key not in self.articles:
            record = self.law_record(law)
            version = self.version(record, on) if record is not None else None
            found = None
            if version is not None:
                found = self.version_articles(version).get((number, suffix))
            self.articles[key] = found
        found = self.articles[key]
        return None if found is None else ArticleInfo(law, number, suffix, found.text)

    def law_url(self, law: Law, version: LawVersion | None) -> str:
        """The statute browser's page of ``law`` (naming ``version`` unless it is the current one)."""
        key = (law.pk, version.pk if version is not None else None)
        if key not in self._law_urls:
            url = reverse("laws:detail", args=[law.pk])
            if version is not None and not version.is_current:
                url += f"?version={version.pk}"
            self._law_urls[key] = url
        return self._law_urls[key]

    def article_url(self, article: Article, paragraph: Paragraph | None, item: Item | None) -> str:
        """The page of ``article`` with the paragraph or item as the fragment (address built once)."""
        if article.pk not in self._article_urls:
            self._article_urls[article.pk] = selectors.article_url(article, article.version)
        return self._article_urls[article.pk] + selectors.article_fragment(paragraph, item)

    def paragraphs(self, article: Article) -> list[Paragraph]:
        if article.pk not in self._paragraphs:
            self._paragraphs[article.pk] = list(paragraphs(article.text))
        return self._paragraphs[article.pk]


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
    def flagged(self) -> bool:
        """Wrong or suspicious (shown as an error); neutral statuses are not flagged."""
        return self.checked.flagged

    @property
    def state(self) -> str:
        """How the page shows it: ``ok``, ``info`` (cannot be checked here) or ``bad``."""
        return "ok" if self.ok else "bad" if self.flagged else "info"

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
    def state(self) -> str:
        """``bad`` when a citation here is flagged, else ``info`` when one cannot be checked, else ``ok``."""
        states = {c.state for c in self.citations}
        return "bad" if "bad" in states else "info" if "info" in states else "ok"

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
    truncated: bool = False  # the text cites more than MAX_CHECKED_CITATIONS; only the first were checked

    @property
    def flagged(self) -> list[LinkedCitation]:
        """Citations shown as errors (neutral ones — cannot verify, not in the knowledge base — are not)."""
        return [c for c in self.citations if c.flagged]

    @property
    def limit(self) -> int:
        return MAX_CHECKED_CITATIONS


def _urls(checked: CheckedCitation, lookup: OrmStatuteLookup, on: date | None) -> LinkedCitation:
    citation = checked.citation
    law = lookup.law_record(citation.law) if citation.law else None
    if law is None:
        return LinkedCitation(checked)
    version = lookup.version(law, on)
    law_url = lookup.law_url(law, version)
    ref = citation.article
    article = lookup.articles.get((citation.law, ref.number, ref.suffix, on))
    if article is None:
        return LinkedCitation(checked, None, law_url, version.version_date if version else None)
    parts = lookup.paragraphs(article)
    paragraph = next((p for p in parts if p.number == ref.paragraph), None) if ref.paragraph else None
    item = None
    if ref.item is not None:
        found = find_item(parts, ref.item, ref.paragraph)
        if found is not None:
            paragraph = next(p for p in parts if p.number == found[0])
            item = found[1]
    url = lookup.article_url(article, paragraph, item)
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

    The work is bounded: ranges longer than the engine's limit are not expanded, at most
    :data:`MAX_CHECKED_CITATIONS` citations are checked (``truncated`` says there were more), and the
    knowledge base is read once per law and version cited, not per citation.
    """
    lookup = OrmStatuteLookup()
    checked = check_citations(text, lookup, on=on, limit=MAX_CHECKED_CITATIONS + 1)
    truncated = len(checked) > MAX_CHECKED_CITATIONS
    checked = checked[:MAX_CHECKED_CITATIONS]
    linked = [_urls(c, lookup, on) for c in checked]
    return CheckResult(on or timezone.localdate(), linked, _segments(text, linked), truncated)
