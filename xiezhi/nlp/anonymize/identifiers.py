"""Personal identifiers that Art. 10(1)-(2) of 法释〔2016〕19号 requires to be deleted.

Identity-card numbers, phone numbers, bank accounts, licence plates, e-mail addresses, account
names of messaging/payment services, passport numbers, vehicle identification numbers, title
certificate numbers, and home addresses below county level (Art. 11(1) keeps the county/district of
domicile). Unified social credit codes and lawyers' licence numbers are kept (Art. 11(2)-(3)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import HAN
from .view import is_han


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    kind: str
    replacement: str | None = None  # None: use the policy's identifier mask


_D = r"(?<![0-9A-Za-z])"
_DE = r"(?![0-9A-Za-z])"
ID_RE = re.compile(
    _D
    + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    + _DE
    # Partly masked in the source (110105********0011): still removed.
    + r"|"
    + _D
    + r"\d{6}[\*＊×xX]{4,8}\d{3,4}[\dXx]?"
    + _DE
)
ID_CUE_RE = re.compile(
    r"(?:身份证|公民身份号码|身份号码|证件号码|证件号|身份证号码|身份证号|社会保障号码)[：:为是\s]{0,2}"
    r"(?P<v>\d{15}|\d{17}[\dXx])" + _DE
)
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?![0-9A-Za-z])(?!\s*(?:元|万|亿|余|多))"
)
LANDLINE_RE = re.compile(r"(?<![\d\-])\(?0\d{2,3}\)?[-－—]\d{7,8}(?:-\d{1,5})?(?!\d)")
PHONE_CUE_RE = re.compile(
    r"(?:电话|手机|座机|传真|联系方式|手机号)(?:号码|号)?[：:为是\s]{0,2}(?P<v>0\d{9,11}|\d{7,8})(?!\d)"
)
BANK_CUE_RE = re.compile(
    r"(?:账号|帐号|卡号|银行卡号?|账户|帐户|借记卡|信用卡|存折|银行账户|收款账户|付款账户)(?:号码|号)?"
    r"[（(：:为是\s]{0,3}(?P<v>\d(?:[\d\s-]{8,30})\d)(?![\d])"
)
LONG_DIGITS_RE = re.compile(r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])")
PLATE_RE = re.compile(
    r"(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
    r"[A-HJ-NP-Za-hj-np-z]\s?[·•・．.\-]?\s?[A-HJ-NP-Za-hj-np-z0-9]{4,5}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳领试超]"
    r"(?![A-Za-z0-9])"
)
EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
ACCOUNT_RE = re.compile(
    r"(?:微信号码|微信号|微信账号|微信ID|微信id|QQ号码|QQ号|QQ|qq号|支付宝账号|支付宝账户|支付宝|抖音号|快手号|淘宝账号|"
    r"陌陌号|钉钉号|Skype|skype)[：:为是\s]{0,2}(?P<v>[A-Za-z0-9][A-Za-z0-9_\-.@]{4,39})"
)
PASSPORT_RE = re.compile(
    r"(?:护照号码|护照号|护照|通行证号码|通行证号|旅行证号码)[：:为是\s]{0,2}(?P<v>[A-Za-z]{1,2}\d{6,9})(?![0-9A-Za-z])"
)
VIN_RE = re.compile(
    r"(?:车架号码?|车辆识别代号|车辆识别号|VIN码?|发动机号码?)[：:为是\s]{0,2}(?P<v>[A-HJ-NPR-Za-hj-npr-z0-9]{6,17})"
    r"(?![0-9A-Za-z])"
)
PROPERTY_RE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]\s*[（(]\s*(?:19|20)\d{2}\s*[）)]\s*"
    + HAN
    + r"{1,15}?(?:不动产权|不动产证明|房权证|房屋所有权证|土地使用证)\s*第?\s*\d{4,12}\s*号"
    r"|房权证" + HAN + r"{0,6}字?\s*第?\s*\d{3,12}\s*号"
    r"|(?<=房产证号|产权证号|土地证号)[：:\s]{0,2}[A-Za-z0-9\-]{5,30}"
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def find_identifiers(text: str) -> list[Found]:
    """All identifiers in ``text``; overlaps are resolved later, longer and earlier first."""
    out: list[Found] = []
    for m in PROPERTY_RE.finditer(text):
        start = m.start()
        if m.group().startswith("房权证"):
            # 京房权证朝字第123号: take the issuing prefix too.
            while start > 0 and m.start() - start < 6 and is_han(text[start - 1]):
                start -= 1
        out.append(Found(start, m.end(), "property_certificate"))
    for m in ID_RE.finditer(text):
        out.append(Found(m.start(), m.end(), "id_number"))
    for m in ID_CUE_RE.finditer(text):
        out.append(Found(m.start("v"), m.end("v"), "id_number"))
    for m in BANK_CUE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group("v"))
        if 10 <= len(digits) <= 25:
            out.append(Found(m.start("v"), m.end("v"), "bank_account"))
    for m in LONG_DIGITS_RE.finditer(text):
        if _luhn(m.group()):
            out.append(Found(m.start(), m.end(), "bank_account"))
    for m in MOBILE_RE.finditer(text):
        out.append(Found(m.start(), m.end(), "phone"))
    for m in LANDLINE_RE.finditer(text):
        out.append(Found(m.start(), m.end(), "phone"))
    for m in PHONE_CUE_RE.finditer(text):
        out.append(Found(m.start("v"), m.end("v"), "phone"))
    for m in PLATE_RE.finditer(text):
        out.append(Found(m.start(), m.end(), "plate"))
    for m in EMAIL_RE.finditer(text):
        out.append(Found(m.start(), m.end(), "email"))
    for m in ACCOUNT_RE.finditer(text):
        out.append(Found(m.start("v"), m.end("v"), "account"))
    for m in PASSPORT_RE.finditer(text):
        out.append(Found(m.start("v"), m.end("v"), "passport"))
    for m in VIN_RE.finditer(text):
        out.append(Found(m.start("v"), m.end("v"), "vehicle_id"))
    return out


# --- addresses -------------------------------------------------------------------------------------
# A place-name part may not contain an administrative suffix, a digit or a Latin letter, so that the
# lazy parts below stop at the first real suffix (州 is allowed: 杭州市, 郑州市).
_NC = r"[^\s省市区县旗盟，,。；;：:、（）()\d０-９A-Za-z]"
_PROV = rf"(?:北京市|天津市|上海市|重庆市|{_NC}{{2,7}}?(?:省|自治区|特别行政区))"
_CITY = rf"(?:本市|{_NC}{{1,8}}?(?:市|自治州|地区|盟|州(?!市)))"
_COUNTY = rf"(?:本县|本区|市中区|市辖区|{_NC}{{1,9}}?(?:自治县|自治旗|新区|县|区|旗|市|林区|特区))"
ADMIN_RE = re.compile(rf"(?:{_PROV})?(?:{_CITY})?(?:{_COUNTY})?")
_PROV_CITY_RE = re.compile(rf"(?:{_PROV})?(?:{_CITY})?")
_NOT_COUNTY = (
    "小区",
    "社区",
    "园区",
    "校区",
    "景区",
    "厂区",
    "片区",
    "街区",
    "矿区",
    "辖区",
    "城区",
    "营区",
    "住宅区",
    "生活区",
    "开发区",
    "工业区",
    "商业区",
    "保税区",
    "试验区",
    "示范区",
    "管理区",
    "功能区",
    "风景区",
)

# Explicit cues always introduce an address; a bare 住 only when a place name follows (not 住院).
ADDRESS_CUE_RE = re.compile(
    r"(?P<cue>户籍所在地|户口所在地|户籍地址|户籍地|户籍|经常居住地|居住地|现住址|现住所|现住|暂住地|暂住|家住|原住址|原住|"
    r"身份证住址|住址|住所地|住所|送达地址|现居住地|现居住于|居住于|居住在|现居于|住)"
    r"(?:为|是|在|于)?[：:\s]{0,2}"
)
_ORG_NEAR_RE = re.compile(
    r"(?:公司|集团|政府|委员会|办事处|中心|银行|事务所|合作社|厂|商行|店|学校|医院|局|院|所|部|社|队|协会|基金会|处)\s*[，,。；;]?\s*$"
)
_ORG_WORD_RE = re.compile(r"公司|政府|委员会|办事处|银行|事务所|中心|合作社")
_SKIP_START = (
    "同上",
    "不详",
    "同原告",
    "同被告",
    "同申请人",
    "同被申请人",
    "同第三人",
    "同上诉人",
    "址同上",
    "所同上",
    "地同上",
    "同前",
    "同本人",
)


def _segment_end(rest: str) -> int:
    """End of an address clause: a comma/full stop, or a closing bracket opened before the address."""
    depth = 0
    for i, ch in enumerate(rest):
        if ch in "，,。；;\n．" or (ch == "." and not rest[i + 1 : i + 2].isdigit()):
            return i
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return i
            depth -= 1
    return len(rest)


def find_addresses(text: str) -> list[Found]:
    """Home addresses of natural persons, cut after the county level (Art. 10(1), Art. 11(1)).

    The part up to the county/district stays; the rest (town, street, number, room) is deleted.
    An organisation's domicile (住所地 of a company or authority) is public and kept (Art. 11(2)).
    """
    out: list[Found] = []
    for m in ADDRESS_CUE_RE.finditer(text):
        cue = m.group("cue")
        seg_start = m.end()
        if seg_start >= len(text):
            continue
        rest = text[seg_start : seg_start + 90]
        if rest.startswith(_SKIP_START):
            continue
        seg = rest[: _segment_end(rest)]
        if not seg.strip():
            continue
        if cue in ("住所地", "住所"):
            before = text[max(0, m.start() - 40) : m.start()]
            line_start = before.rfind("\n")
            owner = before[line_start + 1 :]
            if _ORG_NEAR_RE.search(owner) or _ORG_WORD_RE.search(owner):
                continue
        a = ADMIN_RE.match(seg)
        admin_len = a.end() if a else 0
        if admin_len and seg[:admin_len].endswith(_NOT_COUNTY):
            # "望京小区" is not a county: keep only the province/city part before it.
            sub = _PROV_CITY_RE.match(seg)
            admin_len = sub.end() if sub else 0
        if admin_len == 0 and (cue == "住" or not _ADDRESSY_RE.search(seg)):
            continue  # 住院, 住宿, 住处, 住所地调查 …: not an address
        detail_start = seg_start + admin_len
        detail = text[detail_start : seg_start + len(seg)]
        stripped = detail.strip()
        if not stripped or stripped.startswith(_SKIP_START):
            continue
        # Trailing spaces stay in place.
        lead = len(detail) - len(detail.lstrip())
        trail = len(detail) - len(detail.rstrip())
        out.append(Found(detail_start + lead, seg_start + len(seg) - trail, "address", ""))
    return out


_ADDRESSY_RE = re.compile(r"\d|[路街巷弄号室栋幢楼村屯]|小区|社区")
_TOWN_PREFIX_RE = re.compile(
    r"^[^\d，。]{1,12}?(?:街道办事处|街道|镇|乡)(?=[^\d，。]{1,12}?(?:路|街|道|巷|弄|村))"
)
_PROPAGATE_RE = re.compile(r"\d|号|室|栋|幢|楼|单元")


def propagate_addresses(text: str, found: list[Found]) -> list[Found]:
    """Other occurrences of an address detail already found (a home that is also the disputed house)."""
    extra: list[Found] = []
    seen: set[str] = set()
    taken = {(f.start, f.end) for f in found}
    for f in found:
        full = text[f.start : f.end]
        # The same home is often named again without its town or street office:
        # 王顶堤街道迎水道88号… -> 迎水道88号….
        short = _TOWN_PREFIX_RE.sub("", full, count=1)
        for s in {full, short}:
            if s in seen or len(s) < 5 or not _PROPAGATE_RE.search(s):
                continue
            seen.add(s)
            i = text.find(s)
            while i != -1:
                if not any(a <= i and i + len(s) <= b for a, b in taken):
                    extra.append(Found(i, i + len(s), "address", ""))
                i = text.find(s, i + 1)
    return extra
