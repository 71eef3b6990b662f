"""The anonymization pipeline: a fixed sequence of named steps over one document.

Each step reads and extends a :class:`Document`; the step names and :data:`PIPELINE_VERSION` are
recorded in every result, so a published rendition can say exactly what produced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .identifiers import find_addresses, find_identifiers, propagate_addresses
from .lexicon import Lexicon, lexicon
from .model import AnonymizationResult, PersonDecision, Replacement
from .persons import LEFT_OK, SOFT_STOP, PersonFinder
from .policy import Policy, get_policy
from .resolve import Person, assign_pseudonyms, build_persons, decide, existing_pseudonyms
from .roles import DEFENDANT, KEEP_ROLES
from .structure import Structure, analyse
from .view import TextView, build_view, is_han

# Bump on any change of behaviour, including changes of the word lists.
PIPELINE_VERSION = "1.0.0"


@dataclass(slots=True)
class Span:
    start: int  # view offsets
    end: int
    replacement: str
    kind: str
    priority: int = 0


@dataclass(slots=True)
class Document:
    original: str
    policy: Policy
    lex: Lexicon
    view: TextView | None = None
    structure: Structure | None = None
    protected: list[tuple[int, int]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    finder: PersonFinder | None = None
    persons: list[Person] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)
    text: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def t(self) -> str:
        assert self.view is not None
        return self.view.text


def step_normalise(doc: Document) -> None:
    doc.view = build_view(doc.original)


def step_structure(doc: Document) -> None:
    doc.structure = analyse(doc.t)
    # Case and document numbers are never touched (they are public, and the SPC has said hiding
    # them is improper).
    doc.protected = [*doc.structure.case_numbers, *doc.structure.doc_numbers]


def step_identifiers(doc: Document) -> None:
    mask = doc.policy.identifier_mask
    for f in find_identifiers(doc.t):
        doc.spans.append(Span(f.start, f.end, mask if f.replacement is None else f.replacement, f.kind, 3))


def step_addresses(doc: Document) -> None:
    found = find_addresses(doc.t)
    found += propagate_addresses(doc.t, found)
    for f in found:
        doc.spans.append(Span(f.start, f.end, f.replacement or "", f.kind, 2))


def step_persons(doc: Document) -> None:
    assert doc.structure is not None
    doc.finder = PersonFinder(doc.t, doc.structure, doc.lex)
    cands = doc.finder.run()
    doc.persons = build_persons(cands)


def step_decide(doc: Document) -> None:
    assert doc.structure is not None
    decide(doc.persons, doc.policy, family_case=doc.structure.family_case)


def step_pseudonyms(doc: Document) -> None:
    assign_pseudonyms(doc.persons, doc.policy, existing_pseudonyms(doc.t, doc.lex), doc.lex)


_GIVEN_LEFT_OK = LEFT_OK | frozenset("喊骂打叫“‘「『")


def _given_name_edges(t: str, s: int, e: int, lex: Lexicon) -> int:
    """Edges of a given-name-only mention (``晓明说缺钱``) that look like name edges: 1 left, 2 right."""
    left = s == 0 or not is_han(t[s - 1]) or t[s - 1] in _GIVEN_LEFT_OK
    right = e >= len(t) or not is_han(t[e]) or t[e] in lex.given_stop or t[e] in SOFT_STOP
    return int(left) | (2 * int(right))


def step_mentions(doc: Document) -> None:
    """Every occurrence of every name form, longest first; kept names block shorter hidden ones."""
    t, lex, policy = doc.t, doc.lex, doc.policy
    table: dict[str, tuple[str | None, str]] = {}  # form -> (replacement or None to keep, kind)
    kept: set[str] = set()
    for p in doc.persons:
        if not p.hidden:
            for form in p.names:
                kept.add(form)
                table[form] = (None, "keep")
            for nick in p.nicknames:
                table.setdefault(nick, (None, "keep"))
    for p in doc.persons:
        if not p.hidden:
            continue
        for form, pseudo in p.pseudonyms.items():
            kind = "person" if form == p.name else "alias"
            table[form] = (pseudo, kind)
        for nick in p.nicknames:
            if nick not in kept:
                table.setdefault(nick, (policy.nickname_mask, "alias"))
        if p.script == "han":
            s = 2 if p.name[:2] in lex.surnames_compound and len(p.name) >= 4 else 1
            given = p.name[s:]
            if len(given) == 2 and given not in lex.non_name_words and given not in table:
                table[given] = (p.pseudonyms.get(p.name), "person_given_name")
    if not table:
        return
    forms = sorted(table, key=len, reverse=True)
    rx = re.compile("|".join(map(re.escape, forms)))
    given: dict[str, list[tuple[int, int, int]]] = {}
    for m in rx.finditer(t):
        form = m.group()
        repl, kind = table[form]
        if repl is None:
            continue
        if kind == "person_given_name":
            if doc.finder is not None and doc.finder.org_at(m.start()):
                continue  # 锦程装饰工程有限公司, 锦程公司: an organisation named with the same words
            edges = _given_name_edges(t, m.start(), m.end(), lex)
            given.setdefault(form, []).append((m.start(), m.end(), edges))
            continue
        doc.spans.append(Span(m.start(), m.end(), repl, kind, 1))
    # A given name alone is replaced only if the document uses it as a name: once with both edges
    # clean (“晓明说…”) or twice after a clean left edge (看见长江捂着, ：长江占了); then all its
    # mentions go (打了长江一下).
    for form, hits in given.items():
        if any(edges == 3 for _, _, edges in hits) or sum(edges & 1 for _, _, edges in hits) >= 2:
            repl = table[form][0]
            assert repl is not None
            for s, e, _ in hits:
                doc.spans.append(Span(s, e, repl, "person_given_name", 1))


def step_apply(doc: Document) -> None:
    assert doc.view is not None
    protected = sorted(doc.protected)

    def is_protected(s: int, e: int) -> bool:
        return any(ps < e and s < pe for ps, pe in protected)

    chosen: list[Span] = []
    last_end = -1
    for sp in sorted(doc.spans, key=lambda x: (x.start, -(x.end - x.start), -x.priority)):
        if sp.end <= sp.start or sp.start < last_end or is_protected(sp.start, sp.end):
            continue
        chosen.append(sp)
        last_end = sp.end
    out: list[str] = []
    reps: list[Replacement] = []
    pos = 0
    orig = doc.original
    for sp in chosen:
        os_, oe = doc.view.to_original(sp.start, sp.end)
        out.append(orig[pos:os_])
        out.append(sp.replacement)
        reps.append(Replacement(os_, oe, orig[os_:oe], sp.replacement, sp.kind))
        pos = oe
    out.append(orig[pos:])
    doc.text = "".join(out)
    doc.replacements = reps


def step_review(doc: Document) -> None:
    """Reasons not to publish automatically (the reviewer decides)."""
    st = doc.structure
    assert st is not None
    if not st.recognised:
        doc.reasons.append("no_structure")
    if st.cause and "离婚" in st.cause and "离婚后" not in st.cause:
        doc.reasons.append("not_publishable_divorce")  # Art. 4(4)
    if st.cause and re.search(r"抚养|监护", st.cause):
        doc.reasons.append("not_publishable_custody")  # Art. 4(4)
    if st.doc_type == "criminal" and any(p.role == DEFENDANT and p.minor for p in doc.persons):
        doc.reasons.append("not_publishable_juvenile_crime")  # Art. 4(2)
    if st.recognised and not any(p.role not in KEEP_ROLES for p in doc.persons):
        # A judgment always names some private person; finding none means the finder failed.
        doc.reasons.append("no_private_person_found")


STEPS: tuple[tuple[str, Callable[[Document], None]], ...] = (
    ("normalise", step_normalise),
    ("structure", step_structure),
    ("identifiers", step_identifiers),
    ("addresses", step_addresses),
    ("persons", step_persons),
    ("decide", step_decide),
    ("pseudonyms", step_pseudonyms),
    ("mentions", step_mentions),
    ("apply", step_apply),
    ("review", step_review),
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)


def run(text: str, policy: str | Policy = "full") -> tuple[AnonymizationResult, Document]:
    pol = get_policy(policy)
    doc = Document(original=text, policy=pol, lex=lexicon())
    for _, step in STEPS:
        step(doc)
    persons = tuple(
        PersonDecision(
            name=p.name,
            role=p.role,
            hidden=p.hidden,
            pseudonym=p.pseudonyms.get(p.name),
            aliases=tuple(n for n in p.names if n != p.name) + tuple(p.nicknames),
            evidence=tuple(sorted({e.cue for e in p.evidence})),
        )
        for p in doc.persons
    )
    result = AnonymizationResult(
        text=doc.text,
        replacements=tuple(doc.replacements),
        needs_review=bool(doc.reasons),
        review_reasons=tuple(doc.reasons),
        policy=pol.name,
        pipeline_version=PIPELINE_VERSION,
        steps=STEP_NAMES,
        persons=persons,
    )
    return result, doc


def anonymize(text: str, policy: str | Policy = "full") -> AnonymizationResult:
    """Anonymize one judgment.

    ``policy`` is ``"full"`` (default: every private natural person hidden) or ``"spc2016"`` (the
    letter of 法释〔2016〕19号), or a :class:`~xiezhi.nlp.anonymize.policy.Policy`. Offsets in the
    returned replacements refer to ``text`` as given. Never raises on odd input; a document whose
    structure is not recognised is still redacted and comes back with ``needs_review``.
    """
    if not isinstance(text, str):
        raise TypeError("text must be str")
    return run(text, policy)[0]
