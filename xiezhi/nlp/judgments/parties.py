"""The parties section: who the parties are, in which role, and who acts for them.

The section runs from the line after the case number to the first line of the narrative
(原告X与被告Y…纠纷一案, 公诉机关…以…起诉书指控…, 上诉人X因…). Each line opens with a label:

- a party role (被告人, 上诉人（原审被告）, 原审第三人, 申请执行人 …) and the party's name;
- a representative (辩护人, 委托诉讼代理人, 法定代理人 …), possibly for several parties at once
  (二上诉人共同委托诉讼代理人, 两被告共同委托诉讼代理人, 被告人X的辩护人);
- an organisation's head (法定代表人, 负责人, 经营者), which belongs to the organisation above;
- or continues the description of the party above (因涉嫌…被刑事拘留, 现羁押于…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .text import Line, chinese_date, clean_name
from .types import Party, Representative

__all__ = ["ETHNIC_GROUPS", "ROLES", "read_parties"]

#: Party label → (role in this proceeding, role at the earlier instance or None).
ROLES: dict[str, tuple[str, str | None]] = {
    "公诉机关": ("prosecutor", None),
    "原公诉机关": ("prosecutor", "prosecutor"),
    "抗诉机关": ("prosecutor", None),
    "自诉人": ("private_prosecutor", None),
    "附带民事诉讼原告人": ("civil_plaintiff_in_criminal", None),
    "附带民事诉讼被告人": ("civil_defendant_in_criminal", None),
    "原审附带民事诉讼原告人": ("civil_plaintiff_in_criminal", "civil_plaintiff_in_criminal"),
    "原审附带民事诉讼被告人": ("civil_defendant_in_criminal", "civil_defendant_in_criminal"),
    "被告单位": ("accused", None),
    "被告人": ("accused", None),
    "原审被告单位": ("accused", "accused"),
    "原审被告人": ("accused", "accused"),
    "被害人": ("victim", None),
    "罪犯": ("convict", None),
    "申诉人": ("applicant", None),
    "原告": ("plaintiff", None),
    "被告": ("defendant", None),
    "第三人": ("third_party", None),
    "原审原告": ("original_plaintiff", "plaintiff"),
    "原审被告": ("original_defendant", "defendant"),
    "原审第三人": ("original_third_party", "third_party"),
    "上诉人": ("appellant", None),
    "被上诉人": ("appellee", None),
    "再审申请人": ("applicant", None),
    "复议申请人": ("applicant", None),
    "申请人": ("applicant", None),
    "被申请人": ("respondent", None),
    "异议人": ("applicant", None),
    "案外人": ("third_party", None),
    "申请执行人": ("enforcement_applicant", None),
    "被执行人": ("judgment_debtor", None),
    "赔偿请求人": ("applicant", None),
    "赔偿义务机关": ("respondent", None),
}
#: Roles at an earlier instance as written inside a label's parenthesis: 上诉人（原审被告人）.
_ORIGINAL: dict[str, str] = {
    "被告人": "accused",
    "附带民事诉讼原告人": "civil_plaintiff_in_criminal",
    "附带民事诉讼被告人": "civil_defendant_in_criminal",
    "原告": "plaintiff",
    "被告": "defendant",
    "第三人": "third_party",
    "上诉人": "appellant",
    "被上诉人": "appellee",
    "申请人": "applicant",
    "被申请人": "respondent",
    "申请执行人": "enforcement_applicant",
    "被执行人": "judgment_debtor",
}
_ORIGINAL_LONGEST_FIRST = sorted(_ORIGINAL.items(), key=lambda item: -len(item[0]))
#: Representative label → kind (委托诉讼代理人 becomes lawyer when the description says 律师).
_REPRESENTATIVES: dict[str, str] = {
    "辩护人": "defender",
    "指定辩护人": "defender",
    "委托诉讼代理人": "agent",
    "委托代理人": "agent",
    "诉讼代理人": "agent",
    "指定代理人": "agent",
    "法定代理人": "guardian",
    "出庭负责人": "official",
}
_HEADS = ("法定代表人", "主要负责人", "负责人", "经营者", "诉讼代表人", "投资人", "执行事务合伙人")
_CONTINUATION = re.compile(
    r"^(?:因涉嫌|因犯|因本案|现羁押|现在|现住|现服刑|曾因|曾于|系|住|户籍|公民身份|身份证|统一社会信用代码|"
    r"组织机构代码|住所地|经营场所|\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:因|被|经))"
)

# Fifty-six officially recognised ethnic groups (民族), longest first for matching.
ETHNIC_GROUPS: tuple[str, ...] = tuple(
    sorted(
        (
            "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
            "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
            "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
        ).split(),
        key=len,
        reverse=True,
    )
)
_ETHNIC = re.compile("[，。](" + "|".join(ETHNIC_GROUPS) + ")族(?=[，。；]|$)")

_labels = sorted(ROLES, key=len, reverse=True)
_rep_labels = sorted(_REPRESENTATIVES, key=len, reverse=True)
_PARTY = re.compile(
    "^(?P<label>" + "|".join(_labels) + ")"
    r"(?:（(?P<paren>[^（）]{1,40})）)?"
    r"(?P<colon>：)?"
)
_REP = re.compile(
    r"^(?P<prefix>[^，。：]{0,30}?)"
    "(?P<label>" + "|".join(_rep_labels) + ")"
    r"(?:（[^（）]{1,20}）)?：?"
)
_HEAD = re.compile("^(?P<label>" + "|".join(_HEADS) + r")：?")
_NAME_END = re.compile(r"[，。；（、]|$")
_CLAUSE_END = re.compile(r"[，。；（]|$")
# A first clause that tells a story rather than names someone (原告X与被告Y…, 上诉人X因…不服…).
_NARRATIVE = re.compile(r"与|因|不服|一案|纠纷|诉称|辩称|指控|提起|向本院|本院|于\d|申请再审|认为")
_SEX = re.compile(
    r"^(?:（[^（）]*）)?(?:，(?:曾用名|又名|别名|化名|绰号)[^，。]{1,12})*，(?:性别)?(男|女)(?:性)?[，。]"
)
_BIRTH = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日(?:出生|生)"
)
_INLINE_HEAD = re.compile("(?:" + "|".join(_HEADS) + r")：?([\u4e00-\u9fff·]{2,10}?)(?=[，。；（]|$)")
_FIRM = re.compile(r"([\u4e00-\u9fff（）]{2,40}?(?:律师事务所|法律服务所|法律援助中心))")
_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Organisation names by their endings; "other" (其他组织: branches, sole traders, partnerships) first.
_OTHER_ORG = re.compile(
    r"(?:分公司|分行|支行|分理处|营业部|营业所|分店|商行|经营部|门市部|个体工商户|合伙企业|个人独资企业|工作室|"
    r"事务所|村民小组|店|中心店)$"
)
_LEGAL_ORG = re.compile(
    r"(?:公司|银行|集团|政府|委员会|办事处|局|厅|院|署|中心|学校|学院|大学|协会|学会|合作社|联合社|基金会|厂|"
    r"研究所|管理所|派出所|所|站|社|会|馆|部|处|队|场|监狱|看守所|公安局|检察院|法院|联社|小组|企业)$"
)


@dataclass
class _Draft:
    role: str
    role_label: str
    original_role: str | None
    name: str
    description: str
    start: int
    end: int
    sex: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    head: str = ""
    organisation: bool = False
    problems: list[str] = field(default_factory=list)

    def label_is_unit(self) -> bool:
        return "单位" in self.role_label


@dataclass
class PartiesSection:
    parties: tuple[Party, ...]
    representatives: tuple[Representative, ...]
    end_line: int
    problems: list[str]


_MAX_LINES = 80
#: A line at least this long that does not end a sentence was wrapped (by a PDF, a narrow page).
_WRAPPED = 25
_SENTENCE_END = ("。", "；", ".", "！", "？")


def read_parties(all_lines: list[Line], first: int) -> PartiesSection:
    """Read the parties section starting at line ``first``; stop at the first narrative line."""
    drafts: list[_Draft] = []
    reps: list[Representative] = []
    problems: list[str] = []
    limit = min(len(all_lines), first + _MAX_LINES)
    index = first
    while index < limit:
        line, last = _logical(all_lines, index, limit)
        text = line.text
        party = _PARTY.match(text)
        if party is not None and _party_line(text, party.end()):
            drafts.extend(_parties(line, party))
        elif (rep := _REP.match(text)) is not None and drafts and not _NARRATIVE.search(rep["prefix"]):
            reps.extend(_representative(line, rep, drafts, problems))
        elif (head := _HEAD.match(text)) is not None and drafts:
            name = _name_at(line, head.end())
            if name:
                drafts[-1].head = drafts[-1].head or name[0]
                drafts[-1].organisation = True
        elif drafts and _CONTINUATION.match(text):
            drafts[-1].description += text
        elif not (drafts and text.startswith(("翻译人员", "翻译", "鉴定人", "证人"))):
            break  # the narrative begins (participants who are not parties are passed over)
        index = last + 1
    parties = tuple(_freeze(d) for d in drafts)
    for draft in drafts:
        problems.extend(draft.problems)
    if not parties:
        problems.append("parties: no party line (原告：…, 被告人…) after the case number")
    return PartiesSection(parties, tuple(reps), index, problems)


def _starts_entry(text: str) -> bool:
    party = _PARTY.match(text)
    return bool(
        (party is not None and _party_line(text, party.end()))
        or _REP.match(text)
        or _HEAD.match(text)
        or _CONTINUATION.match(text)
    )


def _logical(all_lines: list[Line], index: int, limit: int) -> tuple[Line, int]:
    """Line ``index`` joined with the lines wrapping split off it; and the index of its last part."""
    line, last = all_lines[index], index
    while (
        last + 1 < limit
        and len(line.text) >= _WRAPPED
        and not line.text.endswith(_SENTENCE_END)
        and not _starts_entry(all_lines[last + 1].text)
    ):
        last += 1
        line = Line(line.source, line.start, all_lines[last].end)
    return line, last


def _party_line(text: str, after_label: int) -> bool:
    clause_end = _CLAUSE_END.search(text, after_label)
    clause = text[after_label : clause_end.start() if clause_end else len(text)]
    if not clause or _NARRATIVE.search(clause):
        return False
    sentence_end = text.find("。", after_label)
    if "一案" in text[after_label : sentence_end if sentence_end != -1 else len(text)]:
        return False
    # A name (or a few names joined by 、), not a whole sentence: organisations run to 60 characters.
    return len(clause) <= 60


def _name_at(line: Line, at: int) -> tuple[str, int, int] | None:
    text = line.text
    end = _NAME_END.search(text, at)
    stop = end.start() if end else len(text)
    if stop <= at:
        return None
    start, finish = line.compact.span(at, stop)
    return clean_name(line.source[start:finish]), start, finish


_MAX_SHARED_NAME = 6


def _parties(line: Line, match: re.Match[str]) -> list[_Draft]:
    """One party, or several sharing a line (附带民事诉讼原告人钟传福、曾桂莲、钟晓玲（…），均住…)."""
    text = line.text
    label = match["label"]
    role, original = ROLES[label]
    paren = match["paren"] or ""
    if paren:
        for written, key in _ORIGINAL_LONGEST_FIRST:
            if written in paren:
                original = key
                break
    role_label = text[: match.end()].rstrip("：")
    clause_end = _CLAUSE_END.search(text, match.end())
    stop = clause_end.start() if clause_end else len(text)
    description = text[stop:]
    pieces = text[match.end() : stop].split("、")
    if len(pieces) > 1 and not all(0 < len(piece) <= _MAX_SHARED_NAME for piece in pieces):
        pieces = [text[match.end() : stop]]  # an organisation's name with a 、 in it
    drafts = []
    at = match.end()
    for piece in pieces:
        start, end = line.compact.span(at, at + len(piece))
        name = clean_name(line.source[start:end]) if piece else ""
        draft = _Draft(role, role_label, original, name, description, start, end)
        if not name:
            draft.problems.append(f"party: no name after {role_label}")
        drafts.append(draft)
        at += len(piece) + 1
    return drafts


def _representative(
    line: Line, match: re.Match[str], drafts: list[_Draft], problems: list[str]
) -> list[Representative]:
    label = match["label"]
    kind = _REPRESENTATIVES[label]
    found = _name_at(line, match.end())
    if found is None:
        problems.append(f"representative: no name after {label}")
        return []
    name, start, end = found
    description = line.text[match.end() :]
    firm = _FIRM.search(description)
    law_firm = firm.group(1) if firm and "律师事务所" in firm.group(1) else ""
    if kind == "agent" and "律师" in description and law_firm:
        kind = "lawyer"
    appointed = kind == "defender" and ("指定" in line.text[: match.end()] or "法律援助" in line.text)
    parties = _represented(match["prefix"], drafts)
    if not parties:
        problems.append(f"representative {name}: the party {match['prefix']} is not listed above")
        parties = (len(drafts) - 1,)
    return [
        Representative(
            kind=kind,
            role_label=line.text[: match.end()].rstrip("："),
            name=name,
            law_firm=law_firm,
            parties=parties,
            appointed=appointed,
            start=start,
            end=end,
        )
    ]


def _represented(prefix: str, drafts: list[_Draft]) -> tuple[int, ...]:
    """Which parties a representative acts for, from the words before the label."""
    if not prefix:
        return (len(drafts) - 1,)
    # 被告人刘建军的辩护人 / 上诉人曾凡勇的辩护人: the party named.
    named = [i for i, d in enumerate(drafts) if d.name and d.name in prefix]
    if named:
        return tuple(named)
    # 二上诉人共同 / 两被告共同 / 上列被告共同: every party of that role listed so far (the last N).
    for label in _labels:
        if label in prefix:
            role = ROLES[label][0]
            same = [i for i, d in enumerate(drafts) if d.role == role]
            count = _COUNT.get(prefix[:1])
            return tuple(same[-count:] if count else same)
    if "共同" in prefix or prefix.startswith(("上列", "以上", "上述")):
        return tuple(range(len(drafts)))
    return ()


def _freeze(draft: _Draft) -> Party:
    description = draft.description
    sex = _SEX.match(description)
    birth = _BIRTH.search(description[:80])
    ethnic = _ETHNIC.search(description[:120])
    birth_date = None
    if birth is not None:
        try:
            birth_date = chinese_date(*birth.groups())
        except ValueError as exc:
            draft.problems.append(f"party {draft.name}: birth date {birth.group()} is not a date ({exc})")
    head = draft.head
    if not head:
        inline = _INLINE_HEAD.search(description)
        if inline is not None:
            head = inline.group(1)
    natural = sex is not None or birth_date is not None
    if draft.role == "prosecutor" or draft.label_is_unit():
        natural = False
    if natural:
        kind = "natural"
    elif _OTHER_ORG.search(draft.name):
        kind = "other"
    elif draft.organisation or head or _LEGAL_ORG.search(draft.name) or description.startswith("，住所"):
        kind = "legal"
    else:
        kind = "natural"
    return Party(
        role=draft.role,
        role_label=draft.role_label,
        original_role=draft.original_role,
        name=draft.name,
        kind=kind,
        sex={"男": "M", "女": "F"}.get(sex.group(1), "") if sex else "",
        birth_date=birth_date,
        ethnicity=ethnic.group(1) + "族" if ethnic else "",
        legal_representative=head if kind != "natural" else "",
        start=draft.start,
        end=draft.end,
    )
