"""A normalised view of the input with a map back to the original offsets.

Published judgments are full of irregular spacing: letter-spaced headings (``刑 事 判 决 书``), names
in the tail padded with ideographic spaces (``审判长　林　　涛``), spaces instead of commas. The view
removes a whitespace run that sits between two Han characters when one side of it is a single
isolated character - that is letter spacing, so ``林　　涛`` becomes ``林涛`` and ``被 告 人`` becomes
``被告人`` - and leaves every other character, including other whitespace, untouched. All finding
happens on the view; every span is mapped back through :attr:`TextView.omap`, so replacements cover
the original characters (interior spaces included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009\u200b]+")


def is_han(ch: str) -> bool:
    """CJK unified ideograph (basic block and extension A) or the ideographic zero 〇."""
    return ("\u4e00" <= ch <= "\u9fff") or ("\u3400" <= ch <= "\u4dbf") or ch == "\u3007"


def _han_run_left(text: str, end: int) -> int:
    n = 0
    i = end - 1
    while i >= 0 and is_han(text[i]):
        n += 1
        i -= 1
        if n > 1:
            break
    return n


def _han_run_right(text: str, start: int) -> int:
    n = 0
    i = start
    while i < len(text) and is_han(text[i]):
        n += 1
        i += 1
        if n > 1:
            break
    return n


@dataclass(frozen=True, slots=True)
class TextView:
    original: str
    text: str
    omap: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span [start, end) to the original text."""
        if end <= start:
            o = self.omap[start] if start < len(self.omap) else len(self.original)
            return o, o
        return self.omap[start], self.omap[end - 1] + 1


def build_view(original: str) -> TextView:
    pieces: list[str] = []
    omap: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(original):
        a, b = m.span()
        left = _han_run_left(original, a)
        right = _han_run_right(original, b)
        if left and right and (left == 1 or right == 1):
            pieces.append(original[pos:a])
            omap.extend(range(pos, a))
            pos = b
    pieces.append(original[pos:])
    omap.extend(range(pos, len(original)))
    return TextView(original=original, text="".join(pieces), omap=tuple(omap))
