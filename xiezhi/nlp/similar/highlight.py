"""The passages of a similar case that match the query, with the shared words marked.

A passage is a sentence (split at 。；！？ and line breaks) scored by the idf-weighted words it shares
with the query; the best ``n`` are returned in document order as segments (text, marked), so that
HTML templates escape them and DOCX/PDF writers can bold them without parsing markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words too common in fact descriptions to be worth marking.
_STOP = frozenset(
    "被告 被告人 被害 被害人 害人 公诉 机关 公诉机关 指控 人民 人民币 经审理 查明 审理 其中 事实 "
    "证据 本院 认定 以上 上述 一名 一部 一辆 一个 某某".split()
)


@dataclass(frozen=True)
class Passage:
    """A sentence of the case with the query's words marked: ``segments`` = ((text, marked), …)."""

    text: str
    start: int
    segments: tuple[tuple[str, bool], ...]
    score: float

    def html(self) -> str:
        import html

        return "".join(f"<mark>{html.escape(t)}</mark>" if m else html.escape(t) for t, m in self.segments)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "html": self.html(),
            "segments": [[t, m] for t, m in self.segments],
            "score": round(self.score, 3),
        }


def query_words(query: str, tokenizer: Callable[[str], list[str]]) -> set[str]:
    """The query's words worth marking: two or more characters with a Chinese character or a digit
    run, without the stock words of fact descriptions."""
    return {t for t in tokenizer(query) if len(t) >= 2 and t not in _STOP and (_CJK.search(t) or t.isdigit())}


def _marks(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for w in sorted(set(words), key=len, reverse=True):
        for m in re.finditer(re.escape(w), text):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def segments(text: str, words: Iterable[str]) -> tuple[tuple[str, bool], ...]:
    """``text`` cut into (piece, marked) runs, marking every occurrence of ``words``."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in _marks(text, words):
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return tuple(out)


def passages(
    text: str,
    words: set[str],
    *,
    weight: Callable[[str], float] | None = None,
    n: int = 2,
    max_chars: int = 160,
) -> tuple[Passage, ...]:
    """The ``n`` sentences of ``text`` that share the most (idf-weighted) query ``words``."""
    if not text or not words:
        return ()
    weigh = weight or (lambda w: float(len(w)))
    scored: list[Passage] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        if len(_CJK.findall(sentence)) < 4:
            continue
        shown = sentence if len(sentence) <= max_chars else sentence[: max_chars - 1] + "…"
        found = {w for w in words if w in shown}
        if not found:
            continue
        score = sum(weigh(w) for w in found)
        scored.append(Passage(shown, m.start(), segments(shown, found), score))
    best = sorted(scored, key=lambda p: (-p.score, p.start))[:n]
    return tuple(sorted(best, key=lambda p: p.start))
