"""Showing fees to people: the working as table rows, yuan amounts, and amounts in Chinese words.

Shared by the calculator page, the case page's fee block and the printed notice, which all show
the engine's lines — fresh from an assessment or as stored on a notice (``services.lines_as_json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import get_language

__all__ = ["WorkingRow", "amount_in_words", "number", "working_rows", "yuan"]


def _is_en() -> bool:
    return (get_language() or "").startswith("en")


def number(value: Decimal | str) -> str:
    """An exact value with thousands separators and no useless zeros; ``≈`` beyond 4 decimals;
    a true minus sign (−) for reductions."""
    value = Decimal(value)
    if value == value.to_integral_value():
        text = f"{value.to_integral_value():,f}"
    elif value.normalize().as_tuple().exponent < -4:  # type: ignore[operator]
        text = "≈ " + f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):,f}"
    else:
        text = f"{value.normalize():,f}"
    return text.replace("-", "−")


def yuan(value: Decimal | str) -> str:
    """A money amount to the fen, with thousands separators: 6,550.00."""
    return f"{Decimal(value):,.2f}"


def _percent(rate: str) -> str:
    return f"{(Decimal(rate) * 100).normalize():f}%"


@dataclass(frozen=True)
class WorkingRow:
    """One step of the working: what, under which article, how, and how much (unrounded)."""

    description: str
    article: str
    formula: str
    subtotal: str
    is_reduction: bool


def _formula(line: dict) -> str:
    if line.get("factor"):
        factor = Fraction(line["factor"])
        return f"{number(line['base'])} × {factor.numerator}/{factor.denominator}"
    if line.get("cap"):
        return f"{number(line['base'])} → {number(line['cap'])}"
    if line.get("rate") and line.get("band_to") is not None:
        part = number(line["band_to"])
        if line.get("band_from") and Decimal(line["band_from"]):
            part = f"({part} − {number(line['band_from'])})"
        return f"{part} × {_percent(line['rate'])}"
    return ""


def working_rows(lines: list[dict]) -> list[WorkingRow]:
    """Table rows for the engine's lines, described in the current language."""
    key = "description_en" if _is_en() else "description_zh"
    rows = []
    for line in lines:
        subtotal = Decimal(line["subtotal"])
        rows.append(
            WorkingRow(
                description=line.get(key) or line.get("description_en", ""),
                article=line.get("article", ""),
                formula=_formula(line),
                subtotal=number(subtotal),
                is_reduction=subtotal < 0,
            )
        )
    return rows


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    """0 < n < 10000 in capital numerals, inner zeros read once (1005 → 壹仟零伍)."""
    text, zero, started = "", False, False
    for place in (3, 2, 1, 0):
        digit = n // 10**place % 10
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _PLACES[place]
        started = True
    return text


def amount_in_words(value: Decimal | str) -> str:
    """The amount in capital numerals as written on Chinese financial documents (大写金额).

    6550 → 人民币陆仟伍佰伍拾元整; 108.63 → 人民币壹佰零捌元陆角叁分; 100100 → 人民币壹拾万零壹佰元整.
    """
    cents = int((Decimal(value) * 100).to_integral_value(rounding=ROUND_HALF_UP))
    if cents < 0:
        raise ValueError("amount_in_words needs a non-negative amount")
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if whole >= 10**16:
        raise ValueError("amount too large")
    groups = []
    rest = whole
    while rest:
        groups.append(rest % 10000)
        rest //= 10000
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = gap or bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _four(group) + _GROUPS[index]
        gap = False
    if whole:
        text += "元"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif fen and whole:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    elif not text:
        text = "零元"
    if not fen:
        text += "整"
    return "人民币" + text
