"""Case elements (要素抽取) in Chinese criminal fact text: who, when, where, what, how much.

Rule-based and framework-free (no Django). ``extract_elements(text)`` returns typed spans with character
offsets into ``text`` (``text[start:end] == element.text``) and a normalised ``value``:

* ``defendant`` (被告人张某某) and ``victim`` (被害人李某甲): value = the name. A name seen once with its
  cue keeps that role everywhere in the text; cue-less anonymised names are placed by the verbs around
  them (窃得X的 → victim).
* ``time`` (2019年3月5日21时许, 2018年3月至7月期间, 次日凌晨): value = ``{"year": 2019, "month": 3,
  "day": 5, "hour": 21, "approx": True}`` (hours after 下午/晚上 on the 24-hour clock; ranges as
  ``{"from": …, "to": …}``).
* ``place`` (在某市某区某小区3栋内, 窜至…处): value = the place text.
  Times and places of the arrest or investigation get ``role="procedure"``, those inside a
  parenthesised remark ``role="remark"``; the offence's own keep ``role=None``.
* ``amount`` (人民币1.5万元, 三千余元, 2万余元): value = yuan as a number; ``role`` = ``stolen_money``,
  ``item_value``, ``theft_proceeds``, ``remark`` or None, from the words around it.
* ``stolen_item`` (窃得电瓶4只), ``tool`` (用扳手撬开), ``organization`` (嵊州市公安局): value = the text.
* ``drug`` (冰毒): value = the canonical kind (甲基苯丙胺); ``drug_quantity`` (净重12.5克): value = grams,
  ``role`` = the drug kind.
* ``blood_alcohol`` (186.5mg/100ml): value = mg per 100 ml.
* ``injury`` (轻伤二级, 轻微伤, 十级伤残, 死亡): value = the normalised grade.

Numbers are read with :func:`xiezhi.nlp.extract.sentencing.chinese_number` (Arabic, Chinese numerals
and mixes such as ``1.5万``). The patterns were written against the ``train`` split of the LawBench task
2-6 sentences (CAIL2021 信息抽取, theft cases); ``benchmarks/extract.py`` reports them on ``dev``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Any

from .sentencing import chinese_number

__all__ = ["ELEMENT_TYPES", "Element", "extract_elements"]

ELEMENT_TYPES: tuple[str, ...] = (
    "defendant",
    "victim",
    "time",
    "place",
    "amount",
    "stolen_item",
    "tool",
    "organization",
    "drug",
    "drug_quantity",
    "blood_alcohol",
    "injury",
)

MAX_CHARS = 200_000  # longer input is cut: the rules are linear, but nobody needs more elements than that


@dataclass(frozen=True)
class Element:
    """One element: its type, the span ``text[start:end]`` and a normalised value."""

    type: str
    start: int
    end: int
    text: str
    value: Any = None
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``role`` is only present when set."""
        d = asdict(self)
        if d["role"] is None:
            del d["role"]
        return d


# -- people -------------------------------------------------------------------------------------------

# Two-character surnames (复姓): 欧阳娜娜, 司马光明, 欧阳某某. Only those that are not also common words.
_COMPOUND_SURNAMES = (
    "欧阳|司马|上官|诸葛|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|司空|夏侯|令狐|端木|独孤|南宫|轩辕|澹台|申屠|公冶|"
    "太史|钟离|宗政|濮阳|淳于|呼延|闻人|赫连|拓跋|东郭|左丘|梁丘|亓官|鲜于|闾丘|仲孙"
)
_COMPOUND_RE = re.compile(_COMPOUND_SURNAMES)
# An anonymised name (张某某, 李某甲, 王1某, 王某, 欧阳某某) or a plain two/three-character name.
_ANON = (
    r"(?:" + _COMPOUND_SURNAMES + r"|[\u4e00-\u9fa5])(?:某[某甲乙丙丁戊己庚辛壬癸]|某\d{1,2}|\d{1,2}某|某)"
)
_HAN = r"[\u4e00-\u9fa5]"
_ANON_RE = re.compile(_ANON)
# characters that end a plain name (the verb or preposition that follows it)
_NAME_STOP = set(
    "在于至到来因将窃盗趁伙驾骑以系经用与和及、，。等的被把对向从为是即又再先后也均已就便遂称所与并携持"
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆"
    "蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗"
    "燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来"
    "扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉"
    "冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_DEF_CUE = re.compile(r"(?:被告人|犯罪嫌疑人|同案人|同案犯|被告|嫌疑人)")
_VIC_CUE = re.compile(r"(?:被害人|受害人|被害单位|失主|事主|车主)")


# Words that start the predicate after a plain name: the name ends before them (李四|不备, 赵六|醉酒,
# 孙八|发生, 周九|受轻微伤), since their first character could otherwise end a three-character name.
_AFTER_NAME = frozenset(
    "不备 不在 不注 不知 发生 发现 醉酒 酒后 饮酒 喝酒 受伤 受到 受轻 受重 持刀 驾车 骑车 开车 "
    "拿走 逃离 离开 进入 回家 上前 下车 打伤 殴打 砍伤 报警 报案 看到 见到 得知 随后 当场 手持 "
    "入室 趁机 乘机 使用 冒用 利用 找到 窃取 偷窃 抢劫 抢走 杀害 强行 购买 出售 贩卖 吸食 容留 "
    "借款 索要 拒不 未经 无证 身上 家中 住处 居住 租住 经营 停放 放置 所有 因琐 因故 因纠".split()
)


def _name_at(text: str, pos: int) -> tuple[int, int] | None:
    """Span of a person name starting at ``pos`` (anonymised form first, then 2–3 plain characters, or
    3–4 after a two-character surname such as 欧阳)."""
    m = _ANON_RE.match(text, pos)
    if m:
        return m.start(), m.end()
    surname = 2 if _COMPOUND_RE.match(text, pos) else 1
    m = re.compile(f"{_HAN}{{{surname + 1},{surname + 2}}}").match(text, pos)
    if not m:
        return None
    name = m.group(0)
    while len(name) > surname + 1 and name[-1] in _NAME_STOP:
        name = name[:-1]
    if len(name) == surname + 2 and text[pos + len(name) - 1 : pos + len(name) + 1] in _AFTER_NAME:
        name = name[:-1]
    if surname == 1 and name[0] not in _SURNAMES:
        return None
    if any(ch in _NAME_STOP for ch in name) or name in {
        "家属",
        "亲属",
        "本人",
        "单位",
        "及其",
        "二人",
        "三人",
    }:
        return None
    return pos, pos + len(name)


_VICTIM_BEFORE = re.compile(
    r"(?:窃得|盗得|盗走|窃取|偷走|偷得|扒窃|退赔|赔偿|发还|返还|归还|发还给|返还给|还给|交还|趁|向|从|老板|失主|事主)$"
)
_VICTIM_AFTER = re.compile(
    r"^(?:停放|经营|家|的|所有|放置|放在|身上|损失|挂|租住|居住|住处|遗留|熟睡|睡觉|被盗|报案|报警|财产)"
)
_DEFENDANT_AFTER = re.compile(
    r"^(?:盗窃|窃得|盗得|盗走|偷|将|采用|采取|使用|驾驶|携带|到案|如实|家属|伙同|走至|来到|窜至|在|于|至)"
)
_NOT_NAME_FIRST = set("初旬底中下上某窃盗被同该每各本其此")
_NOT_NAME_NEXT = set("日天时处地年月")
_PLACE_NEXT = set("市区县镇乡村路街巷超小店公司厂场某人物处地单楼栋号")


def _people(text: str) -> list[Element]:
    out: list[Element] = []
    roles: dict[str, str] = {}
    for cue_re, kind in ((_DEF_CUE, "defendant"), (_VIC_CUE, "victim")):
        for m in cue_re.finditer(text):
            pos = m.end()
            while True:
                span = _name_at(text, pos)
                if not span:
                    break
                name = text[span[0] : span[1]]
                roles.setdefault(name, kind)
                # 被告人张某某、李某某 / 被害人严某某、肖某某: a list of names after one cue
                if span[1] < len(text) and text[span[1]] == "、" and _ANON_RE.match(text, span[1] + 1):
                    pos = span[1] + 1
                    continue
                break
    # anonymised names without a cue: the verbs around them tell the role
    previous: tuple[int, str] | None = None  # (end, role) of the last name, for lists 张某、李某
    for m in _ANON_RE.finditer(text):
        name = m.group(0)
        if name[0] in _NOT_NAME_FIRST or text[m.end() : m.end() + 1] in _NOT_NAME_NEXT:
            continue
        if name not in roles and len(name) == 2 and name[1] == "某":  # 曾某: only a surname, not 市某区
            if name[0] not in _SURNAMES or text[m.end() : m.end() + 1] in _PLACE_NEXT:
                continue
        if name not in roles:
            before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 4]
            if previous and previous[0] == m.start() - 1 and text[m.start() - 1] == "、":
                roles[name] = previous[1]
            elif _DEFENDANT_AFTER.match(after):
                roles[name] = "defendant"
            elif _VICTIM_BEFORE.search(before) or _VICTIM_AFTER.match(after):
                roles[name] = "victim"
            else:
                roles[name] = "defendant"
        previous = (m.end(), roles[name])
    if roles:  # every mention of every name, in one pass (longest name first: 张某某 before 张某)
        mentions = re.compile("|".join(re.escape(n) for n in sorted(roles, key=len, reverse=True)))
        for m in mentions.finditer(text):
            out.append(Element(roles[m.group(0)], m.start(), m.end(), m.group(0), m.group(0)))
    return out


# -- time ---------------------------------------------------------------------------------------------

_NUM_CN = r"[0-9０-９零〇一二两三四五六七八九十]"
_PERIOD = r"(?:凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚|夜间|深夜|夜里|午夜|白天)"
_TIME = re.compile(
    r"(?:(?P<year>\d{4}|[同当次]|[零〇一二三四五六七八九]{4})年)?"
    r"(?:(?P<month>" + _NUM_CN + r"{1,2})月(?:份)?(?P<part>初|上旬|中旬|下旬|底|末|中)?)?"
    r"(?:(?P<day>" + _NUM_CN + r"{1,3}(?:[-—]" + _NUM_CN + r"{1,3})?)日)?"
    r"(?P<vague>左右|前后)?(?:的)?(?:一天|某日|某天|一日|某晚|一晚|期间)?"
    r"(?P<period>" + _PERIOD + r")?"
    r"(?:(?P<hour>" + _NUM_CN + r"{1,3})(?:时|点)(?:(?P<minute>" + _NUM_CN + r"{1,3})分)?)?"
    r"(?P<approx>许|左右|多|前后)?"
)
_RELATIVE_DAY = re.compile(
    r"(?:当日|当天|次日|当晚|同日|同晚|翌日|第二天)"
    + _PERIOD
    + r"?(?:"
    + _NUM_CN
    + r"{1,2}(?:时|点)(?:"
    + _NUM_CN
    + r"{1,2}分)?(?:许|左右)?)?"
)
_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|—|~|～)\s*")
_RANGE_TAIL = re.compile(r"(?:期间|之间|间)")
_RANGE_END = re.compile(
    r"\s*(?:至|到)\s*(?P<to>(?:\d{4}年)?(?:\d{1,2}月(?:份)?)?(?:\d{1,2}日)?"
    + _PERIOD
    + r"?(?:\d{1,2}(?:时|点)(?:\d{1,2}分)?)?(?:许|左右)?)(?:期间|之间|间)?"
)
# A clause about the arrest, the investigation or the return of property rather than the offence.
_ARREST = re.compile(
    r"抓获|归案|挡获|扭送|民警|公安人员|公安机关|警察|到案|盘问|形迹可疑|投案|自首|报案|报警|追回|发还|退还|扣押|查获|"
    r"被[。，]|被$|刑事拘留|取保|逮捕"
)
_OFFENCE = re.compile(
    r"窃得|盗走|盗得|窃取|偷走|撬|拿走|趁|盗窃了|扒窃|骗|抢|窜至|来到|走至|潜入|进入|盗窃[^的罪案]"
)


def _int(s: str | None) -> int | None:
    if not s:
        return None
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(ch in "零〇一二三四五六七八九" for ch in s):  # 二〇一九
        return int("".join(str(int(chinese_number(ch) or 0)) for ch in s))
    v = chinese_number(s)
    return int(v) if v is not None else None


def _times(text: str) -> list[Element]:
    out = []
    for m in _TIME.finditer(text):
        g = m.groupdict()
        has_date = (g["year"] and g["month"]) or (g["month"] and g["day"])
        has_clock = g["hour"] and (g["period"] or g["approx"] or g["minute"] or g["day"])
        if not (has_date or has_clock or (g["year"] and len(g["year"]) == 4 and g["month"])):
            continue
        if g["hour"] is None and g["month"] is None and g["day"] is None:
            continue
        span = m.group(0)
        value: dict[str, Any] = {}
        year = g["year"]
        if year and year not in "同当次":
            value["year"] = _int(year)
        elif year:
            value["relative_year"] = {"同": "same", "当": "same", "次": "next"}[year]
        for key in ("month", "day", "hour", "minute"):
            if g[key]:
                value[key] = _int(re.split(r"[-—]", g[key])[0])
        if g["period"]:
            value["period"] = g["period"]
        if g["part"]:
            value["part"] = g["part"]
        if g["approx"] or g["vague"]:
            value["approx"] = True
        if (
            value.get("hour") is not None
            and g["period"] in ("下午", "晚上", "晚", "傍晚")
            and value["hour"] < 12
        ):
            value["hour"] += 12
        out.append(Element("time", m.start(), m.end(), span, value))
    for m in _RELATIVE_DAY.finditer(text):
        out.append(Element("time", m.start(), m.end(), m.group(0), {"relative": m.group(0)[:2]}))
    out.sort(key=lambda e: (e.start, -e.end))
    kept: list[Element] = []
    for e in out:
        if kept and e.start < kept[-1].end:  # contained in the previous one (当日15时许 ⊃ 15时许)
            continue
        if kept and _RANGE_JOIN.fullmatch(text[kept[-1].end : e.start]):  # 2018年3月至7月期间
            first = kept.pop()
            end = e.end
            tail = _RANGE_TAIL.match(text, end)
            if tail:
                end = tail.end()
            e = Element(
                "time", first.start, end, text[first.start : end], {"from": first.value, "to": e.value}
            )
        else:
            upto = _RANGE_END.match(text, e.end)  # 同年5月至7月期间: the end of the range is partial
            if upto and upto.group("to"):
                end = upto.end()
                e = Element(
                    "time", e.start, end, text[e.start : end], {"from": e.value, "to": upto.group("to")}
                )
        kept.append(e)
    return [_clause_role(text, e) for e in kept]


def _clause_role(text: str, e: Element) -> Element:
    """Mark times/places of the arrest or investigation (role ``procedure``) and those in a parenthesised
    remark (role ``remark``); the time and place of the offence keep role None."""
    open_paren = max(text.rfind("（", 0, e.start), text.rfind("(", 0, e.start))
    close_paren = max(text.rfind("）", 0, e.start), text.rfind(")", 0, e.start))
    if open_paren > close_paren:
        return Element(e.type, e.start, e.end, e.text, e.value, "remark")
    end = len(text)
    for stop in "。；;":
        i = text.find(stop, e.end)
        if i != -1:
            end = min(end, i + 1)
    start = max(text.rfind("。", 0, e.start), text.rfind("；", 0, e.start)) + 1
    clause = text[start:end]
    if _ARREST.search(clause) and not _OFFENCE.search(clause):
        return Element(e.type, e.start, e.end, e.text, e.value, "procedure")
    return e


# -- places -------------------------------------------------------------------------------------------

_PLACE_CUE = re.compile(r"(?:窜至|窜到|蹿至|走至|来到|去到|前往|潜入|进入|回到|途经|行至|驶至|[在至到于])")
_PLACE_BODY = re.compile(r"[^，。；;,！？!?（(）)：:\n]{2,45}")
_PLACE_CUT = re.compile(
    r"(?:盗窃|窃得|窃取|盗得|盗走|偷走|偷窃|扒窃|趁|见|看到|发现|将|用|采用|采取|使用|拿走|拿了|偷|被(?!害人)|撬|以|准备|"
    r"通过|销赃|进行|入户|布置|办理|实施|放哨|望风|"
    r"吃饭|工作|打工|上班|共实施|实施|伺机|等候|寻找|闲逛|游荡|附近时|时|期间|之际|后|"
    r"贩卖|贩运|吸食|容留|殴打|打伤|砍伤|捅伤|持刀|抢劫|抢走|抢夺|诈骗|骗取|强行|醉酒|饮酒|与被害人|和被害人|"
    r"与他人|因琐事|因故)"
)
_PLACE_WORD = re.compile(
    r"(?:省|市|县|区|镇|乡|村|路|街|巷|道|号|栋|楼|层|室|房|店|场|站|内|处|旁|门前|门口|外|院|公司|小区|"
    r"宿舍|超市|工地|家|厂|校|学|园|馆|所|屋|车上|库|间|台|堂|部|厅|湾|桥|坊|城|苑|里|庄|铺|\*\*)"
)
_NOT_PLACE_BEFORE = {
    "在": "放挂装停藏存摆留躺坐站落掉写现正还置将",
    "到": "拿看收遇得受找想感认达做",
    "至": "截直乃甚以",
    "于": "位属对由等关至终基用处归放置",
}
_PLACE_IN_THEFT = re.compile(
    r"(?:盗窃|盗取|窃取)(?P<place>[\u4e00-\u9fa5]{2,6}[省市县][^，。；;的]{0,30}?(?:楼顶|屋顶|\*\*|村\d组|村|厂))"
)
_NOT_PLACE = re.compile(r"^(?:此|这|那|其|上述期间|案发|现场|同年|当日|家中休息|该处)$")


def _places(text: str, times: list[Element]) -> list[Element]:
    out = []
    time_ends = {t.end for t in times}
    for m in _PLACE_CUE.finditer(text):
        cue = m.group(0)
        if cue in "在至到于" and m.start() > 0 and text[m.start() - 1] in _NOT_PLACE_BEFORE.get(cue, ""):
            continue
        if text[m.end() : m.end() + 1] in ("了", "是", "场") or text[m.end() : m.end() + 2] in (
            "此时",
            "此期",
        ):
            continue
        body = _PLACE_BODY.match(text, m.end())
        if not body:
            continue
        chunk, start = body.group(0), m.end()
        located = chunk.find("位于")  # 被害人张某某位于南安市…的宿舍内
        if 0 <= located < 15:
            chunk = chunk[located + 2 :]
            start += located + 2
        cut = _PLACE_CUT.search(chunk, 2)
        if cut:
            chunk = chunk[: cut.start()]
        chunk = chunk.rstrip("的、和及与")
        if (
            len(chunk) < 2
            or _NOT_PLACE.match(chunk)
            or _ANON_RE.match(chunk)
            or not _PLACE_WORD.search(chunk)
        ):
            continue
        if cue in "在至到于" and not re.search(
            r"[省市县区镇乡村路街巷号栋楼室店内处旁前口外家场院校园馆屋\*]", chunk
        ):
            continue
        if re.match(r"\d|[零一二两三四五六七八九十]+[年月日时]|案|其|此|上午|下午|晚上|凌晨", chunk):
            continue
        if cue == "于" and m.start() in time_ends:  # 2018年5月于… : the 于 belongs to the time
            continue
        out.append(_clause_role(text, Element("place", start, start + len(chunk), chunk, chunk)))
    for m in _PLACE_IN_THEFT.finditer(text):
        out.append(Element("place", m.start("place"), m.end("place"), m.group("place"), m.group("place")))
    return out


# -- money --------------------------------------------------------------------------------------------

_DIGITS = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = re.compile(
    r"(?P<pre>(?:现金|硬币|赃款)?(?:人民币|港币|美元|韩币|欧元|日元)?(?:共计|合计|总计|计|共|约)?)"
    r"(?P<num>(?:" + _DIGITS + r")(?:万|千|亿)?|[零〇一二两三四五六七八九十百千万亿]+)"
    r"(?P<more>余|多)?(?P<unit>万元|元|块钱)(?P<post>人民币|现金|左右|许)?"
)
_PROCEEDS_LEFT = re.compile(
    r"(?:(?:销赃|获利|卖得|得款|赃款|分得|卖给|变卖|售得|销售|支付(?!宝)|退出|换得|得赃)[^，。；]{0,4}|以|以约|以共计)$"
)
_PROCEEDS_RIGHT = re.compile(r"^(?:的价格|价格|卖|销赃|出售|转卖|售|卖掉|卖给|的价钱)")
_VALUE_LEFT = re.compile(r"(?:价值|计价|鉴定|评估|认定|价格认证|价格|估价|总价|共计价值|合计价值|损失)")
_CASH_LEFT = re.compile(
    r"(?:现金|硬币|零钱|钱包|账户|内有|内装|盗走|窃得|拿走|盗窃|窃取|盗得|偷走|转走|转账|扒窃|钱款|转给|交给|打款|索要|"
    r"转至|骗走|骗得|抢走|抢得|劫得|劫走|勒索)"
)


def _amounts(text: str) -> list[Element]:
    out = []
    for m in _MONEY.finditer(text):
        num = m.group("num").replace("，", ",")
        value = chinese_number(num.replace(",", ""))
        if value is None or value <= 0:
            continue
        if m.group("unit") == "万元":
            value *= 10_000
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in "。；;") + 1
        sentence_left = text[clause_start : m.start()]
        left = re.split(r"[，,]", sentence_left[-14:])[-1]
        right = text[m.end() : m.end() + 6]
        pre = m.group("pre")
        if right.startswith(("每", "/")):  # a unit price (4.6元每公斤)
            continue
        open_paren = max(sentence_left.rfind("（"), sentence_left.rfind("("))
        if (
            open_paren > max(sentence_left.rfind("）"), sentence_left.rfind(")"))
            and "注" in sentence_left[open_paren:]
        ):
            role = "remark"  # （注：折合人民币42元）
        elif _PROCEEDS_RIGHT.match(right) or _PROCEEDS_LEFT.search(left):
            role = "theft_proceeds"
        elif re.search(r"现金|硬币|港币|美元|韩币|欧元|日元", pre) or m.group("post") == "现金":
            role = "stolen_money"
        elif _VALUE_LEFT.search(left):
            role = "item_value"
        elif _CASH_LEFT.search(sentence_left):
            role = "stolen_money"
        else:
            role = None
        out.append(Element("amount", m.start(), m.end(), m.group(0), round(value, 2), role))
    return out


# -- items and tools ----------------------------------------------------------------------------------

_ITEM_AFTER_VERB = re.compile(
    r"(?:窃得|盗得|窃取|偷得|偷取|盗取|扒窃|盗走|偷走|窃走|拿走|顺走|盗窃|偷了|拿了|扒走|骗走|抢走|抢得|抢夺|"
    r"里放有|内放有|内有|内装有|内装)"
    r"(?P<item>(?:[^，。；;：:！？（(]|（[^）]{0,40}）|\([^)]{0,40}\)|，(?=“|被害人)){1,150})"
)
_ITEM_BEFORE_VERB = re.compile(
    r"将(?P<item>[^，。；;：:！？将]{1,80}?)(?:盗窃走|盗走|窃走|偷走|拿走|骑走|推走|开走|扛走|搬走|抱走|带走|盗回|据为己有|"
    r"藏匿|抢走|剪断|剪下|拆下|卸下)"
)
_ITEM_PARKED = re.compile(
    r"(?:停放|放置|摆放|存放|遗留|安装)(?:在)?[^，。；]{0,15}?的(?P<item>[^，。；;（(的]{2,30}?)(?=[，。；;（(]|盗走|撬)"
)
_ITEM_STOLEN = re.compile(
    r"(?P<item>(?:[一二三四五六七八九十两\d]+[台部辆个件只])?(?:涉案)?(?:被盗|所盗)的?[^，。；;（(经价以被]{1,20})"
)
_ITEM_THIS = re.compile(
    r"(?P<item>该(?:手机|电动车|电动自行车|摩托车|自行车|三轮车|车辆|车|电脑|笔记本电脑|电瓶|电缆|电线|物品|财物|"
    r"赃物|手表|项链|戒指|金项链|包|钱包|挎包|背包|平板电脑|相机))"
)
_ITEM_SPLIT = re.compile(
    r"、|及(?=\d|[一二三四五六七八九十两几]|其)|，(?=“|被害人)|和(?=被害人)|和(?=\d|[一二三四五六七八九十两]?[台部辆个件只把]|“)"
)
_ITEM_TRIM = re.compile(
    r"(?<=.)(?:盗走|窃走|偷走|拿走|后|并|，|，后|的价格|(?:共计|合计)?价值(?:人民币)?[\d.,，]*元?(?:人民币)?|经鉴定.*|"
    r"（.*|\(.*|等物品|等财物|等物|离开|逃离.*|共计.*|以\d.*|以人民币.*|发还.*|销赃.*|被[^盗].*|归还.*|予以.*|"
    r"得手.*|准备.*|至.*|未达到.*|时|的情况下.*|情况下.*|卖.*)$"
)
_ITEM_LEAD = re.compile(
    r"(?:了|被害人|受害人|其|该[^的，]{1,12}?的|来的|得来的|所得的|上述|"
    + _ANON
    + r"(?:女儿|儿子|家|的)?|(?:停放|停|存放|放置于|放置|放在|放于|挂在|摆放|安装)[^，的]{0,20}的|"
    r"[^，的]{0,12}(?:内|里|上|中|口袋)的?|价值[^，的]{0,15}的)"
)
_ITEM_NOT = re.compile(
    r"^(?:现金|人民币|硬币|赃款|\d+(?:\.\d+)?元|作案|盗窃|的|其|他|她|后|时|了|财物|物品未|得手)"
)
_THING = re.compile(
    r"(?:车|机|手机|电脑|电瓶|包|钱包|卡|烟|酒|线|缆|表|链|戒指|首饰|金|银|铜|铁|钢|器|电|物|品|衣|鞋|箱|"
    r"柜|油|米|粮|鸡|鸭|猪|牛|羊|狗|鱼|虾|肉|瓶|只|台|辆|部|个|件|条|块|根|袋|盒|套|把|张|副|吨|斤|本|"
    r"枚|对|头|双|桶|捆|卷|批|株|棵|茶|药|镜|相机|平板|笔记本|锁|子|具|材|料|板|管|币)"
)
_ITEM_VALUED = re.compile(r"(?:^|[，。；：:、])(?P<item>[^，。；：:、经]{2,20}?)(?:均|共|共计)?价值")


def _items(text: str, names: set[str]) -> list[Element]:
    found: list[tuple[int, Element]] = []
    patterns = (_ITEM_AFTER_VERB, _ITEM_BEFORE_VERB, _ITEM_STOLEN, _ITEM_THIS, _ITEM_PARKED, _ITEM_VALUED)
    for rank, pattern in enumerate(patterns):
        for m in pattern.finditer(text):
            chunk_start = m.start("item")
            pieces = []
            pos = 0
            chunk = m.group("item")
            for sep in _ITEM_SPLIT.finditer(chunk):
                pieces.append((pos, chunk[pos : sep.start()]))
                pos = sep.end()
            pieces.append((pos, chunk[pos:]))
            for offset, piece in pieces:
                start = chunk_start + offset
                # drop a leading 被害人 / 其 / 该超市放在货架上的 and parenthesised remarks
                for _ in range(4):  # 被害人 / 张某某 / 停放在该处的 / 货车内的 …
                    lead = _ITEM_LEAD.match(piece)
                    if not lead or not lead.end() or lead.end() >= len(piece) - 1:
                        break
                    start += lead.end()
                    piece = piece[lead.end() :]
                if re.match(r"[\u4e00-\u9fa5]{2,6}(?:省|市|县)", piece):  # 盗窃眉山市…楼顶电信基站蓄电池8个
                    cut = max(
                        (m.end() for m in re.finditer(r"楼顶|屋顶|的|\*\*|”|组|厂区|厂", piece)), default=0
                    )
                    if 0 < cut < len(piece) - 1:
                        start += cut
                        piece = piece[cut:]
                item = _ITEM_TRIM.sub("", piece).strip("、和及 ")
                if not item or _ITEM_NOT.match(item) or item in names or not _THING.search(item):
                    continue
                if len(item) > 60 or re.search(r"[内里]$", item):
                    continue
                found.append((rank, Element("stolen_item", start, start + len(item), item, item)))
    # overlapping candidates: the pattern listed first wins (accepted spans kept sorted and disjoint)
    starts: list[int] = []
    out: list[Element] = []
    for _rank, e in sorted(found, key=lambda x: (x[0], x[1].start)):
        i = bisect.bisect_left(starts, e.start)
        if (i > 0 and out[i - 1].end > e.start) or (i < len(out) and out[i].start < e.end):
            continue
        starts.insert(i, e.start)
        out.insert(i, e)
    return out


_TOOL_CUE = re.compile(
    r"(?:用|使用|采用|利用|携带|持|拿着|手持|带着|作案工具|驾驶|骑着|开着|开上)"
    r"(?:随身携带的|事先准备的|自带的|事先准备好的|自己的|自己|其|一把|上述盗来的|盗来的)?"
    r"(?P<tool>[^，。；;：:（(]{1,40}?)"
    r"(?=[，。；;（(]|将|把|撬|打开|剪|割|切割|砸|撬开|拧|拆|套|插|破坏|翻|划|挑|钩|捅|到|来到|前往|窜至|蹿至|至|从|"
    r"导|对|盗|偷|窃|去|运|载|拉|顺着|攀爬|爬|离开|经过|尾随|先后|行至|就|行驶|沿|逃离|逃逸)"
)
_TOOL_WORD = re.compile(
    r"(?:钳|刀|扳手|钥匙|锯|螺丝|起子|棍|锤|撬棍|剪|铁丝|工具|梯|车|管|批|铁盆|铁棒|棒|万能|解码|针|钩|绳|锄|斧|"
    r"镊子|胶带|电筒|手套)"
)
_TOOL_NOT = re.compile(r"手段|方法|方式|同样|上述|技术|扒窃|盗窃|盗走|时|离开|当场|尾随|经过|职务|便利|名义")


def _tools(text: str) -> list[Element]:
    out = []
    for m in _TOOL_CUE.finditer(text):
        chunk, start = m.group("tool"), m.start("tool")
        lead = chunk.rfind("的")
        if 0 <= lead < len(chunk) - 1 and _ANON_RE.search(chunk[:lead]):  # 被告人陈某乙提供的断线钳
            start += lead + 1
            chunk = chunk[lead + 1 :]
        pieces, pos = [], 0
        for part in chunk.split("、"):
            pieces.append((start + pos, part))
            pos += len(part) + 1
        if not any(_TOOL_WORD.search(part) for _, part in pieces) or _TOOL_NOT.search(chunk):
            continue
        for piece_start, part in pieces:
            if part and len(part) <= 22:
                out.append(Element("tool", piece_start, piece_start + len(part), part, part))
    return out


_ORG = re.compile(
    r"[\u4e00-\u9fa5\*]{0,14}?(?:公安局(?:[\u4e00-\u9fa5\*]{0,10}?(?:分局|派出所|刑警大队|大队|支队))?|派出所|公安分局|"
    r"价格认证中心|价格认定中心|价格鉴证中心|价格鉴定中心|认证中心|司法鉴定所|司法鉴定中心|鉴定所|鉴定中心|"
    r"评估事务所|事务所|人民法院|人民检察院|检察院|有限责任公司|有限公司|银行|信用社|派出所)"
    r"|公安机关|公安民警|民警"
)
_ORG_LEFT_TRIM = re.compile(r"^.*(?:经|被|至|向|由|后|将|送|交|到|的|在|系|，|。)")


def _organizations(text: str) -> list[Element]:
    out = []
    for m in _ORG.finditer(text):
        name, start = m.group(0), m.start()
        if name in ("公安民警", "民警"):
            continue
        trimmed = _ORG_LEFT_TRIM.sub("", name) if not name.startswith("公安") else name
        if len(trimmed) >= 3 and trimmed != name and name.endswith(trimmed):
            start += len(name) - len(trimmed)
            name = trimmed
        if len(name) >= 4:
            out.append(Element("organization", start, start + len(name), name, name))
    return out


# -- drugs, blood alcohol, injuries -------------------------------------------------------------------

_DRUG_KINDS = {
    "甲基苯丙胺": "甲基苯丙胺",
    "冰毒": "甲基苯丙胺",
    "麻古": "甲基苯丙胺片剂",
    "甲基苯丙胺片剂": "甲基苯丙胺片剂",
    "海洛因": "海洛因",
    "氯胺酮": "氯胺酮",
    "K粉": "氯胺酮",
    "可卡因": "可卡因",
    "大麻": "大麻",
    "鸦片": "鸦片",
    "吗啡": "吗啡",
    "摇头丸": "MDMA",
    "MDMA": "MDMA",
    "美沙酮": "美沙酮",
    "芬太尼": "芬太尼",
    "曲马多": "曲马多",
    "三唑仑": "三唑仑",
    "γ-羟丁酸": "γ-羟丁酸",
    "毒品": "毒品",
}
_DRUG_RE = re.compile("|".join(sorted(map(re.escape, _DRUG_KINDS), key=len, reverse=True)))
_GRAMS = re.compile(
    r"(?:净重|重|共计|合计|计|约)?(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点\d+)?)\s*"
    r"(?P<unit>千克|公斤|克|kg|g|KG|Kg)(?![a-zA-Z])"
)
_DRUG_UNIT = {"千克": 1000.0, "公斤": 1000.0, "kg": 1000.0, "KG": 1000.0, "Kg": 1000.0, "克": 1.0, "g": 1.0}
_BAC_NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九\d]+)?)"
_BAC = re.compile(
    _BAC_NUM + r"\s*(?:mg|毫克|MG|㎎)\s*(?:/|每)\s*(?P<per>100|一百)\s*(?:ml|mL|ML|毫升|㎖)"
    # written out: "每100毫升血液中含乙醇一百二十毫克"
    r"|(?:每|/)\s*(?:100|一百)\s*(?:ml|mL|ML|毫升|㎖)\s*(?:血液|血)?\s*(?:中|内)?\s*(?:含有?|检出)?\s*"
    r"(?:(?:乙醇|酒精)\s*(?:含量)?\s*(?:为|达|是)?)?\s*"
    + _BAC_NUM.replace("?P<num>", "?P<num2>")
    + r"\s*(?:mg|毫克|MG|㎎)"
)
_CN_DIGIT = dict(zip("零〇一二三四五六七八九", "00123456789", strict=True))


def _bac_value(number: str) -> float | None:
    """Milligrams from "186.3", "一百二十" or "八十点五"."""
    if "点" not in number:
        return chinese_number(number)
    whole, fraction = number.split("点", 1)
    base = chinese_number(whole)
    digits = "".join(_CN_DIGIT.get(ch, ch) for ch in fraction)
    return None if base is None or not digits.isdigit() else base + float("0." + digits)


_INJURY = re.compile(
    r"(?:轻伤|重伤|轻微伤)(?:[一二]级)?|[一二三四五六七八九十]级伤残|伤残[一二三四五六七八九十]级|死亡|"
    r"(?:轻|重)伤(?:[一二]级)?"
)


def _drugs(text: str) -> list[Element]:
    out = []
    for m in _DRUG_RE.finditer(text):
        kind = _DRUG_KINDS[m.group(0)]
        out.append(Element("drug", m.start(), m.end(), m.group(0), kind))
        # the first weight after the drug name, before the sentence ends or another drug is named
        tail_end = len(text)
        stop = re.compile(r"[。；;]").search(text, m.end())
        if stop:
            tail_end = stop.start()
        nxt = _DRUG_RE.search(text, m.end(), tail_end)
        if nxt:
            tail_end = nxt.start()
        g = _GRAMS.search(text, m.end(), min(tail_end, m.end() + 40))
        if g:
            num = chinese_number(g.group("num")) if "点" not in g.group("num") else None
            if num is None and "点" in g.group("num"):
                whole, frac = g.group("num").split("点", 1)
                num = (chinese_number(whole) or 0) + float("0." + frac)
            if num is not None:
                grams = round(num * _DRUG_UNIT[g.group("unit")], 4)
                out.append(Element("drug_quantity", g.start(), g.end(), g.group(0), grams, kind))
    return out


def _blood_alcohol(text: str) -> list[Element]:
    out = []
    for m in _BAC.finditer(text):
        value = _bac_value(m.group("num") or m.group("num2"))
        if value is not None:
            out.append(Element("blood_alcohol", m.start(), m.end(), m.group(0), value))
    return out


def _injuries(text: str) -> list[Element]:
    out = []
    for m in _INJURY.finditer(text):
        s = m.group(0)
        value = s
        if s.startswith("轻") and not s.startswith("轻微") and not s.startswith("轻伤"):
            value = "轻伤" + s[2:]
        elif s.startswith("伤残"):
            value = s[2:] + "伤残"
        out.append(Element("injury", m.start(), m.end(), s, value))
    return out


# -- entry point --------------------------------------------------------------------------------------


def extract_elements(text: str) -> list[Element]:
    """Every element found in ``text``, ordered by position (then type).

    Empty or non-Chinese input gives an empty list; nothing here raises on odd text.
    """
    if not text or not isinstance(text, str):
        return []
    text = text[:MAX_CHARS]
    times = _times(text)
    people = _people(text)
    names = {e.text for e in people}
    amounts = _amounts(text)
    elements = (
        people
        + times
        + _places(text, times)
        + amounts
        + _items(text, names)
        + _tools(text)
        + _organizations(text)
        + _drugs(text)
        + _blood_alcohol(text)
        + _injuries(text)
    )
    # one element per (type, span)
    seen: set[tuple[str, int, int]] = set()
    unique = []
    for e in sorted(elements, key=lambda e: (e.start, ELEMENT_TYPES.index(e.type), -e.end)):
        key = (e.type, e.start, e.end)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique
