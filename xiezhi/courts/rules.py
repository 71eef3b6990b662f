"""Pure rules about courts: levels, hierarchy and court codes (法院代字).

The shape of a court code is decided in one place, :mod:`xiezhi.nlp.case_numbers`, which the
case-number parser also uses; this module adds the hierarchy rules a court record must satisfy.
"""

from __future__ import annotations

from xiezhi.nlp.case_numbers import CaseNumberError, check_court_code

__all__ = ["PARENT_LEVEL", "court_code_problems"]

#: The level a court's parent must have (人民法院组织法: four levels of courts).
PARENT_LEVEL: dict[str, str | None] = {
    "supreme": None,
    "high": "supreme",
    "intermediate": "high",
    "basic": "intermediate",
}


def court_code_problems(
    code: str, level: str, parent_code: str | None = None, parent_level: str | None = None
) -> dict[str, str]:
    """Return field → message for every way ``code``/``level``/parent disagree (empty when valid).

    A basic court's code must start with its province character, like its parent's, but its digits
    need not extend the parent's: municipalities number their intermediate courts 01, 02, ... while
    their district courts keep the GB/T 2260 county digits (京0105 sits under 京03).
    """
    problems: dict[str, str] = {}
    try:
        code_level = check_court_code(code)
    except CaseNumberError as exc:
        problems["code"] = str(exc)
        return problems
    if code_level != level:
        problems["code"] = f"Code {code} is the code of a {code_level} court, not of a {level} court."
    expected_parent = PARENT_LEVEL.get(level)
    if expected_parent is None:
        if parent_code is not None:
            problems["parent"] = "The Supreme People's Court has no parent court."
        return problems
    if parent_code is None:
        problems["parent"] = f"A {level} court must belong to a {expected_parent} court."
        return problems
    if parent_level != expected_parent:
        problems["parent"] = (
            f"A {level} court's parent must be a {expected_parent} court, not a {parent_level} court."
        )
    elif expected_parent != "supreme" and code[:1] != parent_code[:1]:
        problems["parent"] = f"Court code {code} belongs to another province than its parent {parent_code}."
    return problems
