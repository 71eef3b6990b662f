"""Role categories and the cue words that introduce a person in a Chinese judgment.

A *role* is what the document says a person is (被告人, 证人, 审判长 …). The policy decides from the
role, never from the cue word, so the tables below are the one place where legal vocabulary is
mapped to categories. Sources: the party designations of the CPL/CrimPL/ALL and the SPC's document
format rules (民事诉讼文书样式, 刑事诉讼文书样式), and Arts. 8 and 11 of 法释〔2016〕19号 for which
categories are protected or kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import lexicon
from .patterns import trie_pattern

# --- categories -----------------------------------------------------------------------------------
DEFENDANT = "defendant"  # 被告人, 罪犯, 上诉人（原审被告人）
PARTY = "party"  # civil/administrative/enforcement parties, 附带民事诉讼被告人
VICTIM = "victim"  # 被害人, 自诉人 (Art. 8(2))
CIVIL_PLAINTIFF = "civil_plaintiff"  # 附带民事诉讼原告人 (Art. 8(2))
WITNESS = "witness"  # 证人, 见证人, 代书人 (Art. 8(2))
APPRAISER = "appraiser"  # 鉴定人 (Art. 8(2))
GUARDIAN = "guardian"  # 法定代理人 of a natural person (Art. 8(2), 8(3))
ORG_REP = "org_representative"  # 法定代表人/负责人 of a private organisation (Art. 11(2) keeps, 2016 text)
AGENT = "agent"  # non-lawyer agent or defender (Art. 11(3): kept under the 2016 text)
DEFENDER = "defender"  # 辩护人 / 诉讼代理人 whose status is not yet known; resolved to LAWYER or AGENT
LAWYER = "lawyer"  # lawyers and basic-level legal workers (Art. 11(3))
JUDICIAL = "judicial"  # judges, assessors, judge assistants, clerks (Art. 11(4))
PROSECUTOR = "prosecutor"
OFFICIAL = "official"  # police, officials acting for a public body
INTERPRETER = "interpreter"
RELATIVE = "relative"  # relatives and other private relations of someone in the case
SUSPECT = "suspect"  # named suspects of other proceedings (另案处理)
OTHER = "other"  # any other private person named in the document

KEEP_ROLES = frozenset({LAWYER, JUDICIAL, PROSECUTOR, OFFICIAL, INTERPRETER})
PROTECTED_ROLES = frozenset({VICTIM, CIVIL_PLAINTIFF, WITNESS, APPRAISER})
PARTYLIKE = frozenset({DEFENDANT, PARTY, VICTIM, CIVIL_PLAINTIFF})

# Strength of evidence: 3 = structural (parties section, judicial signature), 2 = a specific cue in
# running text, 1 = a weak cue (a preposition, a sentence start) that needs confirmation.
STRUCTURAL, STRONG, WEAK = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Cue:
    role: str
    strength: int
    # True when the word is a party designation that opens a paragraph of the parties section.
    party_line: bool = False


def _table() -> dict[str, Cue]:
    t: dict[str, Cue] = {}

    def add(role: str, strength: int, words: str, *, party_line: bool = False) -> None:
        for w in words.split():
            t[w] = Cue(role, strength, party_line)

    # Criminal parties.
    add(DEFENDANT, STRONG, "被告人 原审被告人 罪犯 被不起诉人 同案被告人 原审上诉人", party_line=True)
    add(SUSPECT, STRONG, "犯罪嫌疑人 嫌疑人 同案犯 同案人 同伙 在逃人员")
    add(VICTIM, STRONG, "被害人 受害人 死者 伤者 遇害人 自诉人 被害方", party_line=True)
    add(
        CIVIL_PLAINTIFF,
        STRONG,
        "附带民事诉讼原告人 附带民事诉讼原告 刑事附带民事诉讼原告人 原审附带民事诉讼原告人",
        party_line=True,
    )
    add(PARTY, STRONG, "附带民事诉讼被告人 原审附带民事诉讼被告人 附带民事诉讼被告", party_line=True)
    # Civil, administrative and enforcement parties. 上诉人/被告 are re-read by document type.
    add(
        PARTY,
        STRONG,
        "原告 被告 第三人 上诉人 被上诉人 原审原告 原审被告 原审第三人 申请人 被申请人 再审申请人 "
        "申请再审人 被申请再审人 再审被申请人 申请执行人 被执行人 案外人 异议人 案外异议人 申诉人 "
        "被申诉人 复议申请人 申请复议人 起诉人 反诉原告 反诉被告 赔偿请求人 利害关系人 第三人撤销之诉原告 "
        "一审原告 一审被告 一审第三人 二审上诉人 申请执行人之一 执行异议人",
        party_line=True,
    )
    add(GUARDIAN, STRONG, "法定代理人 监护人 指定监护人", party_line=True)
    add(
        ORG_REP,
        STRONG,
        "法定代表人 负责人 诉讼代表人 经营者 投资人 执行事务合伙人 实际经营者 个体工商户经营者",
        party_line=True,
    )
    add(OFFICIAL, STRONG, "出庭负责人 行政机关负责人 出庭应诉负责人 出庭应诉人员", party_line=True)
    add(
        DEFENDER,
        STRONG,
        "委托诉讼代理人 委托代理人 诉讼代理人 代理人 特别授权代理人 指定代理人 辩护人 指定辩护人 委托辩护人",
        party_line=True,
    )
    add(LAWYER, STRONG, "值班律师 法律援助律师", party_line=True)
    add(INTERPRETER, STRONG, "翻译人员 翻译人 手语翻译", party_line=True)
    add(WITNESS, STRONG, "证人 见证人 代书人 目击证人 目击者 报案人 报警人 举报人 控告人")
    add(APPRAISER, STRONG, "鉴定人 鉴定人员 法医 司法鉴定人")
    # People whose names stay (Art. 11(4); prosecutors and police act in office).
    add(
        JUDICIAL,
        STRUCTURAL,
        "审判长 审判员 代理审判员 人民陪审员 陪审员 书记员 代书记员 法官助理 速录员 执行员 执行法官 法官 "
        "院长 副院长 庭长 副庭长 审判委员会委员 司法技术人员",
    )
    add(PROSECUTOR, STRUCTURAL, "检察员 代理检察员 检察官 检察官助理 公诉人 检察长 副检察长")
    add(
        OFFICIAL,
        STRONG,
        "办案人员 民警 辅警 警官 侦查员 侦查人员 办案民警 "
        "交警 管教民警 管教干警 执法人员 司法警察 法警 "
        "公证员 派出所所长 所长 村民委员会主任 社区民警",
    )
    # Private persons introduced by what they did or were.
    add(
        OTHER,
        STRONG,
        "出借人 借款人 共同借款人 担保人 保证人 承租人 出租人 房东 租户 买受人 出卖人 买方 卖方 车主 驾驶人 "
        "驾驶员 乘车人 乘客 行人 户主 股东 员工 雇员 工人 业主 介绍人 中间人 经办人 联系人 收款人 付款人 "
        "持卡人 开户人 赌客 参赌人员 吸毒人员 购毒人员 买家 卖家 患者 病人 继承人 被继承人 遗嘱人 受遗赠人 "
        "法定继承人 被扶养人 被抚养人 被赡养人 抚养人 赡养人 店主 "
        "老板 包工头 工友 委托人 受托人 债权人 债务人 "
        "实际控制人 实际施工人 嫖客 卖淫人员 介绍人 被监护人 未成年人 当事人 一方当事人",
    )
    add(RELATIVE, STRONG, " ".join(lexicon().kinship))
    # Private job titles right before a name (车间主任汪海波, 调度员海文军, 主治医生闵学东).
    add(
        OTHER,
        STRONG,
        "经理 总经理 副总经理 业务经理 项目经理 客户经理 财务经理 主任 "
        "车间主任 董事长 董事 监事 会计 出纳 店长 队长 "
        "组长 班长 主管 厂长 站长 老师 教师 班主任 医生 主治医生 "
        "护士 保安 保姆 司机 厨师 服务员 管理员 调度员 售货员 "
        "业务员 保安员 收银员 快递员 营业员 安全员 网格员 保洁员 "
        "仓管员 技术员 采购员 销售员 推销员 信息员 协管员 "
        "巡逻员 理货员 配送员 外卖员 骑手 收费员 质检员 "
        "检验员 财务人员 工作人员 负责人员 销售人员 业务人员 物业人员 "
        "合伙人 承包人 发包人 施工人 挂靠人 代理商 经销商 中介人员 中介",
    )
    add(
        OTHER,
        STRONG,
        "村民 居民 群众 路人 网友 顾客 客户 游客 学生 失主 事主 摊主 房主 租客 被侵权人 侵权人 受让人 转让人 "
        "赠与人 受赠人 借用人 出借方 借款方 担保方 被担保人 投保人 被保险人 受益人 驾驶者 车辆所有人 "
        "所有权人 实际车主 雇主 雇工 帮工 帮工人 被帮工人 提供劳务者 接受劳务者 承揽人 定作人 供货人 收货人 "
        "托运人 承运人 "
        "寄件人 收件人 购房人 卖房人 买房人 乘务员 押运员 搬运工 装卸工 电工 焊工 木工 瓦工 小工 临时工",
    )
    add(
        RELATIVE,
        STRONG,
        "一子 一女 二子 二女 两子 两女 独生子 独生女 婚生子 婚生女 非婚生子 非婚生女 长孙 次孙 孙辈 同胞",
    )
    # Verbs that take a person as object: 伙同李四, 殴打王五.
    add(
        OTHER,
        STRONG,
        "伙同 纠集 雇佣 雇用 指使 邀约 结伙 殴打 砍伤 刺伤 打伤 撞伤 撞倒 强奸 猥亵 胁迫 威胁 "
        "控制 拘禁 绑架 劫持 诈骗 骗取 勒索 教唆 唆使 收买 容留 介绍 约请 叫来 喊来 约上 叫上",
    )
    # Prepositions and light verbs: weak, confirmation needed.
    add(
        OTHER,
        WEAK,
        "与 和 同 及 向 将 把 给 让 叫 对 跟 替 找 问 被 经 由 告诉 通知 联系 认识 结识 委托 "
        "找到 找来 带领 协助 帮助 陪同 通过 带着 遇到 见到 看到 发现",
    )
    return t


CUES: dict[str, Cue] = _table()
CUE_RE = re.compile(trie_pattern(CUES))
# Words that begin a party paragraph; used to recognise the parties section.
PARTY_LINE_RE = re.compile(trie_pattern([w for w, c in CUES.items() if c.party_line]))

# Role read from the parenthesis after 上诉人/被上诉人/申请人 …: 上诉人（原审被告人）.
PAREN_ROLE_RE = re.compile(r"[（(]([^（）()]{1,24})[）)]")


def role_from_paren(inner: str) -> str | None:
    """The category named inside ``（原审被告人）``-style brackets, if any."""
    if "附带民事诉讼原告" in inner:
        return CIVIL_PLAINTIFF
    if "附带民事诉讼被告" in inner:
        return PARTY
    if "被告人" in inner or "罪犯" in inner:
        return DEFENDANT
    if "被害人" in inner or "自诉人" in inner:
        return VICTIM
    if "律师" in inner or "法律援助" in inner:
        return LAWYER
    if any(w in inner for w in ("原告", "被告", "第三人", "申请人", "被申请人", "上诉人")):
        return PARTY
    return None


# Right-hand cues: text that follows a name. Value: (role, strength).
RIGHT_CUES: dict[str, tuple[str, int]] = {}
for _w in (
    "（另案处理 （另案 （在逃 （已判 （已故 （已死亡 （另行处理 （均另案 （另处 "
    "（已被判 （已经判决 (另案 (在逃"
).split():
    RIGHT_CUES[_w] = (SUSPECT, STRONG)
for _w in (
    "（男 （女 (男 (女 ，男， ，女， ,男, ,女, ，男, ，女, （系 (系 （曾用名 （绰号 （又名 （化名"
).split():
    RIGHT_CUES[_w] = (OTHER, STRONG)
for _w in "的证言 证言 出庭作证 作证称 的证词 证词".split():
    RIGHT_CUES[_w] = (WITNESS, STRONG)
for _w in (
    "的陈述 陈述称 的供述 供述称 的辩解 的辨认 辨认笔录 的询问笔录 的讯问笔录 的报案 报案称 报警称 等人 "
    "等二人 等三人 等四人 等五人 等六人 等七人 等八人 等九人 等十人 等十余人 等多人 签名 签字 捺印 按捺"
).split():
    RIGHT_CUES[_w] = (OTHER, STRONG)
for _w in lexicon().kinship:
    RIGHT_CUES["的" + _w] = (OTHER, STRONG)
    if not _w.startswith(("之", "其")):
        RIGHT_CUES["之" + _w] = (OTHER, STRONG)
for _w in "再婚 结婚 离婚 同居 登记结婚 恋爱 订婚 相识 相恋 育有 生育".split():
    RIGHT_CUES[_w] = (OTHER, STRONG)
for _w in "证实 称 说 驾驶 报警 书写 出具 供述 陈述 辩称 诉称 表示 承认 到案 归案 受伤 死亡".split():
    RIGHT_CUES.setdefault(_w, (OTHER, WEAK))
RIGHT_CUE_RE = re.compile(trie_pattern(RIGHT_CUES))

# Aliases: 绰号“大军”, 曾用名马龙, （中文译名：奥卡福·约翰）.
ALIAS_RE = re.compile(
    r"(?P<cue>绰号|外号|别名|化名|曾用名|又名|小名|乳名|艺名|网名|诨名|人称|中文译名|中文名|英文名|译名)"
    r"[：:为是叫\s]{0,2}[“\"「『‘']?(?P<alias>[^\s，,。；;、（）()“”\"「」『』‘’']{1,24})[”\"」』’']?"
)
NAME_SHAPED_ALIAS_CUES = frozenset({"曾用名", "又名", "别名", "化名", "中文译名", "中文名", "英文名", "译名"})

# Descriptions in a party paragraph.
LAWYER_DESC_RE = re.compile(r"律师|法律工作者|法律服务所|法律援助|基层法律服务")
RELATIVE_DESC_RE = re.compile(
    r"系[^，。；]{0,12}?(?:之|的)?(?:父|母|子|女|妻|夫|兄|弟|姐|妹|侄|孙|甥|儿|媳|婿|舅|姨|叔|伯|姑|亲属|近亲属|配偶|"
    r"朋友|同事|邻居)"
)
EMPLOYEE_DESC_RE = re.compile(
    r"(?:该|本|其)?(?:公司|单位|企业|厂|店|银行|支行|分公司|合作社)(?:的)?"
    r"(?:员工|职员|职工|工作人员|"
    r"法务|经理|主管|会计|出纳|总监|专员|负责人)|员工|职员|职工"
)
OFFICIAL_DESC_RE = re.compile(
    r"工作人员|公务员|干部|科长|局长|处长|主任|区长|县长|市长|镇长|乡长|所长|副区长|副县长|副市长|副局长|队长|"
    r"民警|警官|检察官|法官|书记|站长|厅长|部长|委员"
)
PUBLIC_BODY_RE = re.compile(
    r"(?:人民政府|政府|局|委员会|办事处|管委会|人民检察院|人民法院|厅|署|监狱|看守所|派出所|海关|管理处|大队|支队|"
    r"分局|戒毒所|公安处|管理委员会)$"
)
MINOR_DESC_RE = re.compile(r"未成年|未满十八|不满十八|未满18|不满18|在校学生|小学生|初中生|幼儿")
BIRTH_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?\s*(?:出生|生)"
)
AGE_RE = re.compile(r"(?<![\d.])(?P<age>\d{1,2})\s*(?:周岁|岁)")
