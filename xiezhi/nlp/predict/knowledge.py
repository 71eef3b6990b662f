"""The charge knowledge base (罪名知识库): charge → articles and element cues, joined with statute text.

The table lives in ``xiezhi/nlp/resources/predict/charges.tsv`` (versioned project data, written from the
Criminal Law and the SPC/SPP charge lists). The statute text itself comes from the injected provider.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "predict" / "charges.tsv"

# The part of an article that states the offence (罪状) ends where the penalty starts; the penalty
# wording ("处三年以下有期徒刑") is shared by hundreds of articles and would only add noise to matching.
_PENALTY = re.compile(r"(的，|的,)?处[^。；：\n]*?(有期徒刑|拘役|管制|罚金|死刑|无期徒刑)[^。；：\n]*")
_SUB_NAMES = "一二三四五六七八九"
# "曾因盗窃罪被判处…" names a *previous* conviction (recidivism), not the charge before the court.
_PRIOR_CONVICTION = re.compile(r"曾因|曾犯|曾以|前因|先后因")
_PRIOR_SENTENCE = re.compile(r".{0,12}(被判处|判处|刑满释放|被[^。，]{0,8}法院判)")


@dataclass(frozen=True)
class Cue:
    """One element cue of a charge: a regular expression, decisive or supporting."""

    pattern: re.Pattern[str]
    decisive: bool
    # A literal every match starts with ("" when the pattern opens with a group or class): a plain
    # substring test on it skips most patterns at C speed before the regex engine runs.
    anchor: str = ""

    @property
    def source(self) -> str:
        return self.pattern.pattern


@dataclass(frozen=True)
class ChargeInfo:
    """What the project knows about one charge without any training data."""

    name: str
    articles: tuple[int, ...]
    cues: tuple[Cue, ...] = field(default=())
    # (article, sub-article) pairs: (133, 1) is 第一百三十三条之一, (264, 0) the article itself.
    text_refs: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class CueHit:
    """A cue found in a fact: the matched text and its offsets in the caller's text."""

    charge: str
    text: str
    start: int
    end: int
    decisive: bool
    cue_id: int = -1  # position of the cue in :attr:`KnowledgeBase.cue_list`


class KnowledgeBase:
    """The charge table plus, when a statute provider is given, the statute text of every article."""

    def __init__(self, charges: Iterable[ChargeInfo], statutes: Callable[[int], str | None] | None = None):
        self.charges: tuple[ChargeInfo, ...] = tuple(charges)
        self.by_name: dict[str, ChargeInfo] = {c.name: c for c in self.charges}
        self.statutes = statutes
        self.version = _version()
        # Every cue of every charge, numbered: cue indicators are features of the learned classifier.
        self.cue_list: list[tuple[str, Cue]] = [(c.name, cue) for c in self.charges for cue in c.cues]
        self._name_pattern: re.Pattern[str] | None = None
        self._variants: dict[str, str] = {}

    @property
    def cue_signature(self) -> str:
        """Hash of the numbered cue list: a model's cue features are only valid for the same list."""
        import hashlib

        joined = "\n".join(f"{name}\t{cue.decisive}\t{cue.source}" for name, cue in self.cue_list)
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.charges]

    def article_text(self, article: int) -> str | None:
        if self.statutes is None:
            return None
        return self.statutes(article)

    def offence_text(self, article: int, sub: int = 0) -> str:
        """The article (or its 之N sub-article) without penalty clauses: the description of the conduct."""
        text = sub_article(self.article_text(article) or "", sub)
        return _PENALTY.sub("", text)

    def charge_document(self, name: str) -> str:
        """A pseudo-document for a charge: its name, its defining articles' conduct text and its cues.

        Charges without any training example are learned from this document alone, so it states the
        elements in the words facts use (the cues) as well as in the statute's words.
        """
        info = self.by_name[name]
        parts = [name, name]
        if info.text_refs:
            parts.append(self.offence_text(*info.text_refs[0]))
        parts.extend(_cue_words(cue.source) for cue in info.cues)
        return "。".join(p for p in parts if p)

    def name_mentions(self, text: str) -> dict[str, tuple[int, int]]:
        """Charges named in the text: (mentions followed by 罪, mentions as a section heading).

        Indictments often keep the charge's name in a heading ("一、贩卖毒品罪", "（二）变造金融票证")
        even where the conclusion is masked ("构成××罪"); that is the strongest single signal there is.
        """
        if self._name_pattern is None:
            variants: dict[str, str] = {}
            for info in self.charges:
                for v in name_variants(info.name):
                    # A variant shared by several charges ("容留卖淫") belongs to the narrowest name.
                    if v not in variants or len(info.name) < len(variants[v]):
                        variants[v] = info.name
            self._variants = variants
            alternatives = sorted(variants, key=len, reverse=True)
            self._name_pattern = re.compile("|".join(re.escape(v) for v in alternatives))
        found: dict[str, list[int]] = {}
        for m in self._name_pattern.finditer(text):
            name = self._variants[m.group(0)]
            counts = found.setdefault(name, [0, 0])
            after = text[m.end() : m.end() + 1]
            before = text[max(0, m.start() - 4) : m.start()]
            if (
                after == "罪"
                and not _PRIOR_CONVICTION.search(text, max(0, m.start() - 8), m.start())
                and not _PRIOR_SENTENCE.match(text, m.end() + 1)
            ):
                counts[0] += 1
            if (
                re.search(
                    r"(^|[\s。：:])([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])$",
                    before,
                )
                or m.start() == 0
            ):
                counts[1] += 1
        return {k: (v[0], v[1]) for k, v in found.items() if v[0] or v[1]}

    def match(self, text: str, limit_per_cue: int = 3) -> dict[str, list[CueHit]]:
        """Every charge whose cues occur in ``text``, with up to ``limit_per_cue`` hits per cue."""
        found: dict[str, list[CueHit]] = {}
        for cue_id, (name, cue) in enumerate(self.cue_list):
            if cue.anchor and cue.anchor not in text:
                continue
            for n, m in enumerate(cue.pattern.finditer(text)):
                if n >= limit_per_cue:
                    break
                if m.end() > m.start():
                    found.setdefault(name, []).append(
                        CueHit(name, m.group(0), m.start(), m.end(), cue.decisive, cue_id)
                    )
        return found


def sub_article(text: str, sub: int) -> str:
    """The part of a CAIL-folded article text that is 第X条之``sub`` (``sub`` 0: the base article).

    Providers return the folded text (base article, then 之一, 之二 ...), each part starting with its own
    heading, as :func:`xiezhi.nlp.predict.statutes.load_criminal_law` does; a text without headings is
    returned whole.
    """
    starts = [
        m.start()
        for m in re.finditer(r"(?m)^第[〇零一二三四五六七八九十百]+条(之[一二三四五六七八九])?", text)
    ]
    if not starts:
        return text
    parts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    for part in parts:
        m = re.match(r"第[〇零一二三四五六七八九十百]+条(之([一二三四五六七八九]))?", part)
        found = _SUB_NAMES.index(m.group(2)) + 1 if m and m.group(2) else 0
        if found == sub:
            return part.strip()
    return text


def name_variants(name: str) -> set[str]:
    """The ways a judgment writes a charge's name: the name itself and one variant per listed act.

    "走私、贩卖、运输、制造毒品" → 走私毒品, 贩卖毒品, 运输毒品, 制造毒品; "伪造、变造金融票证" →
    伪造金融票证, 变造金融票证. Leading short pieces are alternative verbs for the first long piece's
    object; a long piece on its own is also a variant.
    """
    pieces = name.split("、")
    variants = set()
    verbs: list[str] = []
    for piece in pieces:
        if len(piece) <= 2 and not variants:
            verbs.append(piece)
            continue
        if verbs and len(piece) >= 4:
            variants.add(piece)
            obj = piece[2:]
            variants.update(v + obj for v in verbs)
            verbs = []
        elif not verbs:
            break
    return {v for v in variants if len(v) >= 4} | {name}


def _anchor(pattern: str) -> str:
    """The literal prefix of a regex, up to its first special character (none if it has a top-level |)."""
    depth = 0
    for ch in pattern:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            return ""
    m = re.match(r"[^.()\[\]{}|?*+\\^$]*", pattern)
    prefix = m.group(0) if m else ""
    # A quantifier right after the prefix applies to its last character, which is then optional.
    rest = pattern[len(prefix) :]
    if rest[:1] in ("?", "*", "{"):
        prefix = prefix[:-1]
    return prefix


def _cue_words(pattern: str) -> str:
    """The literal words of a cue regex (gaps and alternations become separators)."""
    return re.sub(r"\.\{\d+,\d+\}|[()|?*+\\^$\[\]{}]", " ", pattern)


@lru_cache(maxsize=1)
def _version() -> str:
    first = RESOURCE.read_text(encoding="utf-8").splitlines()[0]
    m = re.search(r"version\s+(\S+)", first)
    return m.group(1) if m else "unknown"


@lru_cache(maxsize=4)
def load_charges(path: str | None = None) -> tuple[ChargeInfo, ...]:
    """Parse the charge table (cached: the table is read-only project data)."""
    source = Path(path) if path else RESOURCE
    charges: list[ChargeInfo] = []
    header_seen = False
    for raw in source.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if not header_seen:
            header_seen = True  # the column header line
            continue
        cols = raw.split("\t")
        cols += [""] * (3 - len(cols))
        name, articles, cues = cols[0].strip(), cols[1].strip(), cols[2].strip()
        compiled = []
        for item in filter(None, (c.strip() for c in cues.split(";"))):
            decisive = item.startswith("!")
            source = item.lstrip("!")
            compiled.append(Cue(re.compile(source), decisive, _anchor(source)))
        refs = []
        for spec in filter(None, (a.strip() for a in articles.split(","))):
            number, _, sub = spec.partition("-")
            refs.append((int(number), int(sub or 0)))
        charges.append(
            ChargeInfo(
                name=name,
                articles=tuple(dict.fromkeys(number for number, _ in refs)),
                cues=tuple(compiled),
                text_refs=tuple(refs),
            )
        )
    return tuple(charges)


def knowledge_base(statutes: Callable[[int], str | None] | None = None) -> KnowledgeBase:
    """The project's charge table joined with the given statute provider."""
    return KnowledgeBase(load_charges(), statutes)


# ---------------------------------------------------------------------------------------------------------
# Competing charges (法条竞合 / 此罪与彼罪)
#
# Groups of charges that are alternative characterisations of the same conduct under the Criminal Law:
# the same act is normally judged under one of them (the special provision over the general one, the
# intentional over the negligent, the state functionary's over the employee's offence). A second charge
# from the same group as a charge already chosen therefore needs stronger evidence than an unrelated one
# (a defendant *can* commit both, on different facts). Written from the Criminal Law, not from any data.
COMPETING_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(g)
    for g in (
        # Arts. 266 and 192–198, 224: the special frauds exclude the general fraud for the same act.
        {
            "诈骗",
            "合同诈骗",
            "集资诈骗",
            "信用卡诈骗",
            "贷款诈骗",
            "票据诈骗",
            "金融凭证诈骗",
            "保险诈骗",
            "招摇撞骗",
            "冒充军人招摇撞骗",
            "组织、领导传销活动",
        },
        {"集资诈骗", "非法吸收公众存款"},  # Arts. 192 / 176: intent to possess decides
        {"信用卡诈骗", "妨害信用卡管理", "窃取、收买、非法提供信用卡信息"},
        # Arts. 213–215: trademark offences.
        {"假冒注册商标", "销售假冒注册商标的商品", "非法制造、销售非法制造的注册商标标识"},
        # Arts. 344–345: forests and protected plants.
        {
            "盗伐林木",
            "滥伐林木",
            "非法采伐、毁坏国家重点保护植物",
            "非法收购、运输、加工、出售国家重点保护植物、国家重点保护植物制品",
            "非法收购、运输盗伐、滥伐的林木",
        },
        # Arts. 170–173: counterfeit money.
        {"伪造货币", "出售、购买、运输假币", "持有、使用假币"},
        # Arts. 163 / 385 / 387 / 388之一: bribe taking by who.
        {"受贿", "非国家工作人员受贿", "单位受贿", "利用影响力受贿"},
        {"行贿", "单位行贿", "对非国家工作人员行贿", "对单位行贿", "介绍贿赂"},
        # Arts. 382 / 271, 384 / 272: embezzlement and misappropriation by state functionaries or employees.
        {"贪污", "职务侵占", "盗窃", "诈骗"},
        {"挪用公款", "挪用资金"},
        {"贪污", "挪用公款", "私分国有资产"},
        # Art. 341: hunting.
        {
            "非法狩猎",
            "非法猎捕、杀害珍贵、濒危野生动物",
            "非法收购、运输、出售珍贵、濒危野生动物、珍贵、濒危野生动物制品",
        },
        # Arts. 347 / 348 / 349: drugs (possession is the catch-all when the purpose is unproven).
        {"走私、贩卖、运输、制造毒品", "非法持有毒品", "窝藏、转移、隐瞒毒品、毒赃"},
        # Arts. 232 / 234 / 233 / 235: intent and negligence against the person.
        {"故意杀人", "故意伤害", "过失致人死亡", "过失致人重伤", "聚众斗殴", "寻衅滋事"},
        # Arts. 134 / 135 / 233: accidents at work.
        {"重大责任事故", "重大劳动安全事故", "过失致人死亡", "交通肇事"},
        # Arts. 125 / 128: firearms.
        {
            "非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物",
            "非法持有、私藏枪支、弹药",
            "非法携带枪支、弹药、管制刀具、危险物品危及公共安全",
        },
        # Art. 303: gambling.
        {"赌博", "开设赌场"},
        # Arts. 114–115: fire, explosion, poison and other dangerous means; intent vs negligence.
        {"放火", "失火", "爆炸", "投放危险物质", "以危险方法危害公共安全", "过失以危险方法危害公共安全"},
        # Arts. 240 / 241: trafficking and buying.
        {"拐卖妇女、儿童", "收买被拐卖的妇女、儿童", "拐骗儿童"},
        # Arts. 236 / 237: sexual offences; the victim's age decides 猥亵儿童.
        {"强奸", "强制猥亵、侮辱妇女", "猥亵儿童"},
        # Arts. 140–144: product quality.
        {
            "生产、销售伪劣产品",
            "生产、销售假药",
            "生产、销售有毒、有害食品",
            "生产、销售不符合安全标准的食品",
            "生产、销售伪劣农药、兽药、化肥、种子",
        },
        # Arts. 205 / 205之一 / 206 / 209: invoices.
        {
            "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票",
            "虚开发票",
            "非法制造、出售非法制造的发票",
            "非法出售发票",
            "持有伪造的发票",
        },
        # Arts. 280: forged seals and documents.
        {
            "伪造、变造、买卖国家机关公文、证件、印章",
            "伪造公司、企业、事业单位、人民团体印章",
            "伪造、变造居民身份证",
        },
        # Arts. 312 / 264: handling stolen goods vs the theft itself.
        {"掩饰、隐瞒犯罪所得、犯罪所得收益", "窝藏、转移、收购、销售赃物"},
        # Arts. 175之一 / 186 / 193: loans.
        {"骗取贷款、票据承兑、金融票证", "贷款诈骗", "违法发放贷款"},
        # Arts. 263 / 267 / 274: taking property by force or threat.
        {"抢劫", "抢夺", "敲诈勒索"},
        {"滥用职权", "玩忽职守"},
    )
)


def competing(a: str, b: str) -> bool:
    """True when charges ``a`` and ``b`` are alternative characterisations of one conduct."""
    return a != b and any(a in g and b in g for g in COMPETING_GROUPS)


# Legal elements that decide between two competing charges. Each rule: (charge A, charge B, decide) where
# ``decide(text)`` returns A, B or None (the facts do not say). Applied only to a pair one of whose
# members the model already chose, so a cue can never add an unrelated charge.
# Only the defendant's own role counts: courts, procuratorates and police appear in every fact as the
# authorities handling the case, so they are no cue.
_STATE_FUNCTIONARY = re.compile(
    r"(?<!非)国家工作人员|国家机关工作人员|公务员|公职人员|国有(独资)?(公司|企业|单位|银行|控股|资产)|"
    r"事业单位|公款|财政(资金|专项|补贴|款)|从事公务|受.{0,8}委托.{0,10}(管理|经营)国有|"
    r"(镇|乡|街道|县|市|区)(党委|人民政府|政府|办事处)[^。；]{0,10}(工作人员|干部|科员|主任|副主任|站长|所长)|"
    r"(局|所|站|办)(的)?(局长|副局长|科长|副科长|所长|站长|主任|工作人员|科员)|"
    r"(镇长|乡长|县长)|"
    # Village committee members are state functionaries only while assisting the government in the
    # tasks the NPCSC's 2000 interpretation of Art. 93 lists (relief, land compensation, …).
    r"(村|社区|居委会)[^。]{0,30}(协助(人民)?政府|救灾|抢险|防汛|优抚|扶贫|移民|救济|征收|征用|补偿费|宅基地|代征|计划生育)"
)
_PRIVATE_EMPLOYEE = re.compile(
    r"(有限(责任)?公司|股份(有限)?公司|集团|企业|酒店|超市|商场|工厂|厂)[^。；]{0,12}"
    r"(经理|主管|员工|职员|会计|出纳|业务员|销售|采购|店长|负责人|工作人员|司机|保管|收银)|"
    r"(经理|主管|员工|职员|业务员|采购员|店长|收银员)|"
    # Medical staff taking kickbacks (SPC/SPP 2008 opinion on commercial bribery, item 4) and village
    # committee members outside public duties act as non-state personnel.
    r"医务人员|医生|村委会主任|村主任|村民委员会|村支书|党支部书记|村长"
)


def _state_functionary(text: str) -> bool | None:
    """Whether the defendant acts as a state functionary (国家工作人员, Art. 93): True, False or unknown."""
    if _STATE_FUNCTIONARY.search(text):
        return True
    if _PRIVATE_EMPLOYEE.search(text):
        return False
    return None


_AGE = re.compile(r"(?<![0-9零〇一二两三四五六七八九十])([0-9]{1,2}|[一二三四五六七八九十]{1,3})(周)?岁")
_CHILD = re.compile(r"不满(十四|14)周?岁|未满(十四|14)周?岁|幼女|儿童|小学|幼儿园|女童|男童")


def _victim_under_14(text: str) -> bool | None:
    if _CHILD.search(text):
        return True
    ages = []
    for m in _AGE.finditer(text):
        raw = m.group(1)
        ages.append(int(raw) if raw.isdigit() else _small_number(raw))
    ages = [a for a in ages if a is not None]
    if ages and min(ages) < 14:
        return True
    if ages:
        return False
    return None


def _small_number(text: str) -> int | None:
    digits = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(ones, 0) if tens in digits else None
    return digits.get(text)


def _first(text: str, a: str, b: str, cue_a: str, cue_b: str) -> str | None:
    """``a`` when only ``cue_a`` occurs, ``b`` when only ``cue_b`` occurs, else unknown."""
    has_a, has_b = bool(re.search(cue_a, text)), bool(re.search(cue_b, text))
    if has_a and not has_b:
        return a
    if has_b and not has_a:
        return b
    return None


def _by_status(state: str, private: str) -> Callable[[str], str | None]:
    def decide(text: str) -> str | None:
        status = _state_functionary(text)
        return None if status is None else (state if status else private)

    return decide


# A breach of safety rules in a production or work operation (not merely a workplace mentioned).
_PRODUCTION = re.compile(
    r"违反[^。；]{0,20}(安全|操作规程|作业规程)|操作规程|安全生产|安全管理规定|安全帽|安全带|安全绳|"
    r"特种作业|施工过程|作业过程|作业时|施工时|脚手架|塔吊|矿井|井下作业"
)


_BY_POST = re.compile(
    r"利用[^。；]{0,12}职务(上的)?便利|利用[^。；]{0,8}(职权|主管|管理|经手)[^。；]{0,8}便利"
)


def _production_accident(text: str) -> str | None:
    """Art. 134 (重大责任事故) is the special provision for deaths in production or work operations."""
    return "重大责任事故" if _PRODUCTION.search(text) else None


EXCLUSIVE_RULES: tuple[tuple[str, str, Callable[[str], str | None]], ...] = (
    # Art. 271 vs 264: taking the employer's property *by means of one's post* is 职务侵占 (status decides
    # against 贪污 next); a mere chance at work is theft, so only the post itself counts.
    ("职务侵占", "盗窃", lambda t: "职务侵占" if _BY_POST.search(t) else None),
    # Arts. 385 / 163, 382 / 271, 384 / 272: the defendant's status as a state functionary decides.
    ("受贿", "非国家工作人员受贿", _by_status("受贿", "非国家工作人员受贿")),
    ("贪污", "职务侵占", _by_status("贪污", "职务侵占")),
    ("挪用公款", "挪用资金", _by_status("挪用公款", "挪用资金")),
    # Art. 237: indecency against a child under 14 is 猥亵儿童.
    (
        "强制猥亵、侮辱妇女",
        "猥亵儿童",
        lambda t: None if (u := _victim_under_14(t)) is None else ("猥亵儿童" if u else "强制猥亵、侮辱妇女"),
    ),
    # Art. 303: running the place or the platform (开设赌场) vs gathering people to gamble (赌博).
    (
        "开设赌场",
        "赌博",
        lambda t: _first(
            t,
            "开设赌场",
            "赌博",
            r"开设赌场|开设[^。；]{0,6}赌(场|档|局|馆)|赌博网站|赌博平台|网络赌博|抽头|抽水|提供赌博场所",
            r"聚众赌博|以赌博为业",
        ),
    ),
    # Arts. 125 / 128: making or trading guns against only holding them.
    (
        "非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物",
        "非法持有、私藏枪支、弹药",
        lambda t: _first(
            t,
            "非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物",
            "非法持有、私藏枪支、弹药",
            r"(制造|自制|私制|组装|改装|加工|出售|贩卖|买卖|卖给|邮寄|运输|储存)[^。；]{0,10}(枪|弹|炸药|雷管|火药)"
            r"|(枪|弹药)[^。；]{0,15}(出售|卖给|贩卖|邮寄)|(炸药|雷管|导火索)",
            r"(持有|私藏|藏匿)[^。；]{0,10}(枪|弹)",
        ),
    ),
    ("重大责任事故", "过失致人死亡", _production_accident),
    # Arts. 274 / 266: property handed over out of fear (threats) vs out of deception.
    (
        "敲诈勒索",
        "诈骗",
        lambda t: _first(
            t,
            "敲诈勒索",
            "诈骗",
            r"威胁|要挟|恐吓|敲诈|勒索",
            r"虚构|隐瞒真相|冒充|谎称|假称|骗取|以[^。；]{0,10}为由[^。；]{0,10}骗",
        ),
    ),
    # Art. 292: a group fight is 聚众斗殴 unless it causes serious injury or death (then Arts. 234/232).
    (
        "聚众斗殴",
        "故意伤害",
        lambda t: (
            None
            if re.search(r"重伤|死亡|身亡", t)
            else (
                "聚众斗殴" if re.search(r"聚众斗殴|斗殴|互殴|约架|纠集[^。；]{0,20}(打架|械斗)", t) else None
            )
        ),
    ),
    # Art. 345: felling others' (state, collective) trees is 盗伐; one's own or beyond the permit is 滥伐.
    (
        "盗伐林木",
        "滥伐林木",
        lambda t: _first(
            t,
            "盗伐林木",
            "滥伐林木",
            r"盗伐|偷伐|偷砍|盗砍|(他人|集体|国有|村集体)[^。；]{0,8}(所有|承包|经营)?的?(林|树|杉|松)",
            r"滥伐|采伐许可证|超(过|出)[^。；]{0,10}(采伐|许可)|(自家|自己|本人)[^。；]{0,8}(承包|所有|责任山|林地|山)",
        ),
    ),
    # Arts. 114 / 115: setting the fire on purpose or by carelessness.
    (
        "放火",
        "失火",
        lambda t: _first(
            t,
            "放火",
            "失火",
            r"放火|纵火|故意点燃|泼洒汽油|点燃.{0,8}(房|屋|车|汽油)",
            r"失火|不慎|疏忽|未将.{0,6}(熄灭|扑灭)|用火不慎|引燃|烧荒|祭祀|上坟",
        ),
    ),
    # Arts. 234 / 233 / 235: intentional injury against negligent death or serious injury.
    (
        "故意伤害",
        "过失致人死亡",
        lambda t: _first(
            t,
            "故意伤害",
            "过失致人死亡",
            r"殴打|拳打脚踢|持刀|捅|砍|踢打|故意伤害",
            r"过失|不慎|疏忽大意|没有注意|未注意|意外",
        ),
    ),
)


def resolve_exclusive(text: str, chosen: list[str], scores: dict[str, float] | None = None) -> list[str]:
    """Apply :data:`EXCLUSIVE_RULES` to a chosen charge list (order kept, first = most probable).

    For a rule (A, B): when the list holds A or B (or both) and the facts decide, the decided charge
    replaces the other; when they do not decide and both are listed, the less probable one is dropped.
    """
    out = list(chosen)
    for a, b, decide in EXCLUSIVE_RULES:
        has_a, has_b = a in out, b in out
        if not (has_a or has_b):
            continue
        winner = decide(text)
        if winner is None:
            if has_a and has_b:
                loser = b if out.index(a) < out.index(b) else a
                out.remove(loser)
            continue
        loser = b if winner == a else a
        if loser in out:
            pos = out.index(loser)
            if winner in out:
                out.pop(pos)
            else:
                out[pos] = winner
    return out
