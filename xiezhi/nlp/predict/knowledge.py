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
