"""Find statute citations in Chinese legal text.

The finder walks the text once, looking at two kinds of token: book titles (《…》) and article
references (第…条, 第…款, 第（…）项, compact ranges 第五十二至五十四条). What lies *between* two tokens
decides how they relate: nothing (or whitespace) between a law name and an article attributes the article
to it; a list separator (、 ， 和 及 以及 …) continues a list; 至/到 makes a range; 。！？ or a blank line
ends the sentence. Law names written without book-title marks (根据刑法第六十七条) are recognised by
looking back from an article for a known name in the alias table, and 本法/该法/同法 refer to the last law
named anywhere before.

Which law does a bare 第X条 belong to? Judgments cite contract clauses the same way (《借款合同》第五条,
合同第五条约定), so a bare article is attributed only when the context says so: it continues a list or
range of a law's articles, or an earlier citation in the same sentence named a law. Otherwise it is *not*
a statute citation and :func:`find_citations` leaves it out (``include_unattributed=True`` returns it with
``law=None`` for callers that want to see it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache

from xiezhi.nlp.citations.aliases import LAW_ALIASES, clean_law_name, known_law_names, normalise_law_name
from xiezhi.nlp.citations.numerals import NUMERAL_CHARS, ArticleRef, chinese_to_int, parse_article_label
from xiezhi.nlp.citations.types import Citation

__all__ = ["MAX_RANGE_ARTICLES", "find_citations"]

# A numeral may be broken by whitespace when the text comes from a PDF or a scanned page.
_NUM = rf"[{NUMERAL_CHARS}](?:\s*[{NUMERAL_CHARS}])*"
_ITEM = rf"(?:第\s*[（(]\s*{_NUM}\s*[)）]\s*项?|[（(]\s*{_NUM}\s*[)）]\s*项|第\s*{_NUM}\s*项)"
_PARA = rf"第\s*{_NUM}\s*款"
_TOKEN_RE = re.compile(
    rf"""
      # A title may be broken by a line break when extracted from a PDF; the length bound keeps a stray
      # unmatched 《 from swallowing a page.
      (?P<book>《(?:[^《》]|《[^《》]*》){{1,150}}》)
    | (?P<crange>第\s*{_NUM}\s*[至到]\s*第?\s*{_NUM}\s*条)
    # After 至/到 the second end of a range may drop its 第: 第五十二条至五十四条.
    | (?P<art>(?:第|(?<=[至到]))\s*{_NUM}\s*条(?:\s*之\s*{_NUM})?(?:\s*{_PARA})?(?:\s*{_ITEM})?)
    | (?P<para>{_PARA}(?:\s*{_ITEM})?)
    | (?P<item>{_ITEM})
    """,
    re.VERBOSE,
)
_CRANGE_RE = re.compile(rf"第({_NUM})[至到]第?({_NUM})条")
_PARA_RE = re.compile(rf"第({_NUM})款(?:第?[（(]?({_NUM})[)）]?项?)?")
_ITEM_RE = re.compile(rf"第?[（(]?({_NUM})[)）]?项?")
_SPACES = re.compile(r"\s+")

# Book titles that name a statute or a judicial interpretation (the rest are contracts, pleadings, …).
_LAW_TITLE_RE = re.compile(
    r"(?:法|法典|通则|总则|条例|规定|解释|决定|办法|规则|细则|意见|批复|答复|纪要|通知|修正案|公约)"
    r"(?:（[^（）]*）)*$"
)
_EDITION_GAP_RE = re.compile(r"^(?:[（(]\d{4}年?(?:修正|修订|修改)(?:本|文本)?[)）])?的?$")
_LIST_GAP_RE = re.compile(r"^(?:[、，,；;]?(?:和|及|以及|与|或者|或|并)?)$")
_RANGE_GAP_RE = re.compile(r"^(?:至|到|—+|－|-|~|～)$")
_SENTENCE_END_RE = re.compile(r"[。！？!?]|\n[ \t\u3000]*\n")
_ANAPHOR_RE = re.compile(r"(?:本|该|同|上述|前述)(?:法律|法典|法|解释|规定|条例|办法|决定)$")
# What makes a bare 第X条 a clause of a contract rather than of a statute.
_CONTRACT_BEFORE_RE = re.compile(r"(?:合同|协议|章程|契约|合约|协定|约定|条款|须知|判决|裁定|决定书)$")
_CONTRACT_AFTER_RE = re.compile(r"^\s*(?:的|之|所)?约定")
# A name ending right before an article that is none we know: an unidentified law; never guess its name.
_UNKNOWN_LAW_BEFORE_RE = re.compile(r"(?:法|法典|通则|条例|规定|解释|办法|细则|决定|意见)$")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "《", "〉": "》"})
#: The longest range expanded into its articles (ends included). A longer "range" (第一条至第三百条) is a
#: misreading or an attempt to make the checker do needless work: only its ends are returned, marked
#: ``long_range``.
MAX_RANGE_ARTICLES = 50


class _Gap(Enum):
    ADJACENT = "adjacent"
    LIST = "list"
    RANGE = "range"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class _LawSource:
    """A law as named in the text: the citations it governs point back here."""

    law: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class _State:
    pending: _LawSource | None = None  # the book title token just before, if any
    pending_contract: bool = False  # the token just before was a non-statute book title
    sentence_law: _LawSource | None = None  # law of the last attributed citation in this sentence
    document_law: _LawSource | None = None  # last law named anywhere, for 本法/该法/同法
    prev_ref: ArticleRef | None = None  # the article token just before, for lists and ranges
    prev_law: _LawSource | None = None
    prev_count: int = 0  # how many citations the previous article token produced


@cache
def _plain_names() -> tuple[frozenset[str], int]:
    """Law names recognised without book-title marks: every alias and every full name."""
    names = {name.translate(_BRACKETS) for name in LAW_ALIASES}
    names |= {name.translate(_BRACKETS) for name in known_law_names()}
    return frozenset(names), max(len(name) for name in names)


def _plain_law_before(text: str, gap_start: int, end: int) -> _LawSource | None:
    """A known law name written without 《》 that ends at ``end`` (after dropping 的 and whitespace)."""
    names, longest = _plain_names()
    stop = end
    while stop > gap_start and (text[stop - 1].isspace() or text[stop - 1] == "的"):
        stop -= 1
    # Longest name first, so that 劳动合同法 wins over 合同法 and 中华人民共和国刑法 over 刑法.
    for length in range(min(longest, stop - gap_start), 1, -1):
        candidate = text[stop - length : stop]
        if candidate.translate(_BRACKETS) in names:
            return _LawSource(normalise_law_name(candidate), candidate, stop - length, stop)
    return None


def _is_law_title(title: str) -> bool:
    name = clean_law_name(title)
    return name in LAW_ALIASES or name in known_law_names() or bool(_LAW_TITLE_RE.search(name))


def _classify_gap(gap: str) -> _Gap:
    compact = _SPACES.sub("", gap)
    if not compact:
        return _Gap.ADJACENT
    if _RANGE_GAP_RE.match(compact):
        return _Gap.RANGE
    if _LIST_GAP_RE.match(compact):
        return _Gap.LIST
    return _Gap.OTHER


def _num(raw: str) -> int | None:
    value = chinese_to_int(_SPACES.sub("", raw))
    return value or None


def _parse_element(kind: str, raw: str, base: ArticleRef | None) -> list[ArticleRef]:
    """The article(s) one token refers to; ``base`` supplies the article for 第X款 and 第（X）项."""
    compact = _SPACES.sub("", raw)
    if kind == "art":
        ref = parse_article_label(compact)
        return [ref] if ref else []
    if kind == "crange":
        match = _CRANGE_RE.fullmatch(compact)
        first, last = (_num(match[1]), _num(match[2])) if match else (None, None)
        if first is None or last is None:
            return []
        return _expand(ArticleRef(first), ArticleRef(last))
    if base is None:
        return []
    if kind == "para":
        match = _PARA_RE.fullmatch(compact)
        if match is None or (paragraph := _num(match[1])) is None:
            return []
        item = _num(match[2]) if match[2] else None
        return [ArticleRef(base.number, base.suffix, paragraph, item)]
    match = _ITEM_RE.fullmatch(compact)
    if match is None or (item := _num(match[1])) is None:
        return []
    return [ArticleRef(base.number, base.suffix, base.paragraph, item)]


def _range_levels(first: ArticleRef, last: ArticleRef) -> tuple[int, int] | None:
    """The first and last number at the finest level where the ends of a range differ."""
    if first.number != last.number:
        return first.number, last.number
    if first.suffix != last.suffix:
        return first.suffix, last.suffix
    if first.paragraph is not None and last.paragraph is not None and first.paragraph != last.paragraph:
        return first.paragraph, last.paragraph
    if first.item is not None and last.item is not None:
        return first.item, last.item
    return None


def _too_long(first: ArticleRef, last: ArticleRef) -> bool:
    """Whether a range spans more than :data:`MAX_RANGE_ARTICLES` (or runs backwards by more)."""
    levels = _range_levels(first, last)
    return levels is not None and abs(levels[1] - levels[0]) + 1 > MAX_RANGE_ARTICLES


def _expand(first: ArticleRef, last: ArticleRef) -> list[ArticleRef]:
    """Both ends of a range and everything strictly between them, at the finest level that differs.

    A range longer than :data:`MAX_RANGE_ARTICLES` is not expanded (only its ends); nothing is built
    before the length is checked, so 第一条之一至第一条之九亿 costs nothing."""
    if _too_long(first, last):
        return [first, last]
    middle: list[ArticleRef] = []
    if first.number != last.number:
        middle = [ArticleRef(n) for n in range(first.number + 1, last.number)]
    elif first.suffix != last.suffix:
        middle = [ArticleRef(first.number, s) for s in range(first.suffix + 1, last.suffix)]
    elif first.paragraph is not None and last.paragraph is not None and first.paragraph != last.paragraph:
        middle = [
            ArticleRef(first.number, first.suffix, p) for p in range(first.paragraph + 1, last.paragraph)
        ]
    elif first.item is not None and last.item is not None:
        middle = [
            ArticleRef(first.number, first.suffix, first.paragraph, item)
            for item in range(first.item + 1, last.item)
        ]
    return [first, *middle, last]


def _looks_contractual(text: str, start: int, end: int) -> bool:
    before = _SPACES.sub("", text[max(0, start - 8) : start])
    return bool(_CONTRACT_BEFORE_RE.search(before) or _CONTRACT_AFTER_RE.match(text[end : end + 6]))


def find_citations(
    text: str, *, include_unattributed: bool = False, limit: int | None = None
) -> list[Citation]:
    """Every statute article cited in ``text``, in order of appearance.

    Understands 《中华人民共和国刑法》第二百六十四条、第六十七条第三款; 《刑法》第264条; short and bare law
    names (根据刑法第六十七条第三款, 民诉法第一百四十二条); 之一 articles, 款 and 项; lists joined by 、 ，
    和 及 以及; ranges (第五十二条至第五十四条, 第五十二至五十四条), expanded into each article and marked
    ``from_range``; 本法/该法/同法 and articles continuing a list or sentence, marked ``inherited``.
    Full-width punctuation, full-width digits and stray spaces or line breaks inside a citation are
    tolerated; offsets always index the original ``text``.

    A bare 第X条 with no law in its sentence to inherit, or one that reads as a contract clause
    (合同第五条, 《借款合同》第五条, 第五条约定), is left out; with ``include_unattributed=True`` it is
    returned with ``law=None`` and ``law_text=None``.

    A range of more than :data:`MAX_RANGE_ARTICLES` is not expanded: its two ends come back marked
    ``long_range``. With ``limit``, finding stops once that many citations are found (the first ones
    are returned), so the work is bounded whatever the text.
    """
    found: list[Citation] = []
    counted = 0  # citations found that will be returned
    state = _State()
    cursor = 0
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or ""
        gap = text[cursor : match.start()]
        gap_start = cursor
        cursor = match.end()
        if _SENTENCE_END_RE.search(gap):
            state.sentence_law = None
            state.prev_ref = state.prev_law = None
            state.pending, state.pending_contract = None, False

        if kind == "book":
            state.prev_ref = state.prev_law = None
            state.pending, state.pending_contract = None, False
            if _is_law_title(match["book"]):
                source = _LawSource(normalise_law_name(match["book"]), match["book"], *match.span())
                state.pending = state.document_law = source
            else:
                state.pending_contract = True
            continue

        start = match.start() + len(match[0]) - len(match[0].lstrip())
        end = match.end()
        pending, pending_contract = state.pending, state.pending_contract
        state.pending, state.pending_contract = None, False
        gap_kind = _classify_gap(gap)

        # Decide, in order of strength, where this article's law comes from.
        law: _LawSource | None = None
        inherited = True
        base: ArticleRef | None = None
        article_kinds = ("art", "crange")
        compact_gap = _SPACES.sub("", gap)
        if kind == "art" and not match[0].lstrip().startswith("第"):
            # 五十四条 without 第 is the far end of a range (第五十二条至五十四条) or a count (增至300条).
            if gap_kind is not _Gap.RANGE or state.prev_ref is None:
                continue
        if pending is not None and _EDITION_GAP_RE.match(compact_gap):
            law, inherited = pending, False
        elif pending_contract and gap_kind is _Gap.ADJACENT:
            law = None
        elif kind in article_kinds and (named := _plain_law_before(text, gap_start, match.start())):
            law, inherited = named, False
            state.document_law = named
        elif kind in article_kinds and _ANAPHOR_RE.search(compact_gap):
            law = state.document_law
        elif kind == "para" and compact_gap.endswith("同条") and state.prev_ref is not None:
            # 第六十七条第一款……同条第三款: the paragraph belongs to the article cited just before.
            law, base = state.prev_law, ArticleRef(state.prev_ref.number, state.prev_ref.suffix)
        elif state.prev_ref is not None and gap_kind is not _Gap.OTHER:
            # Continuing a list or range: same law, and 第X款 / 第（X）项 refine the previous article.
            law, base = state.prev_law, state.prev_ref
            if kind in article_kinds and _CONTRACT_AFTER_RE.match(text[end : end + 6]):
                law = None
        elif kind not in article_kinds:
            continue  # a lone 第三款 or （二）项 is not a reference to any statute
        elif _looks_contractual(text, start, end) or _UNKNOWN_LAW_BEFORE_RE.search(compact_gap):
            law = None
        else:
            law = state.sentence_law

        refs = _parse_element(kind, match[0], base)
        if not refs:
            state.prev_ref = state.prev_law = None
            continue

        from_range = kind == "crange"
        long_range = kind == "crange" and len(refs) == 2 and _too_long(refs[0], refs[1])
        returned = law is not None or include_unattributed
        if gap_kind is _Gap.RANGE and state.prev_ref is not None and kind != "crange" and state.prev_count:
            # 第五十二条至第五十四条: mark the first end, add what lies between, then the last end.
            first = found[-1]
            long_range = _too_long(first.article, refs[0])
            found[-1] = replace(first, from_range=True, long_range=long_range)
            between = _expand(first.article, refs[0])[1:-1]
            for ref in between:
                found.append(_citation(text, law, ref, first.start, end, inherited, from_range=True))
            counted += len(between) if returned else 0
            from_range = True

        for ref in refs:
            found.append(
                _citation(text, law, ref, start, end, inherited, from_range=from_range, long_range=long_range)
            )
        counted += len(refs) if returned else 0
        state.prev_ref, state.prev_law, state.prev_count = refs[-1], law, len(refs)
        if law is not None:
            state.sentence_law = law
            state.document_law = law
        if limit is not None and counted >= limit:
            break
    if not include_unattributed:
        found = [citation for citation in found if citation.law is not None]
    return found if limit is None else found[:limit]


def _citation(
    text: str,
    law: _LawSource | None,
    ref: ArticleRef,
    start: int,
    end: int,
    inherited: bool,
    *,
    from_range: bool,
    long_range: bool = False,
) -> Citation:
    return Citation(
        law=law.law if law else None,
        law_text=law.text if law else None,
        article=ref,
        start=start,
        end=end,
        law_start=None if law is None or inherited else law.start,
        law_end=None if law is None or inherited else law.end,
        inherited=law is not None and inherited,
        from_range=from_range,
        text=text[start:end],
        long_range=long_range,
    )
