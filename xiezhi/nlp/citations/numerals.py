"""Chinese numerals and article labels as used in statute numbering.

``chinese_to_int("二百六十四") == 264``, ``int_to_chinese(110) == "一百一十"`` and
``parse_article_label("第一百三十三条之一第二款") == ArticleRef(133, suffix=1, paragraph=2)``.

Parsing is strict on purpose: a statute number is always written in the full form (一百零三, 一百一十),
so anything else — colloquial abbreviations such as 二百五 (250), repeated units, stray characters — is
more likely noise than a number and yields ``None`` instead of a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NUMERAL_CHARS", "ArticleRef", "chinese_to_int", "int_to_chinese", "parse_article_label"]

_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "贰": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_WAN = "万"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: Every character that may appear in a numeral accepted by :func:`chinese_to_int` (for building regexes).
NUMERAL_CHARS = "0-9０-９" + "".join(_DIGITS) + "".join(_UNITS) + _WAN


def _below_wan(text: str) -> int | None:
    """Parse 0–9999 written with 十/百/千, or ``None`` when malformed."""
    total = 0
    pending: int | None = None  # a digit waiting for its unit
    last_unit = 10_000
    zero_seen = False
    for index, ch in enumerate(text):
        if ch in _DIGITS:
            value = _DIGITS[ch]
            if pending is not None:
                return None  # two digits in a row: 一二百
            if value == 0:
                # 零 marks a skipped place (一百零三); it is meaningless at the start or twice in a row.
                if index == 0 or zero_seen:
                    return None
                zero_seen = True
                continue
            pending = value
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None  # units must strictly decrease: 十百, 百百
            if pending is None:
                # A bare 十 is only written at the very start (十二 = 12); 一百十二 is not statute style.
                if index != 0 or unit != 10:
                    return None
                pending = 1
            if last_unit != 10_000:
                # Without 零 the next unit must be the next place down (一千一百), with 零 it must skip one.
                expected_gap = unit * 10 == last_unit
                if zero_seen == expected_gap:
                    return None
            total += pending * unit
            last_unit = unit
            pending = None
            zero_seen = False
        else:
            return None
    if pending is not None:
        # A trailing digit is the ones place only right after 十, after 零, or when there is no unit at all;
        # otherwise it is the colloquial abbreviation 二百五 = 250, which statutes never use.
        if last_unit not in (10, 10_000) and not zero_seen:
            return None
        total += pending
    elif zero_seen:
        return None  # trailing 零: 一百零
    return total


def chinese_to_int(text: str) -> int | None:
    """Read a non-negative integer written in Chinese or Arabic numerals, or return ``None``.

    Accepts 一, 十, 十二, 二十, 一百零三, 二百六十四, 一千二百六十, 两百, 〇/零, financial forms (贰佰),
    numbers up to 9999万9999, half- and full-width Arabic digits ("264", "２６４"), and a plain run of
    Chinese digits read positionally (二〇二四 → 2024). Surrounding whitespace is ignored; anything else,
    including the empty string and the colloquial 二百五 (= 250), gives ``None``.
    """
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    if all(ch in _DIGITS for ch in text):
        # Positional run such as 二〇二四; a leading zero means it is not a number but a code.
        if text[0] in "零〇○":
            return None
        return int("".join(str(_DIGITS[ch]) for ch in text))
    if _WAN in text:
        high_text, _, low_text = text.partition(_WAN)
        high = _below_wan(high_text) if high_text else None
        if not high:
            return None
        if not low_text:
            return high * 10_000
        # 一万零五百: the 零 says the thousands place is empty; 一万五百 is not a valid full form.
        if low_text[0] in "零〇○":
            low = _below_wan(low_text[1:])
            if low is None or low >= 1000 or low == 0:
                return None
        else:
            low = _below_wan(low_text)
            if low is None or low < 1000:
                return None
        return high * 10_000 + low
    return _below_wan(text)


_DIGIT_NAMES = "零一二三四五六七八九"


def _int_below_wan(n: int) -> str:
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // unit) % 10
        if digit == 0:
            if parts:
                zero_pending = True
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(_DIGIT_NAMES[digit] + name)
    return "".join(parts)


def int_to_chinese(n: int) -> str:
    """Write ``n`` (0 ≤ n < 100000000) the way statutes number articles.

    264 → 二百六十四, 10 → 十, 12 → 十二, 110 → 一百一十, 1001 → 一千零一, 0 → 零.
    Raises ``ValueError`` outside that range.
    """
    if n < 0 or n >= 100_000_000:
        raise ValueError(f"cannot write {n} as a statute numeral")
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    out = ""
    if high:
        out = _int_below_wan(high) + _WAN
        if low and low < 1000:
            out += "零"
    if low:
        out += _int_below_wan(low)
    # By convention 10–19 drop the leading 一 (十二), but only at the very start: 一百一十 keeps it.
    if out.startswith("一十"):
        out = out[1:]
    return out


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """One article of a statute, optionally narrowed to a paragraph (款) and an item (项).

    ``suffix`` is the inserted-article number: 第一百三十三条之一 is ``ArticleRef(133, suffix=1)``;
    ``0`` means a plain article.
    """

    number: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None

    @property
    def label(self) -> str:
        """The canonical Chinese label, e.g. 第二百六十四条之一第三款第二项."""
        out = f"第{int_to_chinese(self.number)}条"
        if self.suffix:
            out += f"之{int_to_chinese(self.suffix)}"
        if self.paragraph is not None:
            out += f"第{int_to_chinese(self.paragraph)}款"
        if self.item is not None:
            out += f"第{int_to_chinese(self.item)}项"
        return out

    def __str__(self) -> str:
        return self.label


_N = f"[{NUMERAL_CHARS}]+"
_LABEL_RE = re.compile(
    rf"""
    (?:第(?P<num_a>{_N})条 | (?P<num_b>{_N})条?)
    (?:之(?P<suffix>{_N}))?
    (?:第(?P<para>{_N})款)?
    (?:第?[（(](?P<item_a>{_N})[)）]项? | 第(?P<item_b>{_N})项)?
    """,
    re.VERBOSE,
)
_SPACES = re.compile(r"\s+")


def parse_article_label(text: str) -> ArticleRef | None:
    """Read an article label into an :class:`ArticleRef`, or return ``None`` when it is not one.

    Accepts 第二百六十四条, 第264条, 264, 第一百三十三条之一, 第六十七条第三款, 第六十七条第三款第（二）项 and
    第六十七条第三款第二项; whitespace anywhere is ignored. The whole text must be the label.
    """
    text = _SPACES.sub("", text)
    match = _LABEL_RE.fullmatch(text)
    if match is None:
        return None
    number = chinese_to_int(match["num_a"] or match["num_b"])
    if not number:
        return None
    values: dict[str, int | None] = {}
    for key in ("suffix", "para", "item"):
        raw = match[key] if key != "item" else (match["item_a"] or match["item_b"])
        if raw is None:
            values[key] = None
            continue
        value = chinese_to_int(raw)
        if not value:
            return None
        values[key] = value
    return ArticleRef(number, values["suffix"] or 0, values["para"], values["item"])
