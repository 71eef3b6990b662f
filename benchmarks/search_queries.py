"""The 200 queries of the search benchmark (``benchmarks/search.py``) and their relevance labels.

The queries are templates filled from the generated corpus (its charges, causes, courts, years,
case numbers, titles, people and facts), so they fit any ``--docs``/``--seed``; the same corpus gives
the same queries. Categories and counts:

=====================  =====  ====================================================================
category               count  example
=====================  =====  ====================================================================
charge                 24     盗窃 · 非法吸收公众存款 · 走私、贩卖、运输、制造毒品
charge_zui             8      危险驾驶罪 (the charge as the reasoning writes it)
civil_cause            8      民间借贷纠纷
legal_phrase           20     认罪认罚 · 如实供述 · 取得谅解 · 自首 · 驳回上诉
quoted_phrase          16     "如实供述自己的罪行"
role                   14     被告人 盗窃 · 委托诉讼代理人 买卖合同
multi_word             14     盗窃 手机 · 故意伤害 轻伤二级
exclusion              12     盗窃 -缓刑
or                     8      抢劫 OR 抢夺
filter                 20     盗窃 法院:浙0106 · 危险驾驶 year:2021 · 自首 罪名:故意伤害
name                   7      a party's full name
statute                5      第二百六十四条 · 第一百三十三条之一
fragment               7      a 8–14 character stretch of a fact, as pasted
known_case_number      10     （2023）浙0106刑初123号 or with half-width parentheses  [labelled]
known_title            5      张伟盗窃一审刑事判决书                                     [labelled]
marker                 12     a company name planted in a few documents                 [labelled]
charge_field           10     a charge, judged by the documents' charge labels          [labelled]
=====================  =====  ====================================================================

**Relevance labels** (the last four categories, 37 queries) are objective — derived from how the
corpus was built, never from an engine's output:

* ``known_case_number``: the document with that case number is relevant with grade 3; appeal
  documents citing it as the first-instance number get grade 1.
* ``known_title``: the document with that (unique) title, grade 3.
* ``marker``: :data:`MARKERS` are made-up company names that occur nowhere else; the generator puts
  each into one to three civil judgments as the plaintiff (grade 2: the case is about the company)
  and into the facts of two to five criminal judgments as a passing mention (grade 1). Half of the
  queries use the distinctive part of the name only (澄岚纺织品).
* ``charge_field``: documents whose main charge (``cause``) is the queried charge get grade 2,
  documents where it is a further charge grade 1; other documents mentioning the word are not
  relevant (a robbery case that mentions 盗窃 in passing is not a theft case).

Metrics: MRR@10 (1 / rank of the first relevant document in the top 10) and nDCG@10 with gain
``2**grade - 1`` and the ideal ordering of all labelled documents.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

#: Made-up company names planted by the corpus generator (see the module docstring).
MARKERS: tuple[str, ...] = (
    "杭州澄岚纺织品有限公司",
    "宁波禾澜海产贸易有限公司",
    "温州栖鹭鞋业有限公司",
    "苏州泓岫精密机械有限公司",
    "深圳曜石云网络科技有限公司",
    "上海芷汀文化传播有限公司",
    "武汉筠松建设工程有限公司",
    "成都蔺溪农业开发有限公司",
    "北京璟岚医疗器械有限公司",
    "广州沐桐餐饮管理有限公司",
    "南京翊川物流有限公司",
    "厦门棠樾茶业有限公司",
)

LEGAL_PHRASES = (
    "认罪认罚",
    "如实供述",
    "取得谅解",
    "自首",
    "坦白",
    "累犯",
    "缓刑",
    "退赃",
    "立功",
    "从轻处罚",
    "酌情从轻",
    "犯罪未遂",
    "数罪并罚",
    "驳回上诉",
    "维持原判",
    "缺席判决",
    "连带清偿责任",
    "感情确已破裂",
    "经济补偿金",
    "逾期付款损失",
    "诉讼时效",
    "违法所得",
    "案件受理费",
    "初犯",
    "速裁程序",
    "交强险",
)
QUOTED_PHRASES = (
    "如实供述自己的罪行",
    "取得被害人谅解",
    "驳回上诉，维持原判",
    "犯罪以后自动投案",
    "数额较大",
    "自愿认罪认罚",
    "羁押一日折抵刑期一日",
    "醉酒驾驶机动车",
    "系累犯，依法应当从重处罚",
    "经传票传唤无正当理由拒不到庭",
    "全国银行间同业拆借中心",
    "以非法占有为目的",
    "本判决为终审判决",
    "社会危害性不大",
    "加倍支付迟延履行期间的债务利息",
    "事实清楚，证据确实、充分",
    "承担连带保证责任",
    "机动车交通事故责任强制保险",
    "劳动人事争议仲裁委员会",
    "退缴全部违法所得",
)
ROLES_CRIMINAL = ("被告人", "公诉机关", "辩护人", "上诉人", "被害人", "原审被告人", "审判长", "人民陪审员")
ROLES_CIVIL = ("原告", "被告", "委托诉讼代理人", "法定代表人", "被上诉人", "上诉人")
CO_WORDS = {
    "盗窃": ("手机", "电动车", "入户", "扒窃", "监控"),
    "诈骗": ("微信", "冒充", "转账", "虚构事实"),
    "故意伤害": ("轻伤二级", "殴打", "鉴定意见", "赔偿"),
    "危险驾驶": ("血液酒精含量", "醉酒", "小型轿车", "速裁程序"),
    "民间借贷纠纷": ("借条", "利息", "微信转账"),
    "机动车交通事故责任纠纷": ("误工费", "保险公司", "护理费"),
    "离婚纠纷": ("抚养", "分居", "夫妻共同财产"),
    "买卖合同纠纷": ("货款", "对账单", "送货单"),
    "劳动争议": ("经济补偿金", "仲裁"),
}
EXCLUDE_WITH = {
    "盗窃": ("缓刑", "累犯", "自首"),
    "诈骗": ("电信", "合同诈骗"),
    "危险驾驶": ("认罪认罚", "拘役"),
    "故意伤害": ("谅解",),
    "民间借贷纠纷": ("缺席判决",),
    "离婚纠纷": ("不准",),
    "买卖合同纠纷": ("逾期付款损失",),
    "机动车交通事故责任纠纷": ("保险公司",),
}
OR_PAIRS = (
    ("抢劫", "抢夺"),
    ("诈骗", "合同诈骗"),
    ("受贿", "行贿"),
    ("贪污", "挪用公款"),
    ("非法持有毒品", "容留他人吸毒"),
    ("开设赌场", "赌博"),
    ("信用卡诈骗", "信用卡纠纷"),
    ("自首", "立功"),
)
STATUTE_CITATIONS = ("第二百六十四条", "第一百三十三条之一", "第六十七条", "第二百三十六条", "第六百七十五条")
_FRAGMENT_OK = re.compile(r"^[\u4e00-\u9fff0-9，]{8,14}$")


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query: what a user types (``text``, Xiezhi's query language) and its structure,
    from which each reference engine builds its own query.

    ``words`` must all match (each as the engine matches a word), ``phrases`` must occur exactly,
    at least one of ``any_of`` must match, no ``exclude`` may match, ``filters`` are facet filters.
    ``relevant`` maps document ids to grades (labelled queries only).
    """

    text: str
    category: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    relevant: dict[str, int] = field(default_factory=dict)
    label: str = ""

    @property
    def substring(self) -> str | None:
        """The string whose exact-substring recall is measured: the query's only word or phrase,
        when it has no operators (filters, exclusions, OR, a second term)."""
        if self.any_of or self.exclude or self.filters:
            return None
        items = self.words + self.phrases
        return items[0] if len(items) == 1 else None

    @property
    def positive(self) -> tuple[str, ...]:
        return self.words + self.phrases + self.any_of

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "category": self.category,
            "words": list(self.words),
            "phrases": list(self.phrases),
            "any_of": list(self.any_of),
            "exclude": list(self.exclude),
            "filters": [list(f) for f in self.filters],
            "relevant": self.relevant,
            "label": self.label,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchQuery:
        return cls(
            text=data["text"],
            category=data["category"],
            words=tuple(data["words"]),
            phrases=tuple(data["phrases"]),
            any_of=tuple(data["any_of"]),
            exclude=tuple(data["exclude"]),
            filters=tuple((f[0], f[1]) for f in data["filters"]),
            relevant=dict(data["relevant"]),
            label=data["label"],
        )


FILTER_NAMES = {
    "court": ("court", "法院"),
    "year": ("year", "年份"),
    "cause": ("cause", "罪名"),
    "kind": ("kind", "文书类型"),
    "case_type": ("case_type",),
    "procedure": ("procedure", "程序"),
}


def compose(
    rng: random.Random,
    words: Sequence[str] = (),
    phrases: Sequence[str] = (),
    any_of: Sequence[str] = (),
    exclude: Sequence[str] = (),
    filters: Sequence[tuple[str, str]] = (),
) -> str:
    """The query text a user would type for this structure."""
    parts = list(words)
    parts += [f'"{p}"' for p in phrases]
    if any_of:
        group = " OR ".join(any_of)
        parts.append(f"({group})" if parts or exclude or filters else group)
    parts += [f"-{x}" for x in exclude]
    for name, value in filters:
        parts.append(f"{rng.choice(FILTER_NAMES[name])}:{value}")
    return " ".join(parts)


def _q(rng: random.Random, category: str, **parts: Any) -> BenchQuery:
    relevant = parts.pop("relevant", {})
    label = parts.pop("label", "")
    text = parts.pop("text", None)
    structure = {k: tuple(v) for k, v in parts.items()}
    return BenchQuery(
        text=text or compose(rng, **structure), category=category, relevant=relevant, label=label, **structure
    )


def build_queries(docs: Sequence[Any], seed: int) -> list[BenchQuery]:
    """The 200 benchmark queries for a corpus (``docs``: the generator's ``Doc`` objects)."""
    rng = random.Random(seed * 7 + 1)
    judgments = [d for d in docs if d.kind != "statute"]
    charge_docs = Counter(c for d in judgments for c in d.charges)
    main_charge = Counter(d.cause for d in judgments if d.case_type == "criminal")
    civil_causes = Counter(d.cause for d in judgments if d.case_type == "civil")
    ranked = [c for c, _ in charge_docs.most_common()]
    courts = Counter(d.court for d in judgments)
    years = sorted({d.year for d in judgments if d.year})
    out: list[BenchQuery] = []

    # Charges: the most frequent ones, then a spread over the rest (rare charges included).
    frequent = ranked[:12]
    rest = ranked[12:]
    spread = [rest[int(i * (len(rest) - 1) / 11)] for i in range(12)] if len(rest) >= 12 else rest
    for must in ("非法吸收公众存款", "走私、贩卖、运输、制造毒品"):
        if must in charge_docs and must not in frequent + spread:
            spread[-1 if must.startswith("走私") else -2] = must
    charges = list(dict.fromkeys(frequent + spread))[:24]
    out += [_q(rng, "charge", words=[c]) for c in charges]

    for c in [
        c for c in ("盗窃", "危险驾驶", "故意伤害", "诈骗", "非法吸收公众存款", "受贿", "开设赌场", "抢劫")
    ]:
        out.append(_q(rng, "charge_zui", words=[c + "罪"]))
    out += [_q(rng, "civil_cause", words=[c]) for c, _ in civil_causes.most_common(8)]
    out += [_q(rng, "legal_phrase", words=[p]) for p in rng.sample(LEGAL_PHRASES, 20)]
    out += [_q(rng, "quoted_phrase", phrases=[p]) for p in rng.sample(QUOTED_PHRASES, 16)]

    # Roles with a charge or cause.
    for i in range(14):
        if i < 9:
            out.append(_q(rng, "role", words=[rng.choice(ROLES_CRIMINAL), rng.choice(frequent[:8])]))
        else:
            out.append(_q(rng, "role", words=[rng.choice(ROLES_CIVIL), rng.choice(list(civil_causes)[:5])]))

    pairs = [(k, w) for k, ws in CO_WORDS.items() for w in ws]
    for key, word in rng.sample(pairs, 14):
        out.append(_q(rng, "multi_word", words=[key, word]))
    ex_pairs = [(k, w) for k, ws in EXCLUDE_WITH.items() for w in ws]
    for key, word in ex_pairs[:12]:
        out.append(_q(rng, "exclusion", words=[key], exclude=[word]))
    for a, b in OR_PAIRS:
        out.append(_q(rng, "or", any_of=[a, b]))

    # Filters: court, year, cause, kind, case type, procedure, alone and combined.
    top_courts = [c for c, _ in courts.most_common(12)]
    for i in range(20):
        kind = i % 5
        word = rng.choice([*frequent[:6], "认罪认罚", "自首", "利息", "驳回上诉"])
        if kind == 0:
            filters = [("court", rng.choice(top_courts))]
        elif kind == 1:
            filters = [("year", str(rng.choice(years)))]
        elif kind == 2:
            word = rng.choice(("自首", "谅解", "缓刑", "累犯", "坦白"))
            filters = [("cause", rng.choice(frequent[:6]))]
        elif kind == 3:
            word = rng.choice(("驳回上诉", "维持原判", "上诉人", "原判"))
            filters = [("procedure", "second_instance"), ("year", str(rng.choice(years[-5:])))]
        else:
            filters = [("kind", rng.choice(("judgment", "ruling"))), ("court", rng.choice(top_courts))]
            if rng.random() < 0.5:
                filters.append(("year", str(rng.choice(years))))
        out.append(_q(rng, "filter", words=[word], filters=filters))

    # Names: full (not 某-style) names of defendants and parties.
    people = sorted({p for d in judgments for p in d.people[:2] if "某" not in p and 2 <= len(p) <= 3})
    out += [_q(rng, "name", words=[p]) for p in rng.sample(people, min(7, len(people)))]
    out += [_q(rng, "statute", words=[s]) for s in STATUTE_CITATIONS]

    # Fragments of facts, as a user pastes them.
    fragments = []
    criminal = [d for d in judgments if d.case_type == "criminal"]
    while len(fragments) < 7 and criminal:
        doc = rng.choice(criminal)
        size = rng.randrange(8, 15)
        if len(doc.fact) <= size + 10:
            continue
        start = rng.randrange(0, len(doc.fact) - size)
        piece = doc.fact[start : start + size]
        if _FRAGMENT_OK.match(piece) and not piece.startswith("，") and not piece.endswith("，"):
            fragments.append(piece)
    out += [_q(rng, "fragment", words=[f]) for f in fragments]

    out += _labelled(rng, docs, judgments, charge_docs, main_charge, set(charges))
    assert len(out) == 200, len(out)
    return out


def _labelled(
    rng: random.Random,
    docs: Sequence[Any],
    judgments: Sequence[Any],
    charge_docs: Counter,
    main_charge: Counter,
    used: set[str],
) -> list[BenchQuery]:
    out: list[BenchQuery] = []
    # Known items by case number: prefer first-instance numbers an appeal cites (graded labels).
    cited: dict[str, list[str]] = {}
    for d in judgments:
        for number in d.cites:
            cited.setdefault(number, []).append(d.id)
    by_number = {d.case_number: d for d in judgments}
    with_cites = sorted(n for n in cited if n in by_number)
    numbers = rng.sample(with_cites, min(5, len(with_cites)))
    numbers += rng.sample(sorted(set(by_number) - set(numbers)), 10 - len(numbers))
    for i, number in enumerate(numbers):
        relevant = {by_number[number].id: 3, **{c: 1 for c in cited.get(number, [])}}
        typed = number.replace("（", "(").replace("）", ")") if i % 2 else number
        out.append(
            _q(
                rng,
                "known_case_number",
                text=typed,
                phrases=[typed],
                relevant=relevant,
                label="the document with this case number (3); appeals citing it (1)",
            )
        )
    # Known items by title (unique titles only).
    titles = Counter(d.title for d in judgments)
    unique = sorted(d.title for d in judgments if titles[d.title] == 1)
    by_title = {d.title: d for d in judgments}
    for title in rng.sample(unique, 5):
        out.append(
            _q(
                rng,
                "known_title",
                words=[title],
                relevant={by_title[title].id: 3},
                label="the document with this title (3)",
            )
        )
    # Planted markers.
    for i, marker in enumerate(MARKERS):
        relevant = {d.id: d.markers[marker] for d in docs if marker in getattr(d, "markers", {})}
        typed = marker[2:].removesuffix("有限公司") if i % 2 else marker
        out.append(
            _q(
                rng,
                "marker",
                words=[typed],
                relevant=relevant,
                label="planted: party in the case (2), mentioned in the facts (1)",
            )
        )
    # Charge labels: mid-frequency charges not already in the charge category.
    candidates = [c for c, n in main_charge.most_common() if c not in used and n >= 2]
    step = max(1, len(candidates) // 10)
    picked = candidates[::step][:10]
    for charge in picked:
        relevant = {}
        for d in judgments:
            if d.case_type == "criminal" and charge in d.charges:
                relevant[d.id] = 2 if d.cause == charge else 1
        out.append(
            _q(
                rng,
                "charge_field",
                words=[charge],
                relevant=relevant,
                label="main charge (2), further charge (1)",
            )
        )
    return out
