"""Pure rules about courts: levels, hierarchy and court codes (法院代字).

The shape of a court code is decided in one place, :mod:`xiezhi.nlp.case_numbers`, which the
case-number parser also uses; this module adds the hierarchy rules a court record must satisfy.
"""

from __future__ import annotations

from xiezhi.nlp.case_numbers import CaseNumberError, check_court_code

__all__ = [
    "MUNICIPALITIES",
    "PARENT_LEVEL",
    "PROVINCE_REGIONS",
    "ancestor_codes_from_code",
    "court_code_problems",
    "parent_code_from_code",
    "region_from_code",
]

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


# --- what a court code tells about region and hierarchy --------------------------------------------

#: GB/T 2260 province-level code (first two digits) of each high-court character (法院代字). 兵 (the
#: XPCC branch of the Xinjiang High Court) sits in Xinjiang; 军 (military courts) has no region.
PROVINCE_REGIONS: dict[str, str] = {
    "京": "11", "津": "12", "冀": "13", "晋": "14", "内": "15",
    "辽": "21", "吉": "22", "黑": "23",
    "沪": "31", "苏": "32", "浙": "33", "皖": "34", "闽": "35", "赣": "36", "鲁": "37",
    "豫": "41", "鄂": "42", "湘": "43", "粤": "44", "桂": "45", "琼": "46",
    "渝": "50", "川": "51", "黔": "52", "云": "53", "藏": "54",
    "陕": "61", "甘": "62", "青": "63", "宁": "64", "新": "65", "兵": "65",
}  # fmt: skip

#: Municipalities number their intermediate courts 01, 02, … (not by GB/T 2260), and their district
#: courts sit under those in no order of their digits (京0105 under 京03).
MUNICIPALITIES = frozenset("京津沪渝")

#: Two-digit parts from which the intermediate level is a special court (railway 71, maritime 72, IP
#: 73, …, cross-region 87–95, courts for certain county-level areas 96–99; 法〔2018〕335号 Art. 5):
#: not a prefecture of GB/T 2260.
_SPECIAL_FROM = 71


def _level(code: str) -> str | None:
    try:
        return check_court_code(code)
    except CaseNumberError:
        return None


def region_from_code(code: str) -> str:
    """The GB/T 2260 region (行政区划代码) prefix a court code implies, ``""`` when it implies none.

    A basic court's four digits are digits 3–6 of its county's code (粤0703 → 440703, 京0105 →
    110105); an intermediate court's two digits are its prefecture's (粤07 → 4407), except in the
    municipalities and for the special courts (71–99), which give the province only (京01 → 11,
    沪72 → 31), as do the high courts (京 → 11) and the XPCC courts (兵 → 65). The Supreme People's
    Court, the military courts and malformed codes give ``""``. The stored region of a court record,
    when there is one, wins over this.
    """
    level = _level(code)
    if level in (None, "supreme"):
        return ""
    province = PROVINCE_REGIONS.get(code[0], "")
    digits = code[1:]
    if not province or not digits or code[0] == "兵" or int(digits[:2]) >= _SPECIAL_FROM:
        return province
    if level == "intermediate" and code[0] in MUNICIPALITIES:
        return province
    return province + digits


def parent_code_from_code(code: str) -> str | None:
    """The code of the court directly above, when the code alone tells it, else ``None``.

    High court → 最高法; intermediate court → its province's high court (京01 → 京); basic court →
    the intermediate court of the same prefecture digits (粤0703 → 粤07), but not in the
    municipalities (京0105 sits under 京03) nor under the special codes 71–99 (railway, forestry,
    county-level areas' courts …), where the code does not tell.
    """
    level = _level(code)
    if level == "high":
        return "最高法"
    if level == "intermediate":
        return code[0]
    if level == "basic" and code[0] not in MUNICIPALITIES and int(code[1:3]) < _SPECIAL_FROM:
        return code[:3]
    return None


def ancestor_codes_from_code(code: str) -> tuple[str, ...]:
    """The codes of the courts above, nearest first, as far as the code tells them: 粤0703 → (粤07,
    粤, 最高法); 京0105 → (京, 最高法) (its intermediate court is not told by the code); 京01 →
    (京, 最高法); 京 → (最高法,); 最高法 and malformed codes → ()."""
    level = _level(code)
    if level in (None, "supreme"):
        return ()
    out = []
    parent = parent_code_from_code(code)
    if level == "basic" and parent is not None:
        out.append(parent)
    if level in ("basic", "intermediate"):
        out.append(code[0])
    out.append("最高法")
    return tuple(out)
