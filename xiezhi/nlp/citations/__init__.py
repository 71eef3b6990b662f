"""Statute citations in Chinese legal text: find them, and check them against a statute source.

Framework-free: no Django, no database of its own. Typical use::

    from xiezhi.nlp.citations import find_citations, check_citations, sqlite_lookup

    for citation in find_citations("依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款之规定"):
        print(citation.law, citation.article.label, citation.start, citation.end)

    for checked in check_citations(text, sqlite_lookup(), on=judgment_date):
        print(checked.status, checked.message_zh)

The Django app passes its own :class:`StatuteLookup` (two methods, ``law`` and ``article``) instead of
:func:`sqlite_lookup`.
"""

from xiezhi.nlp.citations.aliases import LAW_ALIASES, normalise_law_name
from xiezhi.nlp.citations.finder import find_citations
from xiezhi.nlp.citations.numerals import ArticleRef, chinese_to_int, int_to_chinese, parse_article_label
from xiezhi.nlp.citations.resolve import (
    MappingLookup,
    StatuteLookup,
    check_citation,
    check_citations,
    sqlite_lookup,
)
from xiezhi.nlp.citations.types import ArticleInfo, CheckedCitation, CheckStatus, Citation, LawInfo

__all__ = [
    "LAW_ALIASES",
    "ArticleInfo",
    "ArticleRef",
    "CheckStatus",
    "CheckedCitation",
    "Citation",
    "LawInfo",
    "MappingLookup",
    "StatuteLookup",
    "check_citation",
    "check_citations",
    "chinese_to_int",
    "find_citations",
    "int_to_chinese",
    "normalise_law_name",
    "parse_article_label",
    "sqlite_lookup",
]
