"""Case numbers (案号): parsing, formatting and validation.

The format is fixed by the SPC *Several Provisions on Case Numbers of People's Courts*
(关于人民法院案件案号的若干规定, 法〔2015〕137号, in force 2016-01-01, amended by
法〔2018〕335号)::

    （收案年度）法院代字[专门审判代字]类型代字案件编号号      e.g. （2024）京0105民初123号

Input may use half-width parentheses; output always uses the full-width ones of the
standard.  Pre-2016 numbers (``（2015）X民初字第123号``) are recognised by
:func:`is_legacy_case_number` but never parsed or normalised: store them verbatim.

This module is framework-free: no Django, no other Xiezhi app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "PROVINCE_CODES",
    "SPECIAL_CODES",
    "TYPE_CODES",
    "CaseNumber",
    "CaseNumberError",
    "CourtLevel",
    "TypeCode",
    "check_court_code",
    "court_code_level",
    "format_case_number",
    "is_legacy_case_number",
    "parse_case_number",
    "province_of",
    "type_code_info",
    "type_codes",
]

CourtLevel = Literal["supreme", "high", "intermediate", "basic"]


class CaseNumberError(ValueError):
    """A case number (or one of its parts) is malformed; the message says what is wrong."""


# ---------------------------------------------------------------------------
# Court codes (法院代字)
# ---------------------------------------------------------------------------

SUPREME_COURT_CODE = "最高法"

#: High-court codes (Art. 4): one character per provincial-level court, plus 军 (PLA
#: Military Court) and 兵 (XPCC branch of the Xinjiang High Court).  Char → name.
PROVINCE_CODES: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "内": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
    "兵": "新疆生产建设兵团",
    "军": "中国人民解放军军事法院",
}

_COURT_SHAPE = re.compile(r"(?P<prov>\D)(?P<digits>\d*)")


def check_court_code(code: str) -> CourtLevel:
    """Validate a court code (法院代字) against the structure rules; return its level.

    最高法 → supreme; a province character (京, 内, 军, 兵, …) → high; plus 2 digits →
    intermediate (01–99, including the special ranges 71–99 of Art. 5 as amended in
    2018); plus 4 digits → basic (digits 3–6 of the county's GB/T 2260 code).

    This checks the *shape* only.  Whether a court with that code exists is a question
    for the SPC's published code table (Art. 12), which the courts app holds as data.
    Raises :class:`CaseNumberError` with the reason.
    """
    if not isinstance(code, str) or not code:
        raise CaseNumberError("missing court code")
    if code == SUPREME_COURT_CODE:
        return "supreme"
    match = _COURT_SHAPE.fullmatch(code)
    if match is None:
        raise CaseNumberError(
            f"unknown court code shape {code!r}: expected 最高法, or a province character "
            "optionally followed by 2 or 4 digits"
        )
    prov, digits = match["prov"], match["digits"]
    if prov not in PROVINCE_CODES:
        raise CaseNumberError(f"unknown province character {prov!r} in court code {code!r}")
    if not digits:
        return "high"
    if len(digits) not in (2, 4):
        raise CaseNumberError(
            f"court code {code!r} has {len(digits)} digits: intermediate courts use 2, basic courts 4"
        )
    # 00 is never a prefecture-level part: GB/T 2260 numbers prefectures from 01, and
    # the special intermediate courts use 71–99.
    if digits[:2] == "00":
        raise CaseNumberError(f"court code {code!r}: the prefecture part must not be 00")
    if len(digits) == 2:
        return "intermediate"
    # A county-level code ending in 00 would denote the prefecture itself.
    if digits[2:] == "00":
        raise CaseNumberError(f"court code {code!r}: the county part of a basic court must not be 00")
    return "basic"


def court_code_level(code: str) -> CourtLevel:
    """Court level of a code: ``"supreme" | "high" | "intermediate" | "basic"``.

    Same as :func:`check_court_code` (raises :class:`CaseNumberError` if malformed).
    """
    return check_court_code(code)


def province_of(code: str) -> str | None:
    """Province (or 军/兵 system) name in Chinese for a court code; ``None`` for 最高法."""
    if check_court_code(code) == "supreme":
        return None
    return PROVINCE_CODES[code[0]]


# ---------------------------------------------------------------------------
# Type codes (类型代字) — versioned table
# ---------------------------------------------------------------------------

_STANDARD_2016 = date(2016, 1, 1)  # 法〔2015〕137号 in force


@dataclass(frozen=True, slots=True)
class TypeCode:
    """One row of the case type-code standard (人民法院案件类型及其代字标准).

    ``case_type`` follows the standard's top-level categories (criminal, civil,
    administrative, state_compensation, judicial_aid, judicial_assistance,
    judicial_sanction, preservation, enforcement, bankruptcy, liquidation);
    jurisdiction cases (…辖) are filed under the subject matter they concern with
    ``procedure="jurisdiction…"``.  ``random_sequence`` marks 刑核, whose number is a
    random 8-digit number rather than a sequence (Art. 10 ¶2).
    """

    code: str
    meaning_zh: str
    meaning_en: str
    case_type: str
    procedure: str | None
    valid_from: date = _STANDARD_2016
    valid_to: date | None = None
    random_sequence: bool = False
    note: str = ""

    def valid_in_year(self, year: int) -> bool:
        """True if the code was in force at any time during ``year`` (the acceptance year)."""
        if self.valid_from > date(year, 12, 31):
            return False
        return self.valid_to is None or self.valid_to >= date(year, 1, 1)


def _t(
    code: str,
    zh: str,
    en: str,
    case_type: str,
    procedure: str | None,
    valid_from: date = _STANDARD_2016,
    valid_to: date | None = None,
    note: str = "",
    *,
    random_sequence: bool = False,
) -> TypeCode:
    return TypeCode(code, zh, en, case_type, procedure, valid_from, valid_to, random_sequence, note)


_VERIFY = "added after the 2015 standard; validity date not verified"
_VERIFY_ASSIST = "judicial-assistance code; verify against the published standard"

#: The type-code table.  Source: 法〔2015〕137号 and later SPC revisions (see ``note``).
# fmt: off
TYPE_CODES: tuple[TypeCode, ...] = (
    # --- jurisdiction (管辖) -------------------------------------------------------
    _t("刑辖", "刑事管辖案件", "criminal jurisdiction (escalation/designation)", "criminal", "jurisdiction"),
    _t("民辖", "民事管辖案件", "civil jurisdiction (escalation/designation)", "civil", "jurisdiction"),
    _t("民辖终", "民事管辖上诉案件", "civil jurisdiction appeal", "civil", "jurisdiction_appeal"),
    _t("民辖监", "民事管辖监督案件", "civil jurisdiction supervision", "civil", "jurisdiction_supervision"),
    _t("行辖", "行政管辖案件", "administrative jurisdiction", "administrative", "jurisdiction"),
    _t("行辖终", "行政管辖上诉案件", "administrative jurisdiction appeal", "administrative",
       "jurisdiction_appeal"),
    _t("赔辖", "行政赔偿管辖案件", "administrative-compensation jurisdiction", "state_compensation",
       "jurisdiction"),
    _t("赔辖终", "行政赔偿管辖上诉案件", "administrative-compensation jurisdiction appeal",
       "state_compensation", "jurisdiction_appeal"),
    # --- criminal (刑事) -----------------------------------------------------------
    _t("刑初", "刑事一审案件", "criminal first instance (incl. remanded retrials)", "criminal",
       "first_instance"),
    _t("刑终", "刑事二审案件", "criminal second instance (appeal or protest)", "criminal", "second_instance"),
    _t("刑监", "刑事依职权再审审查案件", "criminal retrial review on the court's own motion", "criminal",
       "retrial_review"),
    _t("刑申", "刑事申诉再审审查案件", "criminal petition review for retrial", "criminal", "retrial_review"),
    _t("刑抗", "刑事抗诉再审审查案件", "criminal procuratorate-protest retrial review", "criminal",
       "retrial_review"),
    _t("刑再", "刑事再审案件", "criminal retrial", "criminal", "retrial"),
    _t("刑核", "刑事复核案件", "criminal review (death penalty, below-minimum sentence, special parole)",
       "criminal", "review", random_sequence=True),
    _t("刑没", "违法所得没收案件", "confiscation of illegal gains", "criminal", "confiscation"),
    _t("刑医", "强制医疗案件", "compulsory medical treatment: application", "criminal",
       "compulsory_medical_treatment"),
    _t("刑医解", "解除强制医疗案件", "compulsory medical treatment: release", "criminal",
       "compulsory_medical_release"),
    _t("刑医复", "强制医疗复议案件", "compulsory medical treatment: reconsideration", "criminal",
       "compulsory_medical_reconsideration"),
    _t("刑医监", "强制医疗监督案件", "compulsory medical treatment: supervision", "criminal",
       "compulsory_medical_supervision"),
    _t("刑止", "停止执行死刑案件", "stay of death-penalty execution", "criminal", "stay_of_execution"),
    _t("刑止调", "停止执行死刑调查案件", "stay of death-penalty execution: investigation", "criminal",
       "stay_of_execution_investigation"),
    _t("刑止核", "停止执行死刑复核案件", "stay of death-penalty execution: review", "criminal",
       "stay_of_execution_review"),
    _t("刑更", "刑罚与执行变更案件", "sentence commutation, parole, temporary out-of-prison execution",
       "criminal", "sentence_change"),
    _t("刑更监", "刑罚与执行变更监督案件", "sentence change supervision", "criminal",
       "sentence_change_supervision"),
    _t("刑更备", "刑罚与执行变更备案案件", "sentence change filing", "criminal", "sentence_change_filing"),
    _t("刑教", "安置教育案件", "placement education", "criminal", "placement_education", note=_VERIFY),
    _t("刑教解", "解除安置教育案件", "placement education: release", "criminal",
       "placement_education_release", note=_VERIFY),
    _t("刑教复", "安置教育复议案件", "placement education: reconsideration", "criminal",
       "placement_education_reconsideration", note=_VERIFY),
    _t("刑教监", "安置教育监督案件", "placement education: supervision", "criminal",
       "placement_education_supervision", note=_VERIFY),
    _t("刑他", "其他刑事案件", "other criminal matter", "criminal", None),
    # --- civil (民事) --------------------------------------------------------------
    _t("民初", "民事一审案件", "civil first instance", "civil", "first_instance"),
    _t("民终", "民事二审案件", "civil second instance", "civil", "second_instance"),
    _t("民监", "民事依职权再审审查案件", "civil retrial review on the court's own motion", "civil",
       "retrial_review"),
    _t("民申", "民事申请再审审查案件", "civil retrial application review", "civil", "retrial_review"),
    _t("民抗", "民事抗诉再审审查案件", "civil procuratorate-protest retrial review", "civil",
       "retrial_review"),
    _t("民再", "民事再审案件", "civil retrial", "civil", "retrial"),
    _t("民撤", "第三人撤销之诉案件", "third-party action to set aside a judgment", "civil",
       "third_party_revocation"),
    _t("民特", "特别程序案件", "civil special procedure", "civil", "special_procedure"),
    _t("民特监", "特别程序监督案件", "civil special procedure supervision", "civil",
       "special_procedure_supervision"),
    _t("民催", "催告案件", "public summons (incl. ship-lien summons)", "civil", "public_summons"),
    _t("民督", "申请支付令审查案件", "payment order application", "civil", "payment_order"),
    _t("民督监", "支付令监督案件", "payment order supervision", "civil", "payment_order_supervision"),
    _t("民保令", "人身安全保护令案件", "personal-safety protection order", "civil", "protection_order",
       note=_VERIFY),
    _t("民保更", "人身安全保护令变更案件", "personal-safety protection order variation", "civil",
       "protection_order_variation", note=_VERIFY),
    _t("民他", "其他民事案件", "other civil matter", "civil", None),
    # 2015 original codes, replaced in practice by the 破…/强清… families below.
    _t("民破", "破产案件", "bankruptcy (2015 standard)", "bankruptcy", None,
       note="2015 code; superseded by the 破 family, end date not verified"),
    _t("民算", "强制清算案件", "compulsory liquidation (2015 standard)", "liquidation", None,
       note="2015 code; superseded by the 清 family, end date not verified"),
    # --- administrative (行政) -----------------------------------------------------
    _t("行初", "行政一审案件", "administrative first instance", "administrative", "first_instance"),
    _t("行终", "行政二审案件", "administrative second instance", "administrative", "second_instance"),
    _t("行监", "行政依职权再审审查案件", "administrative retrial review on the court's own motion",
       "administrative", "retrial_review"),
    _t("行申", "行政申请再审审查案件", "administrative retrial application review", "administrative",
       "retrial_review"),
    _t("行抗", "行政抗诉再审审查案件", "administrative procuratorate-protest retrial review",
       "administrative", "retrial_review"),
    _t("行再", "行政再审案件", "administrative retrial", "administrative", "retrial"),
    _t("行审", "非诉行政行为申请执行审查案件",
       "review of an agency's application to enforce a non-litigated administrative decision",
       "administrative", "non_litigation_enforcement_review"),
    _t("行审复", "非诉行政行为申请执行审查复议案件", "reconsideration of a non-litigation enforcement review",
       "administrative", "non_litigation_enforcement_reconsideration"),
    # --- state compensation (国家赔偿) ---------------------------------------------
    _t("行赔初", "行政赔偿一审案件", "administrative compensation first instance", "state_compensation",
       "first_instance"),
    _t("行赔终", "行政赔偿二审案件", "administrative compensation second instance", "state_compensation",
       "second_instance"),
    _t("行赔监", "行政赔偿依职权再审审查案件", "administrative compensation retrial review (own motion)",
       "state_compensation", "retrial_review"),
    _t("行赔申", "行政赔偿申请再审审查案件", "administrative compensation retrial application review",
       "state_compensation", "retrial_review"),
    _t("行赔抗", "行政赔偿抗诉再审审查案件", "administrative compensation protest retrial review",
       "state_compensation", "retrial_review"),
    _t("行赔再", "行政赔偿再审案件", "administrative compensation retrial", "state_compensation", "retrial"),
    _t("法赔", "法院作为赔偿义务机关自赔案件", "court as compensation obligor (self-compensation)",
       "state_compensation", "self_compensation"),
    _t("委赔", "赔偿委员会审理赔偿案件", "State Compensation Committee case", "state_compensation",
       "compensation_committee"),
    _t("委赔监", "赔偿委员会赔偿监督审查案件", "State Compensation Committee supervision review",
       "state_compensation", "compensation_committee_supervision"),
    _t("委赔提", "上级赔偿委员会提审赔偿案件", "retrial by a higher compensation committee",
       "state_compensation", "compensation_committee_retrial"),
    _t("委赔再", "赔偿委员会重新审理赔偿案件", "retrial by the same compensation committee",
       "state_compensation", "compensation_committee_retrial"),
    _t("赔确监", "确认申诉审查案件", "petition concerning confirmation of illegality", "state_compensation",
       "confirmation_supervision"),
    _t("赔他", "其他国家赔偿案件", "other state compensation matter", "state_compensation", None),
    # --- judicial aid (司法救助) ---------------------------------------------------
    _t("司救刑", "刑事司法救助案件", "judicial aid, criminal source", "judicial_aid", None),
    _t("司救民", "民事司法救助案件", "judicial aid, civil source", "judicial_aid", None),
    _t("司救行", "行政司法救助案件", "judicial aid, administrative source", "judicial_aid", None),
    _t("司救赔", "国家赔偿司法救助案件", "judicial aid, state-compensation source", "judicial_aid", None),
    _t("司救执", "执行司法救助案件", "judicial aid, enforcement source", "judicial_aid", None),
    _t("司救访", "涉诉信访司法救助案件", "judicial aid, litigation-related petition source", "judicial_aid",
       None),
    _t("司救他", "其他司法救助案件", "judicial aid, other source", "judicial_aid", None),
    # --- inter-regional / international judicial assistance (司法协助) ----------------
    _t("认台", "认可与执行台湾地区法院裁判及仲裁裁决案件",
       "recognition/enforcement of Taiwan judgments and awards", "judicial_assistance",
       "recognition_enforcement"),
    _t("认港", "认可与执行香港特区法院裁判及仲裁裁决案件",
       "recognition/enforcement of Hong Kong judgments and awards", "judicial_assistance",
       "recognition_enforcement"),
    _t("认澳", "认可与执行澳门特区法院裁判及仲裁裁决案件",
       "recognition/enforcement of Macao judgments and awards", "judicial_assistance",
       "recognition_enforcement"),
    _t("协外认", "承认与执行外国法院裁判及仲裁裁决案件",
       "recognition/enforcement of foreign judgments and awards", "judicial_assistance",
       "recognition_enforcement"),
    *(
        _t(code, zh, en, "judicial_assistance", proc, note=_VERIFY_ASSIST)
        for region_zh, region_en in (("台", "Taiwan"), ("港", "Hong Kong"), ("澳", "Macao"))
        for code, zh, en, proc in (
            (f"请{region_zh}送", f"请求{region_zh}方协助送达文书案件",
             f"request to {region_en} for service of documents", "service_request"),
            (f"{region_zh}请送", f"{region_zh}方请求协助送达文书案件",
             f"request from {region_en} for service of documents", "service_assistance"),
            (f"请{region_zh}调", f"请求{region_zh}方协助调查取证案件",
             f"request to {region_en} for taking evidence", "evidence_request"),
            (f"{region_zh}请调", f"{region_zh}方请求协助调查取证案件",
             f"request from {region_en} for taking evidence", "evidence_assistance"),
        )
    ),
    # --- judicial sanctions (司法制裁) ---------------------------------------------
    _t("司惩", "司法制裁审查案件", "judicial sanction (detention, fine)", "judicial_sanction", "sanction"),
    _t("司惩复", "司法制裁复议案件", "judicial sanction reconsideration", "judicial_sanction",
       "sanction_reconsideration"),
    # --- non-litigation preservation (非诉保全审查) -----------------------------------
    _t("财保", "非诉财产保全审查案件", "pre-suit / pre-arbitration property preservation review",
       "preservation", "property_preservation"),
    _t("行保", "非诉行为保全审查案件", "conduct preservation (injunction) review", "preservation",
       "conduct_preservation"),
    _t("行保复", "非诉行为保全复议案件", "conduct preservation reconsideration", "preservation",
       "conduct_preservation_reconsideration"),
    _t("证保", "非诉证据保全审查案件", "evidence preservation review", "preservation",
       "evidence_preservation"),
    # --- enforcement (执行) --------------------------------------------------------
    _t("执", "首次执行案件", "first enforcement", "enforcement", "first_enforcement"),
    _t("执恢", "恢复执行案件", "resumed enforcement", "enforcement", "resumed_enforcement"),
    _t("执保", "财产保全执行案件", "execution of a preservation ruling", "enforcement",
       "preservation_execution"),
    _t("执异", "执行异议案件", "enforcement objection", "enforcement", "objection"),
    _t("执复", "执行复议案件", "enforcement reconsideration (higher court)", "enforcement",
       "reconsideration"),
    _t("执监", "执行监督案件", "enforcement supervision", "enforcement", "supervision"),
    _t("执协", "执行协调案件", "enforcement coordination", "enforcement", "coordination"),
    _t("执他", "其他执行案件", "other enforcement matter", "enforcement", None),
    # --- bankruptcy and compulsory liquidation (破产与强制清算) -------------------------
    _t("破申", "破产申请审查案件", "bankruptcy application review", "bankruptcy", "application_review",
       note="replaces 民破; revision date not verified"),
    _t("破", "破产案件", "bankruptcy (liquidation, reorganisation, settlement)", "bankruptcy", "bankruptcy",
       note="replaces 民破; revision date not verified"),
    _t("破终", "破产上诉案件", "bankruptcy appeal", "bankruptcy", "second_instance"),
    _t("破监", "破产监督案件", "bankruptcy supervision", "bankruptcy", "supervision"),
    _t("清申", "强制清算申请审查案件", "compulsory liquidation application review", "liquidation",
       "application_review", note="replaces 民算; revision date not verified"),
    _t("强清", "强制清算案件", "compulsory liquidation", "liquidation", "liquidation",
       note="replaces 民算; revision date not verified"),
    _t("清终", "强制清算上诉案件", "compulsory liquidation appeal", "liquidation", "second_instance"),
    _t("清监", "强制清算监督案件", "compulsory liquidation supervision", "liquidation", "supervision"),
)
# fmt: on

_TYPE_INDEX: dict[str, TypeCode] = {row.code: row for row in TYPE_CODES}
if len(_TYPE_INDEX) != len(TYPE_CODES):  # pragma: no cover - guards edits to the table
    raise RuntimeError("duplicate code in TYPE_CODES")

#: Special-adjudication codes (专门审判代字, added by 法〔2018〕335号): char → (meaning, valid from).
#: 知 is used by the SPC IP Tribunal, which opened on 2019-01-01.
SPECIAL_CODES: dict[str, tuple[str, date]] = {
    "知": ("technical intellectual-property cases (知识产权)", date(2019, 1, 1)),
}


def type_code_info(code: str) -> TypeCode:
    """The table row for a type code (类型代字); raises :class:`CaseNumberError` if unknown."""
    try:
        return _TYPE_INDEX[code]
    except (KeyError, TypeError):
        raise CaseNumberError(f"unknown type code {code!r}") from None


def type_codes(on: date | None = None) -> tuple[TypeCode, ...]:
    """All type codes, or only those in force on ``on`` when given."""
    if on is None:
        return TYPE_CODES
    return tuple(
        row for row in TYPE_CODES if row.valid_from <= on and (row.valid_to is None or row.valid_to >= on)
    )


# ---------------------------------------------------------------------------
# Case numbers
# ---------------------------------------------------------------------------

#: First acceptance year of the current format (法〔2015〕137号 in force 2016-01-01).
FIRST_YEAR = 2016
_RANDOM_SEQUENCE_DIGITS = 8


def _check_parts(year: int, court_code: str, type_code: str, sequence: int, special: str) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise CaseNumberError(f"year must be an integer, got {year!r}")
    # Allow next year: the server clock runs on UTC, and on 1 January before 08:00 China
    # time a freshly issued number already carries the new year.
    latest = date.today().year + 1
    if not FIRST_YEAR <= year <= latest:
        raise CaseNumberError(
            f"year {year} out of range: the current format applies to cases accepted from "
            f"{FIRST_YEAR} to {latest} (older numbers are legacy and stored verbatim)"
        )
    check_court_code(court_code)
    if special:
        if special not in SPECIAL_CODES:
            raise CaseNumberError(f"unknown special-adjudication code {special!r}")
        since = SPECIAL_CODES[special][1]
        if year < since.year:
            raise CaseNumberError(f"special-adjudication code {special!r} is not in use before {since.year}")
    info = type_code_info(type_code)
    if not info.valid_in_year(year):
        raise CaseNumberError(
            f"type code {type_code!r} was not in force in {year} "
            f"(valid {info.valid_from.isoformat()} to {info.valid_to or 'now'})"
        )
    if isinstance(sequence, bool) or not isinstance(sequence, int):
        raise CaseNumberError(f"sequence must be an integer, got {sequence!r}")
    if info.random_sequence:
        # 刑核 uses a random fixed-length 8-digit number (Art. 10 ¶2).
        if not 1 <= sequence < 10**_RANDOM_SEQUENCE_DIGITS:
            raise CaseNumberError(f"{type_code} cases use a random 8-digit number, got {sequence}")
    elif sequence < 1:
        raise CaseNumberError(f"sequence must be a natural number starting at 1, got {sequence}")


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A validated case number (案号); ``str()`` gives the canonical full-width form.

    >>> str(CaseNumber(2019, "最高法", "民终", 1, special="知"))
    '（2019）最高法知民终1号'
    """

    year: int
    court_code: str
    type_code: str
    sequence: int
    special: str = ""

    def __post_init__(self) -> None:
        _check_parts(self.year, self.court_code, self.type_code, self.sequence, self.special)

    def __str__(self) -> str:
        if _TYPE_INDEX[self.type_code].random_sequence:
            number = f"{self.sequence:0{_RANDOM_SEQUENCE_DIGITS}d}"
        else:
            number = str(self.sequence)
        return f"（{self.year}）{self.court_code}{self.special}{self.type_code}{number}号"

    @property
    def court_level(self) -> CourtLevel:
        """Level of the accepting court (supreme/high/intermediate/basic)."""
        return check_court_code(self.court_code)

    @property
    def type_info(self) -> TypeCode:
        """The type-code table row (case type, procedure, meanings)."""
        return _TYPE_INDEX[self.type_code]


def format_case_number(year: int, court_code: str, type_code: str, sequence: int, special: str = "") -> str:
    """Validate the parts and return the canonical case number with full-width parentheses.

    Raises :class:`CaseNumberError` naming the faulty part.
    """
    return str(CaseNumber(year, court_code, type_code, sequence, special))


_OPEN = "（("
_HEAD = re.compile(r"[（(](?P<year>[^（()）]*)[）)](?P<body>.*)", re.DOTALL)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LEGACY = re.compile(r"[（(]\d{4}[）)][^（()）\s]*?字第\d+号")


def is_legacy_case_number(text: str) -> bool:
    """True for a pre-2016 case number such as ``（2015）X民初字第123号``.

    Legacy numbers used free-form court abbreviations and 字第; they are stored verbatim
    and never normalised into :class:`CaseNumber`.
    """
    return bool(_LEGACY.fullmatch(text.strip()))


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number; accepts （）or () and surrounding whitespace.

    Raises :class:`CaseNumberError` whose message says what is wrong (missing year,
    year out of range, court-code shape, unknown type code, zero-padded sequence,
    missing 号, …).  Legacy pre-2016 numbers are rejected: test them with
    :func:`is_legacy_case_number` and store them verbatim.
    """
    if not isinstance(text, str):
        raise CaseNumberError(f"case number must be a string, got {type(text).__name__}")
    s = text.strip()
    if not s:
        raise CaseNumberError("empty case number")
    if is_legacy_case_number(s):
        raise CaseNumberError("legacy pre-2016 case number (…字第…号): store it verbatim, do not parse")
    if s[0] not in _OPEN:
        raise CaseNumberError("missing year: a case number starts with the acceptance year in parentheses")
    head = _HEAD.fullmatch(s)
    if head is None:
        raise CaseNumberError("unclosed parenthesis after the year")
    year_text, body = head["year"], head["body"]
    if not year_text:
        raise CaseNumberError("missing year inside the parentheses")
    if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
        raise CaseNumberError(f"year must be 4 Arabic digits, got {year_text!r}")
    if not body.endswith("号"):
        raise CaseNumberError("missing 号 at the end")
    body = body[:-1]

    court, rest = _split_court(body)
    check_court_code(court)

    letters = _CJK.match(rest)
    if letters is None:
        raise CaseNumberError("missing type code after the court code")
    chars, seq_text = letters.group(), rest[letters.end() :]
    if not seq_text:
        raise CaseNumberError("missing sequence number before 号")
    if not (seq_text.isascii() and seq_text.isdigit()):
        raise CaseNumberError(f"sequence must be Arabic digits, got {seq_text!r}")

    special, type_code = _split_special(chars)
    info = type_code_info(type_code) if type_code in _TYPE_INDEX else None
    if info is None:
        if len(type_code) > 3:
            raise CaseNumberError(f"unknown type code {type_code!r} (type codes have at most 3 characters)")
        raise CaseNumberError(f"unknown type code {type_code!r}")
    if info.random_sequence:
        if len(seq_text) != _RANDOM_SEQUENCE_DIGITS:
            raise CaseNumberError(f"{type_code} cases use a random 8-digit number, got {seq_text!r}")
    elif seq_text.startswith("0"):
        if set(seq_text) == {"0"}:
            raise CaseNumberError("sequence must start at 1, got 0")
        raise CaseNumberError(f"sequence must not be zero-padded, got {seq_text!r}")
    return CaseNumber(int(year_text), court, type_code, int(seq_text), special)


def _split_court(body: str) -> tuple[str, str]:
    """Split ``body`` (after the year, without 号) into court code and remainder."""
    if body.startswith(SUPREME_COURT_CODE):
        return SUPREME_COURT_CODE, body[len(SUPREME_COURT_CODE) :]
    if not body:
        raise CaseNumberError("missing court code after the year")
    end = 1
    while end < len(body) and body[end].isascii() and body[end].isdigit():
        end += 1
    if end == len(body):
        # Only digits follow: the type code is what is missing, not a court-code problem.
        raise CaseNumberError("missing type code after the court code")
    return body[:end], body[end:]


def _split_special(chars: str) -> tuple[str, str]:
    """Separate an optional special-adjudication character (e.g. 知) from the type code."""
    if len(chars) > 1 and chars[0] in SPECIAL_CODES and chars[1:] in _TYPE_INDEX:
        return chars[0], chars[1:]
    return "", chars
