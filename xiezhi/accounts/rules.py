"""Pure validation rules for people's identifiers (no Django)."""

from __future__ import annotations

import re

__all__ = [
    "identity_number_problem",
    "lawyer_licence_problem",
    "mask_identity_number",
    "mobile_problem",
]

# GB 11643-1999: 17 digits, then a check character from an ISO 7064 MOD 11-2 checksum.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LICENCE_RE = re.compile(r"^\d{17}$")


def identity_number_problem(value: str) -> str | None:
    """Return why ``value`` is not a valid resident identity number (居民身份证号码), or None."""
    value = value.strip().upper()
    if not _ID_RE.match(value):
        return "A resident identity number has 17 digits followed by a digit or X."
    month, day = int(value[10:12]), int(value[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "The birth date inside the identity number is not a real date."
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        return "The check character of the identity number is wrong; please re-check the number."
    return None


def mask_identity_number(value: str) -> str:
    """Show only the first 3 and last 2 characters of an identity number."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mobile_problem(value: str) -> str | None:
    """Return why ``value`` is not a mainland mobile number (11 digits starting 13–19), or None."""
    if not _MOBILE_RE.match(value.strip()):
        return "A mobile number has 11 digits and starts with 13–19."
    return None


def lawyer_licence_problem(value: str) -> str | None:
    """Return why ``value`` is not a lawyer's practice certificate number (执业证号, 17 digits), or None."""
    if not _LICENCE_RE.match(value.strip()):
        return "A lawyer's practice certificate number has 17 digits."
    return None
