"""The search analyzer, shared by every backend: text in, space-joined tokens out.

A document field is indexed twice:

*words* — :func:`index_terms`
    The folded text (:func:`xiezhi.nlp.segment.fold`: half-width, simplified, lower case) cut in
    rjieba's *search mode* with the legal user dictionary, plus the legal words inside longer legal
    words (危险驾驶罪 → also 危险驾驶).  Punctuation is dropped.  Order carries no meaning (the field
    is for BM25 relevance, not for phrases): index it without positions.  Queries use
    :func:`query_terms` (precise mode) — a query word must be one of the document's words.

*characters* — :func:`index_bigrams`
    Exact-substring recall.  The folded text is split into *runs* of letters/digits/CJK
    (punctuation and spaces end a run); every character of a run contributes one token: itself
    plus the next character of the run, or itself alone if it ends the run::

        "盗窃罪，判处" → "盗窃 窃罪 罪 判处 处"

    So token *i* is at position *i* of the run sequence, and a string occurs in the text exactly
    when its tokens (:func:`substring_pattern`) occur at consecutive positions — a phrase query.
    Single-character runs are tokens too, so a one-character query (prefix query ``罪*``) and
    queries spanning punctuation work.  Word segmentation alone cannot give this guarantee (a
    document that segments 盗窃罪 as one word has no word 盗窃).

Both representations are plain strings of space-separated tokens, so the PostgreSQL backend stores
them in ``tsvector`` columns exactly as Tantivy's whitespace tokenizer sees them:

- words: ``tsvector_literal(index_terms(text))::tsvector`` (preferred: PostgreSQL's own text
  parser never sees the text), matched with ``words_tsquery(...)::tsquery``;
- characters: ``tsvector_literal(index_bigrams(text))::tsvector`` (explicit positions, no parser
  involved), matched with ``substring_tsquery(...)::tsquery``, e.g. ``'盗窃'`` or
  ``'非法' <-> '法吸' <-> '吸收'`` or ``'罪':*`` for a phrase, and with ``exact=False``
  (``'非法' & '法吸' & '吸收'``) for a bare word, as the Tantivy backend does.  PostgreSQL keeps
  positions only up to 16,383 and at most 256 per lexeme, so phrase matches beyond ~16k characters
  of one field are not found there; Tantivy has no such limit.

Changing anything here (or the dictionary) changes the indexed tokens: bump
:data:`ANALYZER_VERSION` and rebuild indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from operator import add

import numpy as np

from xiezhi.nlp.case_numbers import CaseNumberError, is_legacy_case_number, parse_case_number
from xiezhi.nlp.segment import compound_parts, default_segmenter, fold
from xiezhi.nlp.segment.normalisation import FOLD_TABLE_SIZE, code_points, fold_codes, from_code_points

__all__ = [
    "ANALYZER_VERSION",
    "IndexedText",
    "SubstringPattern",
    "analyse",
    "case_number_key",
    "has_searchable",
    "index_bigrams",
    "index_terms",
    "looks_like_case_number",
    "query_terms",
    "substring_pattern",
    "substring_tsquery",
    "title_key",
    "tsvector_literal",
    "words_tsquery",
]

#: Version of the token format produced here (stored with every index; a mismatch means rebuild).
ANALYZER_VERSION = "1"

# A run: letters, digits and CJK ideographs (\w without the underscore).
_RUN = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class IndexedText:
    """Both token strings of one field (see the module docstring)."""

    words: str
    bigrams: str


def has_searchable(text: str) -> bool:
    """True if ``text`` contains at least one letter, digit or CJK character."""
    return _RUN.search(text) is not None


@lru_cache(maxsize=1)
def _run_codes() -> np.ndarray:
    # fold_codes() with every character that cannot be part of a run (punctuation, spaces,
    # symbols) mapped to a space: one look-up gives the "index form" of a text.
    return np.fromiter(
        (cp if chr(cp).isalnum() else 32 for cp in fold_codes().tolist()),
        dtype=np.uint32,
        count=FOLD_TABLE_SIZE,
    )


def _index_codes(text: str) -> np.ndarray:
    """Code points of the folded text with every non-run character replaced by a space."""
    codes = code_points(text)
    table = _run_codes()
    if not codes.size or int(codes.max()) < FOLD_TABLE_SIZE:
        return table[codes]
    out = np.where(codes < FOLD_TABLE_SIZE, table[np.minimum(codes, FOLD_TABLE_SIZE - 1)], codes)
    for i in np.flatnonzero(codes >= FOLD_TABLE_SIZE):  # rare: CJK extension G, symbols
        if not chr(int(codes[i])).isalnum():
            out[i] = 32
    return out


def _bigrams_of_codes(codes: np.ndarray) -> str:
    # Vectorised: row i of a (n, 3) array is [char i, char i+1, space]; drop rows of separators
    # and the second character where it is a separator (the run ends).  Done with per-token
    # Python string operations this was ~0.6 ms for a 3,000-character judgment; this is ~0.05 ms.
    n = codes.size
    if n == 0:
        return ""
    following = np.empty_like(codes)
    following[:-1] = codes[1:]
    following[-1] = 32
    rows = np.empty((n, 3), dtype=np.uint32)
    rows[:, 0] = codes
    rows[:, 1] = following
    rows[:, 2] = 32
    keep = np.ones((n, 3), dtype=bool)
    keep[codes == 32, :] = False
    keep[:, 1] &= following != 32
    return from_code_points(rows[keep]).rstrip(" ")


def _words_of_index_form(text: str) -> str:
    # In the index form every separator is a single space, which the segmenter returns as a token
    # of its own: joined with spaces, those become runs of spaces between the words, which every
    # consumer splits on anyway (Tantivy's whitespace tokenizer, str.split) — cheaper than
    # filtering them out per token.
    tokens = default_segmenter().cut_for_search(text)
    joined = " ".join(tokens)
    parts = compound_parts()
    if parts.keys().isdisjoint(tokens):
        return joined
    found = parts.keys() & set(tokens)
    # Add each part as often as its compound occurs, so term frequencies stay meaningful.
    extra = " ".join(part for word in found for part in parts[word] for _ in range(tokens.count(word)))
    return f"{joined} {extra}" if joined else extra


def index_terms(text: str) -> str:
    """Word tokens of ``text`` for indexing (search-mode segmentation + legal parts), separated by
    spaces — by runs of spaces where the text had punctuation (split with ``str.split()``).

    >>> index_terms("被告人犯危险驾驶罪。").split()
    ['被告', '被告人', '犯', '危险', '驾驶', '危险驾驶罪', '危险驾驶']
    """
    return _words_of_index_form(from_code_points(_index_codes(text)))


def index_bigrams(text: str) -> str:
    """Character tokens of ``text`` for exact-substring search, space-joined, one per character.

    >>> index_bigrams("盗窃罪，判处")
    '盗窃 窃罪 罪 判处 处'
    """
    return _bigrams_of_codes(_index_codes(text))


def analyse(text: str) -> IndexedText:
    """Both token strings of ``text`` (folds once; what the backends call when indexing)."""
    codes = _index_codes(text)
    return IndexedText(_words_of_index_form(from_code_points(codes)), _bigrams_of_codes(codes))


def query_terms(text: str) -> str:
    """Word tokens of a query term (precise segmentation), space-joined; '' if nothing searchable.

    >>> query_terms("危險駕駛 手機")
    '危险驾驶 手机'
    """
    return " ".join(filter(" ".__ne__, default_segmenter().cut(from_code_points(_index_codes(text)))))


@dataclass(frozen=True, slots=True)
class SubstringPattern:
    """What a document's character field must contain, at consecutive positions, for the query
    string to occur in the text: ``tokens`` exactly, then (if ``prefix`` is set) one token starting
    with ``prefix``.  ``prefix`` is used when the string ends in a one-character run (``罪`` alone,
    or ``盗窃、罪``): in the document that character is followed by an unknown next character."""

    tokens: tuple[str, ...]
    prefix: str = ""


def substring_pattern(text: str) -> SubstringPattern | None:
    """The character-field pattern for an exact-substring search of ``text``; None if ``text`` has
    nothing searchable.  Punctuation and spaces in ``text`` match any punctuation/space in the
    document (they only mark where a run ends).

    >>> substring_pattern("盗窃罪")
    SubstringPattern(tokens=('盗窃', '窃罪'), prefix='')
    >>> substring_pattern("罪")
    SubstringPattern(tokens=(), prefix='罪')
    """
    runs = _RUN.findall(fold(text))
    if not runs:
        return None
    tokens: list[str] = []
    for run in runs:
        tokens.extend(map(add, run, run[1:]))
        tokens.append(run[-1])
    # The last character is followed, in a document, by whatever comes next: drop its
    # one-character token.  If the last run has two or more characters the preceding pair already
    # pins that character; otherwise it becomes a prefix.
    last = tokens.pop()
    prefix = last if len(runs[-1]) == 1 else ""
    return SubstringPattern(tuple(tokens), prefix)


def _tsquery_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def substring_tsquery(text: str, *, exact: bool = True) -> str:
    """PostgreSQL ``tsquery`` text (cast with ``::tsquery``) for a substring search of ``text`` on a
    column built with :func:`tsvector_literal` of :func:`index_bigrams`; '' if nothing searchable.

    ``exact=True`` (phrases): the character tokens at consecutive positions (``<->``) — the text
    contains ``text``.  ``exact=False`` (bare words, as the Tantivy backend searches them): every
    token anywhere (``&``) — a superset that needs no position checks and is much cheaper for
    common words; a document containing ``text`` always matches either way.

    >>> substring_tsquery("盗窃罪")
    "'盗窃' <-> '窃罪'"
    >>> substring_tsquery("盗窃、罪")
    "'盗窃' <-> '窃' <-> '罪':*"
    >>> substring_tsquery("盗窃罪", exact=False)
    "'盗窃' & '窃罪'"
    """
    pattern = substring_pattern(text)
    if pattern is None:
        return ""
    parts = [_tsquery_lexeme(t) for t in (pattern.tokens if exact else dict.fromkeys(pattern.tokens))]
    if pattern.prefix:
        parts.append(_tsquery_lexeme(pattern.prefix) + ":*")
    return (" <-> " if exact else " & ").join(parts)


def words_tsquery(text: str) -> str:
    """PostgreSQL ``tsquery`` text requiring every word of ``text`` (AND), for the words column; ''
    if nothing searchable.

    >>> words_tsquery("危险驾驶 手机")
    "'危险驾驶' & '手机'"
    """
    return " & ".join(_tsquery_lexeme(w) for w in query_terms(text).split())


TSVECTOR_MAX_POSITION = 16_383  # PostgreSQL's largest tsvector position
_WEIGHTS = ("", "A", "B", "C", "D")


@lru_cache(maxsize=len(_WEIGHTS))
def _position_separators(weight: str) -> tuple[str, ...]:
    """``"':1 '"``, ``"':2 '"``, … (``"':1A '"`` … with a weight): what goes between one token and
    the next in a literal, one string per position, so that a literal is a single join over
    (token, separator) pairs — no Python work per token."""
    return tuple(f"':{i}{weight} '" for i in range(1, TSVECTOR_MAX_POSITION + 1))


def tsvector_literal(tokens: str, *, weight: str = "", first: int = 1) -> str:
    """A ``tsvector`` literal with explicit positions for a token string from this module:
    ``tsvector_literal("盗窃 窃罪 罪") == "'盗窃':1 '窃罪':2 '罪':3"`` (cast with ``::tsvector``).

    ``weight`` (``A``–``D``) marks every position; ``first`` is the first token's position, so that
    two literals joined with a space make one vector (the second starting after the first's last
    position, as PostgreSQL's ``||`` shifts it). Tokens after position :data:`TSVECTOR_MAX_POSITION`
    (PostgreSQL's limit) are left out: PostgreSQL would pile them all onto the last position.

    >>> tsvector_literal("it's")
    "'it''s':1"
    >>> tsvector_literal("盗窃 罪", weight="B", first=3)
    "'盗窃':3B '罪':4B"
    """
    if weight not in _WEIGHTS:
        raise ValueError(f"a tsvector weight is one of A, B, C, D, not {weight!r}")
    room = TSVECTOR_MAX_POSITION - first + 1
    if first < 1 or room < 1:
        return ""
    if "'" in tokens or "\\" in tokens:
        tokens = tokens.replace("\\", "\\\\").replace("'", "''")
    parts = tokens.split(maxsplit=room)[:room]
    if not parts:
        return ""
    separators = islice(_position_separators(weight), first - 1, None)
    return ("'" + "".join(chain.from_iterable(zip(parts, separators, strict=False))))[:-2]


def case_number_key(text: str) -> str:
    """The exact-match key of a case number: the canonical form (full-width parentheses) when it
    parses, else the folded text without spaces (legacy ``…字第…号`` numbers, anything else).

    >>> case_number_key(" (2024)浙0106刑初123号 ")
    '（2024）浙0106刑初123号'
    """
    stripped = text.strip()
    if stripped and not is_legacy_case_number(stripped):
        try:
            return str(parse_case_number(stripped))
        except CaseNumberError:
            pass
    return _SPACES.sub("", fold(stripped))


def title_key(text: str) -> str:
    """The exact-match key of a title: folded, whitespace collapsed, at most 500 characters."""
    return _SPACES.sub(" ", fold(text)).strip()[:500]


def looks_like_case_number(text: str) -> bool:
    """True if ``text`` (stripped) is a case number: a valid one, or a legacy ``…字第…号`` one."""
    stripped = text.strip()
    if not stripped:
        return False
    if is_legacy_case_number(stripped):
        return True
    try:
        parse_case_number(stripped)
    except CaseNumberError:
        return False
    return True
