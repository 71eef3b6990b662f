"""Values produced by the citation engine: citations found in text and the result of checking them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from xiezhi.nlp.citations.numerals import ArticleRef

__all__ = [
    "NEUTRAL_STATUSES",
    "ArticleInfo",
    "ArticleRef",
    "CheckStatus",
    "CheckedCitation",
    "Citation",
    "LawInfo",
]


@dataclass(frozen=True, slots=True)
class Citation:
    """One statute article cited in a text.

    ``start``/``end`` delimit the article part in the input (``text == input[start:end]``), e.g.
    ``第六十七条第三款``. For an article continuing a list, only its own words are covered (``第三款`` in
    ``第六十七条第一款、第三款`` is ``ArticleRef(67, paragraph=3)``); for the articles strictly inside a
    range (第五十三条 in 第五十二条至第五十四条) the whole range is covered.

    ``law`` is the normalised full name (see :func:`~xiezhi.nlp.citations.normalise_law_name`).
    ``law_text`` is the law name as written where it was named, book-title marks included
    (``《刑法》``), also for inherited citations. ``law_start``/``law_end`` delimit that name in the input
    when it is written directly before this article, and are ``None`` when the law is ``inherited``: from
    the preceding article of a list or range, from an earlier citation in the same sentence, or through
    本法/该法/同法. ``from_range`` marks every article produced by expanding a range, its ends included.
    ``long_range`` marks both ends of a range too long to be a real list of articles (more than
    :data:`~xiezhi.nlp.citations.finder.MAX_RANGE_ARTICLES`): the articles between are not expanded, and
    the checker flags the ends as a suspicious range.
    """

    law: str | None
    law_text: str | None
    article: ArticleRef
    start: int
    end: int
    law_start: int | None
    law_end: int | None
    inherited: bool
    from_range: bool
    text: str
    long_range: bool = False


@dataclass(frozen=True, slots=True)
class LawInfo:
    """What a statute source knows about one law (or judicial interpretation).

    ``effective_from`` is the day the law first took effect, when known (``None``: not known);
    ``repealed_on`` the day it stopped applying. ``text_from`` is the first day of the earliest text the
    source holds (``None``: the source's text stands for the law's whole life): for a day before it the
    source cannot tell what the law said then — the checker reports such citations as unverified rather
    than right or wrong, unless ``effective_from`` shows the law had not yet taken effect.
    ``repealed`` is true when the source says the law is no longer in force even though it does not know
    since when (then ``repealed_on`` is ``None``). ``articles_known`` is false when the source knows the
    law but not its text (a repealed law kept only by name and dates), so its article numbers cannot be
    checked.
    """

    name: str
    effective_from: date | None = None
    repealed_on: date | None = None
    repealed: bool = False
    articles_known: bool = True
    text_from: date | None = None


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """One article as a statute source holds it.

    ``text`` is the article body, one paragraph (款) per line as statute databases and the official layout
    write it; lines opening with an item marker such as （一） are items (项) of the paragraph above.
    Dates work as in :class:`LawInfo` and narrow the law's own dates for articles added or removed by an
    amendment; ``None`` means "as the law".
    """

    law: str
    number: int
    suffix: int
    text: str
    effective_from: date | None = None
    repealed_on: date | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The article's paragraphs (款), each with its items (项) on the following lines."""
        groups: list[list[str]] = []
        for raw in self.text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if groups and _ITEM_LINE.match(line):
                groups[-1].append(line)
            else:
                groups.append([line])
        return tuple("\n".join(group) for group in groups)

    def item_count(self, paragraph: int = 1) -> int:
        """How many items (项) paragraph ``paragraph`` (1-based) lists; 0 if none or no such paragraph."""
        paragraphs = self.paragraphs
        if not 1 <= paragraph <= len(paragraphs):
            return 0
        return sum(1 for line in paragraphs[paragraph - 1].splitlines() if _ITEM_LINE.match(line))


# Items are numbered （一）（二）… in statutes; some sources use half-width brackets or Arabic digits.
_ITEM_LINE = re.compile(r"^[（(][一二三四五六七八九十0-9０-９]+[)）]")


class CheckStatus(StrEnum):
    """Outcome of checking one citation against a statute source.

    ``unverified`` (无法核对当日版本) and ``not_in_source`` (法规库未收录, a judicial interpretation or
    other normative document the source does not hold) are neutral: the citation may well be right,
    the source just cannot tell — they are not flagged as errors. ``suspicious_range`` marks the ends
    of a range too long to be real (第一条至第三百条), which is not expanded.
    """

    OK = "ok"
    UNKNOWN_LAW = "unknown_law"
    NO_SUCH_ARTICLE = "no_such_article"
    NO_SUCH_PARAGRAPH = "no_such_paragraph"
    NO_SUCH_ITEM = "no_such_item"
    NOT_IN_FORCE = "not_in_force"
    SUSPICIOUS_RANGE = "suspicious_range"
    UNVERIFIED = "unverified"
    NOT_IN_SOURCE = "not_in_source"


#: Statuses that are neither right nor wrong: shown as information, never flagged.
NEUTRAL_STATUSES = frozenset({CheckStatus.UNVERIFIED, CheckStatus.NOT_IN_SOURCE})


@dataclass(frozen=True, slots=True)
class CheckedCitation:
    """A citation with the verdict of the statute source, explained in English and Chinese."""

    citation: Citation
    status: CheckStatus
    message: str
    message_zh: str
    article_text: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is CheckStatus.OK

    @property
    def neutral(self) -> bool:
        """Neither confirmed nor wrong: the source cannot tell (see :data:`NEUTRAL_STATUSES`)."""
        return self.status in NEUTRAL_STATUSES

    @property
    def flagged(self) -> bool:
        """Wrong or suspicious: to be shown as an error."""
        return not self.ok and not self.neutral
