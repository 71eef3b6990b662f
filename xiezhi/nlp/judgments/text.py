"""Text helpers for the judgment parser: lines, a compact view with offsets, numerals and dates.

Published judgments arrive with irregular spacing (刑  事  判  决  书, 审 判 长  阎 立 新, a case number
broken by a space), half-width punctuation where full-width is usual, and full-width digits. The
parser matches on a *compact* view of a line or section — whitespace removed, punctuation and digits
normalised one character for one — and maps every match back to offsets in the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

__all__ = [
    "Compact",
    "Line",
    "chinese_date",
    "clean_name",
    "compact",
    "duration_months",
    "lines",
    "small_number",
]

_WHITESPACE = " \t\r\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"
# The compact view also drops line breaks: a line a PDF or a narrow page wrapped reads as one.
_WS_SET = frozenset(_WHITESPACE + "\n")
_WS_RUN = re.compile(f"[{_WHITESPACE}\n]+")

# One character for one, so that offsets survive the translation.
_NORMALISE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},  # Ａ-Ｚ
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},  # ａ-ｚ
        "(": "（",
        ")": "）",
        ":": "：",
        ",": "，",
        ";": "；",
        "○": "〇",
        "Ｏ": "〇",
        "〔": "（",
        "〕": "）",
        "﹙": "（",
        "﹚": "）",
    }
)


_TO_NORMALISE = re.compile("[" + re.escape("".join(chr(c) for c in _NORMALISE)) + "]")


class Compact:
    """A stretch of the text with whitespace removed and punctuation normalised.

    ``text`` is what the parser matches on; :meth:`span` turns a match's compact offsets back into
    offsets of the original document (the offset table is built only when a span is asked for).
    """

    __slots__ = ("_offsets", "_raw", "_removed", "end", "start", "text")

    def __init__(self, source: str, start: int, end: int) -> None:
        raw = source[start:end]
        self.start, self.end = start, end
        text = _WS_RUN.sub("", raw)
        if _TO_NORMALISE.search(text) is not None:
            text = text.translate(_NORMALISE)
        self.text = text
        self._raw = raw if len(text) != len(raw) else None
        self._offsets: list[int] | None = None
        self._removed: list[int] = []

    def pos(self, index: int) -> int:
        """Original offset of the compact character at ``index`` (``len(text)`` maps to the end)."""
        if self._raw is None:
            return self.start + min(index, len(self.text))
        if index >= len(self.text):
            return self.start + len(self._raw.rstrip(_WHITESPACE + "\n"))
        if self._offsets is None:
            # For each run of removed whitespace: the compact index of the character after it, and
            # how many characters were removed up to there. A text has few runs (line breaks,
            # indentation), so this is cheap even for a whole judgment.
            starts: list[int] = []
            removed: list[int] = []
            total = 0
            for run in _WS_RUN.finditer(self._raw):
                starts.append(run.start() - total)
                total += run.end() - run.start()
                removed.append(total)
            self._offsets = starts
            self._removed = removed
        k = bisect_right(self._offsets, index) - 1
        return self.start + index + (self._removed[k] if k >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the compact range ``[start, end)``."""
        if end <= start:
            at = self.pos(start)
            return at, at
        return self.pos(start), self.pos(end - 1) + 1


def compact(source: str, start: int = 0, end: int | None = None) -> Compact:
    return Compact(source, start, len(source) if end is None else end)


class Line:
    """One non-blank line of the document; its compact view is built on first use."""

    __slots__ = ("_compact", "end", "source", "start")

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source, self.start, self.end = source, start, end
        self._compact: Compact | None = None

    @property
    def compact(self) -> Compact:
        if self._compact is None:
            self._compact = Compact(self.source, self.start, self.end)
        return self._compact

    @property
    def text(self) -> str:
        return self.compact.text

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Line({self.start}, {self.end}, {self.source[self.start : self.end][:30]!r})"


def lines(source: str) -> list[Line]:
    """The non-blank lines of ``source`` (``\\r`` and other spacing count as blank)."""
    out = []
    position = 0
    for raw in source.split("\n"):
        end = position + len(raw)
        if raw.strip(_WHITESPACE):
            out.append(Line(source, position, end))
        position = end + 1
    return out


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}·•])[{_WHITESPACE}\n]+(?=[{_CJK}·•])")
_SPACES = re.compile(f"[{_WHITESPACE}\n]+")


def clean_name(raw: str) -> str:
    """A name as written, without the spacing typesetters put between Chinese characters.

    林　　涛 → 林涛; OKAFOR  CHUKWUEMEKA JOHN keeps one space between its Latin words.
    """
    text = _SPACE_BETWEEN_CJK.sub("", raw.translate(_NORMALISE))
    text = _SPACE_BETWEEN_CJK.sub("", text)  # a lone character between two gaps (林 涛 明)
    # A half-width full stop typed in place of 。 ends a name: 法定代表人: 邰 刚.
    return _SPACES.sub(" ", text).strip().rstrip(".．").strip()


# --- numerals -------------------------------------------------------------------------------------

_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def small_number(text: str) -> int | None:
    """0–999 in Arabic digits or Chinese numerals (十一, 二十, 三十一, 一百二十, 两); else ``None``."""
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    total, digit, seen = 0, None, False
    for ch in text:
        if ch in _DIGIT:
            if digit is not None and digit != 0:
                return None
            digit = _DIGIT[ch]
        elif ch == "十":
            total += (1 if digit is None else digit) * 10
            digit = None
        elif ch == "百":
            if digit is None:
                return None
            total += digit * 100
            digit = None
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + (digit or 0)


NUMERAL = "[0-9〇零一二两三四五六七八九十百]"
_DURATION = re.compile(rf"^(?:({NUMERAL}+)年)?零?(?:({NUMERAL}+)个?月)?$")


def duration_months(text: str) -> int | None:
    """一年六个月 → 18, 十二年 → 144, 八个月 → 8, 两年 → 24; ``None`` when not a duration."""
    match = _DURATION.match(text)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    years = small_number(match.group(1)) if match.group(1) else 0
    months = small_number(match.group(2)) if match.group(2) else 0
    if years is None or months is None:
        return None
    return years * 12 + months


_YEAR_DIGITS = {**{str(i): i for i in range(10)}, **{k: v for k, v in _DIGIT.items() if k != "两"}}


def chinese_date(year: str, month: str, day: str) -> date:
    """The date of 二〇二四年三月五日 (parts as written: 二〇二四, 三, 五) or 2024年3月5日.

    Raises ``ValueError`` (saying why) for a part that is not a number or a day that does not exist.
    """
    if len(year) != 4 or any(ch not in _YEAR_DIGITS for ch in year):
        raise ValueError(f"year {year!r} is not four digits")
    y = int("".join(str(_YEAR_DIGITS[ch]) for ch in year))
    m, d = small_number(month), small_number(day)
    if m is None or d is None:
        raise ValueError(f"month {month!r} or day {day!r} is not a number")
    return date(y, m, d)
