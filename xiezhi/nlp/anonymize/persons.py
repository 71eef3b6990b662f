"""Finding the natural persons named in a judgment, with the evidence for their role.

Four kinds of evidence, strongest first:

1. *structural*: a paragraph of the parties section (``被告人刘建军，男，…``), a signature in the tail
   (``审判长　林涛``);
2. *strong cues* in running text: a role word before the name (``被害人钟艳红``), a kinship word
   (``其妻初晓燕``), a verb that takes a person (``伙同马小龙``), or text after it (``孔德顺的证言``,
   ``郑某（另案处理）``);
3. *aliases*: ``绰号“大军”``, ``曾用名马龙``, ``（中文译名：奥卡福·约翰）``;
4. *weak cues*: a preposition or a clause start before a name-shaped token; such a candidate is kept
   only when the same token recurs in name position.

Name boundaries come from the known names first; otherwise from the name's shape (surname list,
characters that never occur in given names) and, where a third character is ambiguous (``卫东升发生``
vs ``李四驾驶``), from how the same prefix is followed elsewhere in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon, lexicon
from .roles import (
    AGE_RE,
    AGENT,
    ALIAS_RE,
    BIRTH_RE,
    CUE_RE,
    CUES,
    DEFENDANT,
    DEFENDER,
    EMPLOYEE_DESC_RE,
    GUARDIAN,
    LAWYER,
    LAWYER_DESC_RE,
    MINOR_DESC_RE,
    NAME_SHAPED_ALIAS_CUES,
    OFFICIAL,
    OFFICIAL_DESC_RE,
    ORG_REP,
    OTHER,
    PAREN_ROLE_RE,
    PARTY,
    PARTY_LINE_RE,
    PARTYLIKE,
    PUBLIC_BODY_RE,
    RELATIVE_DESC_RE,
    RIGHT_CUE_RE,
    RIGHT_CUES,
    STRONG,
    STRUCTURAL,
    VICTIM,
    WEAK,
    role_from_paren,
)
from .structure import Structure
from .view import is_han

# Characters that, in third position, more often start the next word than end a name
# (驾驶, 持刀, 到达, 家中 …). A three-character reading then needs support from elsewhere.
SOFT_STOP = frozenset(
    "驾持用拿骑到去来回走跑打将把向给让叫找借欠还付收交购卖买租签要与和及跟同对从经被因为于至先后又也便遂即已"
    "曾仍均分共各另亦正未没不无非系是有在帮替请约邀带携开见看听问答告报讲述证供辩诉申提认承否拒称说家村镇"
    "厂店处屋院楼门车手身头脸腿父母妻夫哥姐弟妹儿女出发进上下等的之这那此该其所以乃则并且或就都会能可应需得作"
    "做担负伙纠雇指殴砍刺撞推踢抢骗偷盗窃赶闻随陪护前往离返搬住居死伤亡病逝故签按捺名犯罪送拉抱扔丢捡拍摸穿吃喝睡"
    "站躺喊骂哭笑写读唱跳停放寄递装卸挖埋烧砸摔踩抓拽扯挡拦堵追逃躲藏寻搜翻查核填判裁罚赔偿退补扣缴售换醉"
)
# Given-name stop characters that are pure function words; never part of a name even when the
# document seems to say otherwise.
HARD_STOP = frozenset(
    "的了着是不没与及或等被把将对从到因所其之也都就又还并即便则但而且该此这那哪谁么个些每某我你他她它们自己"
)
# Characters after which a name may start inside running text.
LEFT_OK = frozenset('、，,和与及同被将向给让对跟的之系即称说叫找问见经由替帮请约带陪把：:（(“"「')
# Last characters of job titles that stand right before a name (调度员海文军, 车间主任汪海波).
TITLE_END = frozenset("员长师任理生士警官")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u3007]*")
_DOTTED_RE = re.compile(r"[\u4e00-\u9fff]{1,10}(?:[·•・．.][\u4e00-\u9fff]{1,10})+")
_LATIN_RE = re.compile(r"[A-Z][A-Za-z'\-]*(?:[ \u00a0][A-Z][A-Za-z'\-]*){0,5}")
_SEPARATORS = "：: \t\u3000"
_CLAUSE_START_RE = re.compile(r"[，。；：、\n“”（(,;:]")
# A transliterated name's last part ends before these (买买提·吐尔逊之妻, 卡德尔到庭).
_DOTTED_TAIL_STOP = frozenset("的之等系及和与在于被将把称说向对因为所是了着过到担出经已曾均亦参持驾从共任请")
# After a candidate, these make it a place (郑州市, 玉林市).
_PLACE_NEXT = frozenset("市县区省镇乡村州盟旗港湾")
# Compound surnames that are mostly words; only accepted in the parties section.
_WORDLIKE_COMPOUNDS = frozenset(
    {"第五", "东方", "东门", "西门", "公门", "百里", "南宫", "单于", "司空", "长孙"}
)
# Characters that cannot occur inside an organisation name ("韦国平名下中国工商银行" is no organisation).
_ORG_BREAK = frozenset("的了着在被把将与及向对从到因而并且或就都也又还称说是下给让叫")
# 秦大妈, 王老师傅: surname + 大/老/小/阿 + one of these is a form of address, not a name.
_CN_NUMERALS = frozenset("一二三四五六七八九十")
_HONORIFIC_END = frozenset("妈爷娘叔哥姐嫂伯婶妹弟爹婆")
# 邻居秦大妈（秦桂兰）, “老三”（孔令军）: a name in brackets right after a way of calling a person.
_BRACKET_NAME_RE = re.compile(r"[（(]([\u4e00-\u9fff·]{2,8})[）)]")
_CALLING_END = tuple(
    '大妈 大爷 大娘 大叔 大哥 大姐 阿姨 叔叔 婶子 老汉 老太 师傅 老板 老师 医生 经理 ” " 」'.split()
)
# 工作人员 of a public body act in office (kept); of a company or bank they are private persons.
_STAFF_WORDS = frozenset({"工作人员", "办案人员", "执法人员"})
_PUBLIC_NEAR_RE = re.compile(r"公安|派出所|政府|局|检察院|法院|监狱|看守所|机关|海关|税务|街道办|管委会")
_TABLE_ROW_RE = re.compile(r"(?m)(?:^|(?<=[ \t\u3000]))[ \t\u3000]*\d{1,3}[ \t\u3000.、．|]+")
_NON_VALUES = frozenset({"无", "不详", "没有", "暂无", "同上"})


@dataclass(slots=True)
class Evidence:
    role: str
    strength: int
    pos: int
    cue: str


@dataclass(slots=True)
class Candidate:
    name: str
    script: str  # han | minority | latin
    first_pos: int
    evidence: list[Evidence] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names of the same person
    nicknames: list[str] = field(default_factory=list)  # 绰号 and the like: not name-shaped
    principals: list[str] = field(default_factory=list)  # whom an agent/guardian acts for
    principal_public: bool = False  # acts for a public body (government, police …)
    flags: set[str] = field(default_factory=set)
    alias_of: str | None = None


@dataclass(slots=True)
class Org:
    name: str
    role_word: str
    public: bool


class PersonFinder:
    def __init__(self, text: str, structure: Structure, lex: Lexicon | None = None) -> None:
        self.t = text
        self.n = len(text)
        self.st = structure
        self.lex = lex or lexicon()
        self.cands: dict[str, Candidate] = {}
        self.orgs: list[Org] = []
        self._known_by_first: dict[str, list[str]] = {}
        self._complete_cache: dict[str, int] = {}
        self._known_by_last: dict[str, list[str]] = {}
        self._org_suffix_set = frozenset(self.lex.org_suffixes)
        self._org_suffix_max = max(map(len, self.lex.org_suffixes))
        self.unconfirmed: list[str] = []

    # --- known names -------------------------------------------------------------------------
    def _register(self, name: str) -> None:
        lst = self._known_by_first.setdefault(name[0], [])
        if name not in lst:
            lst.append(name)
            lst.sort(key=len, reverse=True)
            last = self._known_by_last.setdefault(name[-1], [])
            last.append(name)
            last.sort(key=len, reverse=True)

    def known_at(self, pos: int) -> str | None:
        for name in self._known_by_first.get(self.t[pos], ()):
            if self.t.startswith(name, pos):
                return name
        return None

    def add(self, name: str, script: str, role: str, strength: int, pos: int, cue: str) -> Candidate:
        c = self.cands.get(name)
        if c is None:
            c = Candidate(name=name, script=script, first_pos=pos)
            self.cands[name] = c
            if strength >= STRONG:
                self._register(name)
        elif strength >= STRONG:
            self._register(name)
        c.first_pos = min(c.first_pos, pos)
        c.evidence.append(Evidence(role, strength, pos, cue))
        return c

    # --- name shape --------------------------------------------------------------------------
    def given_char(self, ch: str, weak: bool) -> bool:
        if not is_han(ch) or ch in self.lex.given_stop:
            return False
        return not weak or ch in self.lex.given_ok

    def surname_len(self, pos: int, weak: bool, strict: bool = False) -> int:
        """Length of the surname at ``pos`` (0: none). Rare surnames only in ``strict`` mode."""
        t = self.t
        two = t[pos : pos + 2]
        if (
            pos + 2 < self.n
            and two in self.lex.surnames_compound
            and is_han(t[pos + 2])
            and t[pos + 2] not in self.lex.given_stop
            and (strict or two not in _WORDLIKE_COMPOUNDS)
        ):
            return 2
        ch = t[pos] if pos < self.n else ""
        if strict:
            return 1 if ch in self.lex.surnames_all else 0
        if ch not in self.lex.surnames_common:
            return 0
        if weak and ch in self.lex.surnames_ambiguous:
            return 0
        return 1

    def _complete(self, s: str, exclude: str = "") -> int:
        """How often ``s`` occurs followed by something that cannot continue a name.

        Occurrences followed by ``exclude`` are not counted (when deciding between 王德 and 王德才,
        "王德" followed by 才 is no evidence for the short form).
        """
        key = s + "\0" + exclude
        hit = self._complete_cache.get(key)
        if hit is not None:
            return hit
        t, count, i = self.t, 0, self.t.find(s)
        while i != -1:
            j = i + len(s)
            if j >= self.n:
                count += 1
            else:
                nxt = t[j]
                if nxt != exclude and (not is_han(nxt) or nxt in self.lex.given_stop or nxt in SOFT_STOP):
                    count += 1
            i = t.find(s, i + 1)
        self._complete_cache[key] = count
        return count

    def _prefer_long(self, start: int, s: int) -> bool:
        t = self.t
        prefix = t[start : start + s + 1]
        c = t[start + s + 1]
        b3 = self._complete(prefix + c)
        b2 = self._complete(prefix, exclude=c)
        if c in SOFT_STOP:
            # 景天送的: a verb-like third character needs the long form to recur cleanly.
            return b3 >= 2 and not b2
        if c not in self.lex.given_ok:
            # 冼国柱出庭: an unusual name character, taken when the long form ends cleanly.
            return b3 >= 1 and not b2
        return not (b2 and not b3)

    def cut(
        self, pos: int, weak: bool, strict: bool = False, trusted: bool = False
    ) -> tuple[int, int] | None:
        """A Han name starting at ``pos`` by shape alone: surname + one or two given characters."""
        t = self.t
        s = self.surname_len(pos, weak, strict)
        if not s:
            return None
        g1 = pos + s
        if g1 >= self.n or t[g1] == "某":
            return None
        if not self.given_char(t[g1], weak):
            # 马上飞: a stop-listed character inside a name, accepted when the whole three-character
            # name recurs with clean ends elsewhere in the document.
            if weak or strict or not is_han(t[g1]) or t[g1] in HARD_STOP or g1 + 1 >= self.n:
                return None
            name3 = t[pos : g1 + 2]
            if not self.given_char(t[g1 + 1], False) or self._complete(name3) < 2:
                return None
            return pos, g1 + 2
        end = g1 + 1
        if end < self.n and self.given_char(t[end], weak) and self._prefer_long(pos, s):
            end += 1
        if end - pos == s + 2 and t[end - 1] in _CN_NUMERALS and end < self.n and t[end] in "〇零○":
            end -= 1  # 钟秀二〇二〇年: the date of a line-less tail, not a given name
        name = t[pos:end]
        if end - pos == 2 and name[1] in "大老小阿" and end < self.n and t[end] in _HONORIFIC_END:
            return None  # 秦大妈, 王老师傅: surname + honorific, not a name
        nn = self.lex.non_name_words
        prefix_is_word = t[pos : pos + 2] in nn or t[pos : pos + 3] in nn
        ambiguous = s == 1 and t[pos] in self.lex.surnames_ambiguous
        if name in nn or ((weak or ambiguous or not (strict or trusted)) and prefix_is_word):
            return None  # 成为本案…, 于是…: a word, however trusted the cue before it
        if not strict:
            cm = CUE_RE.match(t, pos)
            if cm and CUES[cm.group()].strength >= STRONG:
                return None  # 原告母亲常淑贞: 母亲 is the next cue, not a name
        if not strict:
            if end < self.n and t[end] in _PLACE_NEXT:
                return None  # 郑州市, 玉林市: a place, not a person
            if s == 1 and t[pos] in self.lex.surnames_ambiguous:
                # 应支付, 由白雪, 于当日: only a full three-character name, made of name characters,
                # that occurs more than once as a whole.
                if not self._ambiguous_ok(name, trusted):
                    return None
        return pos, end

    def _continues(self, ch: str) -> bool:
        """Could ``ch`` continue the word before it (so that the token before is no whole name)?"""
        return is_han(ch) and ch not in self.lex.given_stop and ch not in SOFT_STOP

    def _ambiguous_ok(self, name: str, trusted: bool = False) -> bool:
        """May a name that starts with 向/于/和/成 … be taken?

        ``trusted``: the cue before it almost always precedes a person (被害人, 其妻, 调度员), unlike a
        party designation that is often followed by a verb (原告向本院, 被告于当日). Then a
        three-character token of name characters, or one that ends cleanly somewhere, is enough
        (被害人向红旗的陈述); otherwise it must be made of name characters and recur.
        """
        name_chars = all(c in self.lex.given_ok for c in name[1:])
        if len(name) == 2:
            # 证人于丽的证言: a two-character one only after a trusted cue, ending cleanly.
            return trusted and name_chars and self._complete(name) >= 1
        if len(name) != 3:
            return False
        if trusted:
            return name_chars or self._complete(name) >= 1
        return name_chars and self._complete(name) >= 2

    def _run_end(self, pos: int) -> int:
        return _HAN_RUN_RE.match(self.t, pos).end()  # type: ignore[union-attr]

    def is_org(self, token: str) -> bool:
        """Ends with an organisation suffix (公司, 律师事务所; a one-character one such as 局 only
        after three characters, so that a two-character name ending in 行 or 城 is not taken)."""
        suffixes = self._org_suffix_set
        n = len(token)
        for k in range(1, min(self._org_suffix_max, n - 1) + 1):
            if token[n - k :] in suffixes and (k >= 2 or n >= 4):
                return True
        return False

    def org_at(self, pos: int) -> str | None:
        """An organisation name starting at ``pos`` (``平安保险四川分公司``), if that is what follows."""
        end = min(self._run_end(pos), pos + 24)
        run = self.t[pos:end]
        for i, ch in enumerate(run):
            if ch in _ORG_BREAK:
                run = run[: i + 1]
                break
        for k in range(len(run), 3, -1):
            piece = run[:k]
            if self.is_org(piece):
                return piece
        return None

    def read_name(
        self, pos: int, *, strict: bool, weak: bool = False, trusted: bool = False
    ) -> tuple[int, int, str] | None:
        """The name that starts at ``pos`` (after a cue), as (start, end, script)."""
        t, n = self.t, self.n
        while pos < n and t[pos] in _SEPARATORS:
            pos += 1
        if pos >= n:
            return None
        ch = t[pos]
        if not weak and "A" <= ch <= "Z":
            m = _LATIN_RE.match(t, pos)
            if m and len(m.group().replace(" ", "")) >= 3 and any(len(w) >= 2 for w in m.group().split()):
                return pos, m.end(), "latin"
            return None
        if not is_han(ch):
            return None
        known = self.known_at(pos)
        if known:
            return pos, pos + len(known), self.cands[known].script if known in self.cands else "han"
        if weak:
            span = self.cut(pos, True)
            if span and self.org_at(pos):
                return None  # 罗湖分局: an organisation's short name
            return (span[0], span[1], "han") if span else None
        if not strict and not self.surname_len(pos, False) and not _DOTTED_RE.match(t, pos):
            return None
        if not weak:
            m = _DOTTED_RE.match(t, pos)
            if m and not self.is_org(m.group()):
                end = self._dotted_end(pos, m.group())
                if end:
                    return pos, end, "minority"
        end = self._run_end(pos)
        run = t[pos:end]
        if "某" in run[:4] or "×" in run[:4]:
            return None
        if self.org_at(pos):
            return None
        if not weak and end < n and t[end] in "·•・":
            return None
        if len(run) >= 3 and run[-1] in _CN_NUMERALS and end < n and t[end] in "〇零○":
            end -= 1  # 审判员张伟二〇二〇年…: a tail without line breaks
            run = run[:-1]
        elif len(run) >= 4 and "〇" in run:
            k = run.index("〇") - 1
            if k >= 2 and run[k] in _CN_NUMERALS:
                end, run = pos + k, run[:k]
        delimited = end >= n or not is_han(t[end]) or t[end] in _CN_NUMERALS
        if strict and 2 <= len(run) <= 4 and delimited:
            first_ok = run[0] not in HARD_STOP and (
                run[0] not in self.lex.given_stop or run[0] in self.lex.surnames_all
            )
            if run not in self.lex.non_name_words and first_ok:
                script = "han" if self.surname_len(pos, weak=False, strict=True) else "minority"
                return pos, end, script
        if (
            not weak
            and 2 <= len(run) <= 3
            and delimited
            and self.surname_len(pos, False)
            and (run[0] not in self.lex.surnames_ambiguous or self._ambiguous_ok(run, trusted))
        ):
            if run not in self.lex.non_name_words and all(c not in self.lex.given_stop for c in run[1:]):
                return pos, end, "han"
        if strict and 5 <= len(run) <= 6 and delimited and not self.surname_len(pos, False, strict=True):
            # Transliterated minority names without a separator (阿不都热合曼).
            if not any(c in self.lex.given_stop for c in run):
                return pos, end, "minority"
        span = self.cut(pos, weak, strict, trusted)
        return (span[0], span[1], "han") if span else None

    def _dotted_end(self, pos: int, token: str) -> int | None:
        """Where a transliterated name (艾力·买买提) ends when text follows it without punctuation.

        Its last part is cut by the same name written elsewhere with a clean end, else before a
        verb-like character (卡德尔到庭 -> 卡德尔, 沙吾提担任 -> 沙吾提), at most four characters.
        """
        parts = re.split(r"[·•・．.]", token)
        if not all(1 <= len(p) <= 10 for p in parts[:-1]):
            return None
        last = parts[-1]
        stop = next((i for i, c in enumerate(last) if i >= 1 and c in "的之等及和与系"), None)
        if stop is not None:
            token = token[: len(token) - len(last) + stop]
            last = last[:stop]
        head_len = len(token) - len(last)
        end_of_token = pos + len(token)
        if end_of_token >= self.n or not is_han(self.t[end_of_token]):
            if len(last) <= 6:
                return end_of_token
        head = token[:head_len]
        best = 0
        i = self.t.find(head)
        while i != -1:
            j = i + head_len
            k = j
            while k < self.n and is_han(self.t[k]) and k - j < 8:
                k += 1
            tail = self.t[j:k]
            if (k >= self.n or not is_han(self.t[k])) and 1 <= len(tail) <= 6 and last.startswith(tail):
                best = max(best, len(tail))
            i = self.t.find(head, i + 1)
        if best:
            return pos + head_len + best
        cut = next((i for i, c in enumerate(last) if i >= 2 and c in _DOTTED_TAIL_STOP), None)
        if cut is None:
            cut = next((i for i, c in enumerate(last) if c in "的之等及和与"), min(len(last), 4))
        return pos + head_len + cut if cut >= 1 else None

    def name_ending_at(self, end: int, weak: bool) -> tuple[int, int] | None:
        """A name that ends right before ``end`` (used with right-hand cues such as 的证言)."""
        t = self.t
        for name in self._known_ending(end):
            return end - len(name), end
        m = None
        if not weak:
            # Dotted minority name ending here.
            j = end
            while j > 0 and (is_han(t[j - 1]) or t[j - 1] in "·•・"):
                j -= 1
                if end - j > 24:
                    break
            seg = t[j:end]
            if "·" in seg or "•" in seg or "・" in seg:
                parts = re.split(r"[·•・]", seg)
                first = parts[0][-8:]
                start = end - len("·".join([first, *parts[1:]]))
                m = (start, end)
                if all(1 <= len(p) <= 10 for p in [first, *parts[1:]]):
                    return m
        for length in (3, 2, 4):
            s = end - length
            if s < 0:
                continue
            sl = self.surname_len(s, weak)
            if not sl or not 1 <= length - sl <= 2:
                continue
            cand = t[s:end]
            if not all(self.given_char(c, weak) for c in cand[sl:]):
                continue
            if sl == 1 and cand[0] in self.lex.surnames_ambiguous and not self._ambiguous_ok(cand, not weak):
                continue
            if cand in self.lex.non_name_words or (weak and cand[:2] in self.lex.non_name_words):
                continue
            if self._left_boundary(s):
                return s, end
        return None

    def _known_ending(self, end: int) -> list[str]:
        if end <= 0:
            return []
        return [n for n in self._known_by_last.get(self.t[end - 1], ()) if self.t.startswith(n, end - len(n))]

    def _left_boundary(self, s: int) -> bool:
        if s == 0:
            return True
        prev = self.t[s - 1]
        if not is_han(prev) or prev in LEFT_OK or prev in TITLE_END:
            return True
        for k in range(2, 10):
            if s - k < 0:
                break
            if self.t[s - k : s] in CUES:
                return True
        return False

    # --- passes ------------------------------------------------------------------------------
    def structural(self) -> None:
        """The parties section: one paragraph per party, agent, representative."""
        t = self.t
        entries: list[tuple[str, str, bool, bool]] = []  # (role word, name, is_org, public)
        for par in self.st.parties:
            line = t[par.start : par.end]
            hint: str | None = None
            for m in PARTY_LINE_RE.finditer(line):
                if m.start() > 16:
                    break
                word = m.group()
                pos = par.start + m.end()
                paren_role = None
                pm = PAREN_ROLE_RE.match(t, pos)
                if pm:
                    paren_role = role_from_paren(pm.group(1))
                    pos = pm.end()
                org = self.org_at(self._skip_sep(pos))
                if org:
                    public = bool(PUBLIC_BODY_RE.search(org))
                    self.orgs.append(Org(org, word, public))
                    entries.append((word, org, True, public))
                    break
                got = self.read_name(pos, strict=True)
                if not got:
                    if hint is None:
                        hint = word
                    continue
                self._structural_person(word, paren_role, got, par.end, entries, hint)
                break

    def _skip_sep(self, pos: int) -> int:
        while pos < self.n and self.t[pos] in _SEPARATORS:
            pos += 1
        return pos

    def _structural_person(
        self,
        word: str,
        paren_role: str | None,
        got: tuple[int, int, str],
        par_end: int,
        entries: list[tuple[str, str, bool, bool]],
        hint: str | None,
    ) -> None:
        t = self.t
        start, end, script = got
        name = t[start:end]
        desc = t[end:par_end]
        role = CUES[word].role
        flags: set[str] = set()
        if paren_role == LAWYER:
            flags.add("lawyer")
        elif paren_role:
            role = paren_role
        if word in ("上诉人", "原审上诉人", "申诉人") and not paren_role:
            role = DEFENDANT if self.st.doc_type == "criminal" else PARTY
        if word == "被告" and self.st.doc_type == "criminal":
            role = DEFENDANT
        head = desc[:60]
        if LAWYER_DESC_RE.search(head):
            flags.add("lawyer")
        if RELATIVE_DESC_RE.search(desc):
            flags.add("relative")
        if EMPLOYEE_DESC_RE.search(desc[:30]):
            flags.add("employee")
        official_desc = bool(OFFICIAL_DESC_RE.search(desc[:24]))
        # Whom does an agent/representative act for?
        principals: list[tuple[str, str, bool, bool]] = []
        if role in (DEFENDER, ORG_REP, GUARDIAN, OFFICIAL, LAWYER, AGENT):
            if hint:
                principals = [e for e in entries if hint in e[0] or e[0] in hint]
            if not principals:
                # The nearest party above (skipping other agents and representatives).
                for e in reversed(entries):
                    if e[2] or CUES[e[0]].role in PARTYLIKE:
                        principals = [e]
                        break
        public = any(p[3] for p in principals)
        if role == DEFENDER:
            if "lawyer" in flags:
                role = LAWYER
            elif public and (official_desc or "employee" in flags):
                role = OFFICIAL
            else:
                role = AGENT
        elif role == ORG_REP and public:
            role = OFFICIAL
        c = self.add(name, script, role, STRUCTURAL, start, word)
        c.flags |= flags
        c.principals.extend(p[1] for p in principals if not p[2])
        c.principal_public = c.principal_public or public
        self._describe(c, desc)
        entries.append((word, name, False, False))
        # 原告：张三、李四 — a list of persons under one designation.
        pos = end
        while pos < self.n and t[pos] == "、":
            nxt = self.read_name(pos + 1, strict=True)
            if not nxt:
                break
            self.add(t[nxt[0] : nxt[1]], nxt[2], role, STRUCTURAL, nxt[0], word)
            entries.append((word, t[nxt[0] : nxt[1]], False, False))
            pos = nxt[1]

    def _describe(self, c: Candidate, desc: str) -> None:
        """Birth date / age / minority from the description that follows a name."""
        head = desc[:80]
        cut = re.search(r"[。；]", head)
        if cut:
            head = head[: cut.end()]
        if MINOR_DESC_RE.search(head):
            c.flags.add("minor")
        b = BIRTH_RE.search(head)
        if b and self.st.decision_date:
            y, mo, d = self.st.decision_date
            by = int(b.group("y"))
            bm = int(b.group("m") or 1)
            bd = int(b.group("d") or 1)
            age = y - by - (1 if (mo, d) < (bm, bd) else 0)
            if 0 <= age < 18:
                c.flags.add("minor")
        else:
            a = AGE_RE.search(head[:30])
            if a and int(a.group("age")) < 18:
                c.flags.add("minor")

    def role_cues(self) -> None:
        """Role words, kinship words and person-taking verbs anywhere in the text.

        Cue words overlap (及其妻子: 其妻 and 妻子), so a cue that yields no name does not consume
        its characters: the search resumes one character later.
        """
        t = self.t
        pos0 = 0
        while True:
            m = CUE_RE.search(t, pos0)
            if not m:
                return
            if not self._role_cue(m):
                pos0 = m.start() + 1
            else:
                pos0 = m.end()

    def _role_cue(self, m: re.Match[str]) -> bool:
        t = self.t
        word = m.group()
        cue = CUES[word]
        weak = cue.strength == WEAK
        pos = m.end()
        if pos >= self.n:
            return False
        nxt = t[pos]
        if weak and nxt not in self.lex.surnames_common and nxt not in self._known_by_first:
            return False  # fast path: most 与/和/向 are not followed by a name
        if cue.party_line:
            pm = PAREN_ROLE_RE.match(t, pos)
            if pm and role_from_paren(pm.group(1)):
                pos = pm.end()
        # Party designations are often followed by a verb (原告向本院, 被告人于当晚); other cues
        # (被害人, 证人, 其妻, 调度员 …) almost always by a person.
        trusted = not weak and cue.role not in (PARTY, DEFENDANT)
        got = self.read_name(pos, strict=cue.strength >= STRUCTURAL, weak=weak, trusted=trusted)
        if not got:
            return False
        start, end, script = got
        if (
            weak
            and end < self.n
            and is_han(t[end])
            and t[end] not in self.lex.given_stop
            and t[end] not in SOFT_STOP
        ):
            return False
        role = cue.role
        if word in ("上诉人", "原审上诉人") and self.st.doc_type == "criminal":
            role = DEFENDANT
        if word == "被告" and self.st.doc_type == "criminal":
            role = DEFENDANT
        if role == DEFENDER:
            role = LAWYER
        elif role == ORG_REP and cue.strength < STRUCTURAL:
            # 施工队负责人毛毛: outside the parties section a "负责人" is just a private person.
            role = OTHER
        elif word in _STAFF_WORDS:
            # 工作人员 of a public body act in office; of a company or bank they are private.
            role = OFFICIAL if _PUBLIC_NEAR_RE.search(t, max(0, m.start() - 14), m.start()) else OTHER
        c = self.add(t[start:end], script, role, cue.strength, start, word)
        if not weak:
            self._describe_inline(c, end)
            self._continue_list(end, role, cue.strength, word)
        elif end < self.n and t[end] == "、":
            self._continue_list(end, role, WEAK, word)  # 向张三、李四出售: a list after a weak cue
        return True

    def _continue_list(self, end: int, role: str, strength: int, word: str) -> None:
        """``被告人刘建军、马小龙、帅鹏``: the role carries over a 、-list; after 和/及/与 only 'a person'."""
        t = self.t
        pos = end
        for _ in range(12):
            if pos >= self.n:
                return
            sep = t[pos]
            if sep == "、":
                next_role = role
            elif sep in "和及与":
                next_role = OTHER
            else:
                return
            q = pos + 1
            if CUE_RE.match(t, q) and CUES[CUE_RE.match(t, q).group()].strength >= STRONG:
                return
            got = self.read_name(q, strict=False, weak=strength == WEAK)
            if not got:
                return
            self.add(t[got[0] : got[1]], got[2], next_role, strength, got[0], word)
            pos = got[1]

    def _describe_inline(self, c: Candidate, end: int) -> None:
        t = self.t
        if end < self.n and t[end] in "（(":
            close = t.find("）" if t[end] == "（" else ")", end, end + 60)
            if close != -1:
                self._describe(c, t[end + 1 : close])
        elif t.startswith(("，男", "，女", ",男", ",女"), end):
            self._describe(c, t[end : end + 80])

    def aliases(self) -> None:
        t = self.t
        for m in ALIAS_RE.finditer(t):
            alias = m.group("alias").strip("“”\"「」『』‘’' ")
            cue = m.group("cue")
            if not alias or alias in _NON_VALUES or len(alias) > 20:
                continue
            owner = self._owner_before(m.start())
            name_shaped = False
            script = "han"
            if cue in NAME_SHAPED_ALIAS_CUES:
                if _DOTTED_RE.fullmatch(alias):
                    name_shaped, script = True, "minority"
                elif _LATIN_RE.fullmatch(alias):
                    name_shaped, script = True, "latin"
                else:
                    compound = alias[:2] in self.lex.surnames_compound
                    sl = 2 if compound else int(alias[0] in self.lex.surnames_all)
                    name_shaped = bool(sl) and 1 <= len(alias) - sl <= 2 and all(is_han(c) for c in alias)
            if owner is None:
                if name_shaped:
                    self.add(alias, script, OTHER, STRONG, m.start("alias"), cue)
                continue
            if name_shaped:
                if alias not in owner.aliases and alias != owner.name:
                    owner.aliases.append(alias)
                a = self.add(
                    alias,
                    script,
                    owner.evidence[0].role if owner.evidence else OTHER,
                    STRONG,
                    m.start("alias"),
                    cue,
                )
                a.alias_of = owner.name
            elif alias not in owner.nicknames and len(alias) >= 2:
                owner.nicknames.append(alias)

    def _owner_before(self, pos: int) -> Candidate | None:
        """The person an alias belongs to: the nearest name before it in the same sentence."""
        best: tuple[int, Candidate] | None = None
        lo = max(0, pos - 24)
        for stop in "。；\n":
            k = self.t.rfind(stop, lo, pos)
            if k != -1:
                lo = k + 1
        for c in self.cands.values():
            if c.alias_of:
                continue
            i = self.t.rfind(c.name, lo, pos)
            if i != -1:
                e = i + len(c.name)
                if best is None or e > best[0]:
                    best = (e, c)
        return best[1] if best else None

    def right_cues(self) -> None:
        t = self.t
        for m in RIGHT_CUE_RE.finditer(t):
            role, strength = RIGHT_CUES[m.group()]
            weak = strength == WEAK
            span = self.name_ending_at(m.start(), weak)
            if not span:
                continue
            name = t[span[0] : span[1]]
            if weak and name not in self.cands:
                # A weak right cue alone proves little; record it, confirmation comes later.
                self.add(name, "han", OTHER, WEAK, span[0], m.group())
                continue
            script = "minority" if "·" in name else "han"
            c = self.add(name, script, role, strength, span[0], m.group())
            self._describe_inline(c, span[1])
            # Walk back over a 、-list: 王某某、植德成、蒙文华等人.
            s = span[0]
            for _ in range(12):
                if s <= 0 or t[s - 1] != "、":
                    break
                prev = self.name_ending_at(s - 1, weak=False)
                if not prev:
                    break
                self.add(t[prev[0] : prev[1]], "han", role, strength, prev[0], m.group())
                s = prev[0]

    def bracket_names(self) -> None:
        """``秦大妈（秦桂兰）``: the real name in brackets after a familiar form of address."""
        t = self.t
        for m in _BRACKET_NAME_RE.finditer(t):
            before = t[max(0, m.start() - 6) : m.start()]
            if not before.endswith(_CALLING_END) and not self._known_ending(m.start()):
                continue
            inner = m.group(1)
            span = self.cut(m.start(1), weak=False, trusted=True)
            if span and span[1] == m.end(1):
                self.add(inner, "han", OTHER, STRONG, m.start(1), "bracket")
            elif _DOTTED_RE.fullmatch(inner):
                self.add(inner, "minority", OTHER, STRONG, m.start(1), "bracket")

    def table_rows(self) -> None:
        """Rows of an appended table (附表) of victims or payers: ``3　殷红　2019年5月20日　2800``.

        Taken only when at least two numbered rows start with a name; the header above the rows
        decides whether they are victims.
        """
        t = self.t
        rows: list[tuple[int, int]] = []
        for m in _TABLE_ROW_RE.finditer(t):
            pos = m.end()
            span = self.cut(pos, weak=False, trusted=True) if not self.known_at(pos) else None
            known = self.known_at(pos)
            if known:
                span = (pos, pos + len(known))
            if span and (span[1] >= self.n or t[span[1]] in " \t\u3000|,，"):
                rows.append(span)
        if len(rows) < 2:
            return
        for start, end in rows:
            header = t[max(0, start - 400) : start]
            role = VICTIM if "被害人" in header[header.rfind("附表") if "附表" in header else 0 :] else OTHER
            self.add(t[start:end], "han", role, STRONG, start, "table")

    def clause_starts(self) -> None:
        """Weak: a name-shaped token at the start of a clause, followed by a verb or punctuation."""
        t = self.t
        for m in _CLAUSE_START_RE.finditer(t):
            pos = m.end()
            if pos >= self.n or not is_han(t[pos]):
                continue
            if self.known_at(pos):
                continue
            span = self.cut(pos, weak=True)
            if not span or self.org_at(pos):
                continue
            end = span[1]
            if end < self.n and self._continues(t[end]):
                continue
            self.add(t[pos:end], "han", OTHER, WEAK, pos, "clause")

    def run(self) -> dict[str, Candidate]:
        self.structural()
        self.aliases()
        self.role_cues()
        self.aliases()
        self.right_cues()
        self.bracket_names()
        self.table_rows()
        self.clause_starts()
        self._confirm()
        return self.cands

    def _confirm(self) -> None:
        """Drop weak-only candidates that do not recur in name position.

        A single weak mention is kept only when it has the full shape of a name: a common surname
        and two characters that are both usual in given names (与刘建民发生争执), since two-character
        tokens after a preposition are too often ordinary words.
        """
        for name in list(self.cands):
            c = self.cands[name]
            if any(e.strength >= STRONG for e in c.evidence):
                continue
            if self._complete(name) >= 2 and self._recurs(name) >= 2:
                continue
            if (
                len(name) == 3
                and name[0] in self.lex.surnames_common
                and name[0] not in self.lex.surnames_ambiguous
                and all(ch in self.lex.given_ok for ch in name[1:])
            ):
                continue
            self.unconfirmed.append(name)
            del self.cands[name]

    def _recurs(self, name: str) -> int:
        """Occurrences of ``name`` not inside a longer known name."""
        count, i = 0, self.t.find(name)
        while i != -1:
            inside = False
            for other in self.cands:
                if other != name and name in other and len(other) > len(name):
                    k = other.find(name)
                    if self.t.startswith(other, i - k) and i - k >= 0:
                        inside = True
                        break
            if not inside:
                count += 1
            i = self.t.find(name, i + 1)
        return count
