"""The search query language and its AST (backend-neutral: each backend compiles the AST).

Syntax, for users::

    盗窃 手机                 both (implicit AND)
    "信用卡 套现" / “信用卡套现”   exact phrase (ASCII, full-width or curly double quotes)
    -缓刑                     exclude (also -"…" and -(…))
    盗窃 OR 抢夺              either; OR binds tighter than AND: a OR b c = (a OR b) AND c
    盗窃 AND 手机 / NOT 缓刑    AND is what a space means; NOT x is -x (upper-case only)
    (盗窃 OR 抢夺) 手机        grouping (ASCII or full-width parentheses)
    court:浙0106 year:2024    filters on the facet fields; also kind:, cause:, case_type:,
                              procedure:, and the Chinese names 法院: 年份: 案由: 罪名: 案件类型: 程序:
                              文书类型:; a value with spaces is quoted: cause:"危险驾驶"

Everything else is text.  Characters that are syntax in Tantivy's or PostgreSQL's own query
languages (``: ^ ~ * [ ] { } + ! \\ / < > & |``) are ordinary characters here and never reach a
backend's parser: backends build their queries from the AST, and the analyzer reduces text to
letters, digits and CJK characters.  ``a:b`` with an unknown field name is text.

What a *word* (:class:`Term`) matches: documents that contain all its words (segmented), **or**
contain it as an exact substring — so 盗窃 finds 盗窃罪 even where the segmenter kept 盗窃罪 whole.
Punctuation inside a word separates words as a space does (``盗窃:罪`` = ``盗窃 罪``), so a Term is
one run of letters, digits and CJK characters.  A :class:`Phrase` matches only as an exact
substring (punctuation and spaces inside it match any punctuation/space).

Errors: :class:`QuerySyntaxError` with the 0-based ``position`` of the problem in the text as typed —
an unclosed quote or parenthesis (position of the opening one), an unmatched ``)``, ``OR`` without a
term on both sides, a filter without a value, a non-numeric year, parentheses nested more than
:data:`MAX_NESTING` (32) levels deep (position of the first one too deep).  Repeated minus signs
(``--盗窃``) cancel in pairs without recursion, so no query text can exhaust the parser's stack.
A malformed query is never run as match-all.  :class:`EmptyQueryError` (a subclass) for empty,
whitespace-only or punctuation-only text.

Long queries: the whole text (up to :data:`MAX_QUERY_CHARS`, 20,000 characters; longer raises
``QuerySyntaxError``) is parsed — parsing is linear — and then *limited*: only the first
:data:`MAX_TERMS` (32) words/phrases/filters are kept and each word or phrase is cut to its first
:data:`MAX_TERM_CHARS` (64) characters.  ``ParsedQuery.notes`` says so, in English and Chinese.
Cutting keeps recall: a document containing a long phrase contains its first 64 characters, so the
shortened query finds a superset.  (This way a judgment paragraph pasted into the box searches for
its first sentence instead of failing.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xiezhi.nlp.segment import fullwidth_to_halfwidth

from .analysis import has_searchable, query_terms
from .types import FACET_FIELDS, EmptyQueryError, QuerySyntaxError

__all__ = [
    "FIELD_ALIASES",
    "MAX_NESTING",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MAX_TERM_CHARS",
    "And",
    "FieldFilter",
    "Node",
    "Not",
    "Or",
    "ParsedQuery",
    "Phrase",
    "Term",
    "facet_key",
    "highlight_terms",
    "is_scoring",
    "parse_query",
]

MAX_QUERY_CHARS = 20_000
MAX_TERMS = 32
MAX_TERM_CHARS = 64
#: Deepest nesting of parentheses accepted; deeper is a :class:`QuerySyntaxError` (the recursive
#: parser and the backends' compilers would otherwise exhaust Python's stack).
MAX_NESTING = 32

#: Field names accepted in ``field:value`` (ASCII names are case-insensitive).
FIELD_ALIASES: dict[str, str] = {
    **{name: name for name in FACET_FIELDS},
    "type": "case_type",
    "charge": "cause",
    "法院": "court",
    "年份": "year",
    "年度": "year",
    "案件类型": "case_type",
    "案由": "cause",
    "罪名": "cause",
    "程序": "procedure",
    "文书类型": "kind",
    "文书": "kind",
}


# --------------------------------------------------------------------------------------------------
# AST
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """A run of letters/digits/CJK as typed: matches documents containing all its words, or
    containing it as a substring."""

    text: str
    position: int


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase: matches documents containing it as an exact substring."""

    text: str
    position: int


@dataclass(frozen=True, slots=True)
class FieldFilter:
    """``field:value`` on a facet field (``field`` is canonical, ``value`` is :func:`facet_key`-ed;
    for ``year`` it is 4 ASCII digits)."""

    field: str
    value: str
    position: int


@dataclass(frozen=True, slots=True)
class Not:
    """Documents not matching ``child``."""

    child: Node
    position: int


@dataclass(frozen=True, slots=True)
class And:
    """All children (two or more)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one child (two or more)."""

    children: tuple[Node, ...]


Node = Term | Phrase | FieldFilter | Not | And | Or


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """The AST of a query plus notes on how it was limited (empty when nothing was changed)."""

    root: Node
    notes: tuple[str, ...] = ()


def facet_key(value: object) -> str:
    """How facet values are compared: half-width, stripped (``'浙０１０６ '`` → ``'浙0106'``)."""
    return fullwidth_to_halfwidth(str(value)).strip()


# --------------------------------------------------------------------------------------------------
# Lexer
# --------------------------------------------------------------------------------------------------

_QUOTES = frozenset('"＂“”')
_OPEN = frozenset("(（")
_CLOSE = frozenset(")）")
_NEGATE = frozenset("-－")
_WORD_END = _QUOTES | _OPEN | _CLOSE
_FIELD = re.compile(r"([A-Za-z_]+|[\u4e00-\u9fff]{2,4})[:：](.*)", re.DOTALL)
_YEAR = re.compile(r"[0-9]{4}")
_RUN = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "(", ")", "OR", "NOT", "word", "phrase", "field"
    position: int
    text: str = ""
    field: str = ""


def _closing_quote(text: str, start: int) -> int:
    for j in range(start + 1, len(text)):
        if text[j] in _QUOTES:
            return j
    raise QuerySyntaxError(
        "unclosed quote: the phrase that starts here has no closing quote",
        start,
        f"引号未闭合：第 {start + 1} 个字符处开始的短语缺少右引号",
    )


def _tokens(text: str) -> Iterator[_Tok]:
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in _OPEN:
            yield _Tok("(", i)
            i += 1
        elif c in _CLOSE:
            yield _Tok(")", i)
            i += 1
        elif c in _QUOTES:
            end = _closing_quote(text, i)
            yield _Tok("phrase", i, text[i + 1 : end])
            i = end + 1
        elif c in _NEGATE and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in _CLOSE:
            # A dash that starts a token negates it; inside a word (2020-2024) it is text.
            yield _Tok("NOT", i)
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _WORD_END:
                j += 1
            word = text[i:j]
            if word == "OR":
                yield _Tok("OR", i)
                i = j
                continue
            if word == "AND":  # what a space already means
                i = j
                continue
            if word == "NOT":  # NOT 缓刑 = -缓刑
                yield _Tok("NOT", i, "NOT")
                i = j
                continue
            match = _FIELD.fullmatch(word)
            field = None
            if match is not None:
                name = match[1].lower() if match[1].isascii() else match[1]
                field = FIELD_ALIASES.get(name)
            if match is None or field is None:
                yield _Tok("word", i, word)
                i = j
                continue
            value, value_at = match[2], i + len(match[1]) + 1
            if not value:
                if j < n and text[j] in _QUOTES:  # cause:"危险驾驶"
                    end = _closing_quote(text, j)
                    value, value_at, j = text[j + 1 : end], j + 1, end + 1
                if not value.strip():
                    raise QuerySyntaxError(
                        f"the filter {match[1]}: has no value",
                        value_at,
                        f"筛选条件 {match[1]}: 缺少取值",
                    )
            value = facet_key(value)
            if field == "year" and not _YEAR.fullmatch(value):
                raise QuerySyntaxError(
                    f"year must be four digits, got {value!r}",
                    value_at,
                    f"年份应为四位数字，而不是 {value!r}",
                )
            yield _Tok("field", i, value, field)
            i = j


# --------------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = list(_tokens(text))
        self.i = 0
        self.depth = 0  # parentheses currently open

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        node = self.conjunction()
        tok = self.peek()
        if tok is not None:  # only a ")" stops a top-level conjunction
            raise QuerySyntaxError(
                "unmatched closing parenthesis",
                tok.position,
                f"第 {tok.position + 1} 个字符处的右括号没有对应的左括号",
            )
        return node

    def conjunction(self) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind != ")":
            items.append(self.disjunction())
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def disjunction(self) -> Node:
        items = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                raise QuerySyntaxError(
                    "OR needs a term after it",
                    tok.position,
                    f"第 {tok.position + 1} 个字符处的 OR 后面缺少检索词",
                )
            items.append(self.unary())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def unary(self) -> Node:
        # A run of minus signs is read in a loop (not recursively): pairs cancel, so "--a" is "a"
        # and "-"*3000 + "a" cannot exhaust the stack.
        negations: list[_Tok] = []
        while (tok := self.peek()) is not None and tok.kind == "NOT":
            self.take()
            negations.append(tok)
        if negations:
            nxt = self.peek()
            if nxt is None or nxt.kind in (")", "OR"):
                last = negations[-1]
                if last.text == "NOT":
                    raise QuerySyntaxError(
                        "NOT needs a term after it",
                        last.position,
                        f"第 {last.position + 1} 个字符处的 NOT 后面缺少检索词",
                    )
                raise QuerySyntaxError(
                    "'-' needs a term after it",
                    last.position,
                    f"第 {last.position + 1} 个字符处的减号后面缺少检索词",
                )
        child = self.primary()
        if len(negations) % 2 == 0:
            return child
        if isinstance(child, Not):  # -(-a) is a
            return child.child
        return Not(child, negations[0].position)

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "(":
            if self.depth >= MAX_NESTING:
                raise QuerySyntaxError(
                    f"parentheses nested too deeply: at most {MAX_NESTING} levels",
                    tok.position,
                    f"括号嵌套过深：第 {tok.position + 1} 个字符处超过了 {MAX_NESTING} 层",
                )
            self.depth += 1
            inner = self.conjunction()
            self.depth -= 1
            close = self.peek()
            if close is None:
                raise QuerySyntaxError(
                    "unclosed parenthesis: the group that starts here has no ')'",
                    tok.position,
                    f"括号未闭合：第 {tok.position + 1} 个字符处的左括号缺少右括号",
                )
            self.take()
            if inner is None:
                raise QuerySyntaxError(
                    "empty parentheses", tok.position, f"第 {tok.position + 1} 个字符处的括号内没有内容"
                )
            return inner
        if tok.kind == "OR":
            raise QuerySyntaxError(
                "OR needs a term before it",
                tok.position,
                f"第 {tok.position + 1} 个字符处的 OR 前面缺少检索词",
            )
        if tok.kind == "phrase":
            return Phrase(tok.text, tok.position)
        if tok.kind == "field":
            return FieldFilter(tok.field, tok.text, tok.position)
        # "word" (")" never reaches here: conjunction stops at it).  Punctuation inside a word
        # separates words like a space does (盗窃:罪 = 盗窃 罪, 180mg/100ml = 180mg 100ml), so a
        # Term is always one run of letters/digits/CJK characters.
        runs = [Term(m.group(), tok.position + m.start()) for m in _RUN.finditer(tok.text)]
        if len(runs) == 1:
            return runs[0]
        return And(tuple(runs)) if runs else Term(tok.text, tok.position)  # no run: pruned later


# --------------------------------------------------------------------------------------------------
# Limits and pruning
# --------------------------------------------------------------------------------------------------


class _Limiter:
    def __init__(self) -> None:
        self.kept = 0
        self.dropped = 0
        self.cut = 0

    def visit(self, node: Node) -> Node | None:
        if isinstance(node, Term | Phrase):
            if not has_searchable(node.text):
                return None  # only punctuation/syntax characters: nothing to search for
            if self.kept >= MAX_TERMS:
                self.dropped += 1
                return None
            self.kept += 1
            if len(node.text) > MAX_TERM_CHARS:
                self.cut += 1
                return type(node)(node.text[:MAX_TERM_CHARS], node.position)
            return node
        if isinstance(node, FieldFilter):
            if self.kept >= MAX_TERMS:
                self.dropped += 1
                return None
            self.kept += 1
            return node
        if isinstance(node, Not):
            child = self.visit(node.child)
            return None if child is None else Not(child, node.position)
        children = tuple(c for c in (self.visit(c) for c in node.children) if c is not None)
        if not children:
            return None
        if len(children) == 1:
            return children[0]
        return type(node)(children)


def parse_query(text: str) -> ParsedQuery:
    """Parse query text into an AST; raises :class:`QuerySyntaxError` / :class:`EmptyQueryError`.

    >>> parse_query('盗窃 -缓刑 court:浙0106').root
    And(children=(Term(text='盗窃', position=0), Not(child=Term(text='缓刑', position=4), position=3), \
FieldFilter(field='court', value='浙0106', position=7)))
    """
    if not isinstance(text, str):
        raise TypeError("query text must be a string")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query too long: at most {MAX_QUERY_CHARS:,} characters",
            MAX_QUERY_CHARS,
            f"检索式过长：最多 {MAX_QUERY_CHARS} 个字符",
        )
    if not text.strip():
        raise EmptyQueryError("empty query", 0, "检索式为空")
    root = _Parser(text).parse()
    limiter = _Limiter()
    pruned = limiter.visit(root) if root is not None else None
    if pruned is None:
        raise EmptyQueryError("the query has nothing to search for", 0, "检索式中没有可检索的文字")
    notes: list[str] = []
    if limiter.dropped:
        notes.append(
            f"Only the first {MAX_TERMS} search terms were used ({limiter.dropped} ignored). "
            f"/ 仅使用了前 {MAX_TERMS} 个检索词（忽略 {limiter.dropped} 个）。"
        )
    if limiter.cut:
        notes.append(
            f"Terms longer than {MAX_TERM_CHARS} characters were shortened to their first "
            f"{MAX_TERM_CHARS}. / 超过 {MAX_TERM_CHARS} 个字符的检索词只使用前 {MAX_TERM_CHARS} 个字符。"
        )
    return ParsedQuery(pruned, tuple(notes))


# --------------------------------------------------------------------------------------------------
# Helpers for backends
# --------------------------------------------------------------------------------------------------


def is_scoring(node: Node) -> bool:
    """True if the query has a positive word or phrase (something to rank by); False for queries of
    filters and exclusions only, whose matches all score the same."""
    if isinstance(node, Term | Phrase):
        return True
    if isinstance(node, FieldFilter | Not):
        return False
    return any(is_scoring(c) for c in node.children)


def highlight_terms(node: Node) -> list[str]:
    """What to mark in snippets (for :func:`~xiezhi.nlp.search.base.snippet`): each positive phrase;
    each positive word as typed plus its segmented words of two or more characters (a word matches
    by its words too; single characters would mark noise such as every 的)."""
    if isinstance(node, Phrase):
        return [node.text]
    if isinstance(node, Term):
        return [node.text, *(w for w in query_terms(node.text).split() if len(w) > 1)]
    if isinstance(node, FieldFilter | Not):
        return []
    return [t for c in node.children for t in highlight_terms(c)]
