"""From candidates to persons: primary role, policy decision, pseudonyms with collision suffixes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .persons import Candidate, Evidence
from .policy import Policy
from .roles import (
    AGENT,
    DEFENDANT,
    GUARDIAN,
    INTERPRETER,
    JUDICIAL,
    KEEP_ROLES,
    LAWYER,
    OFFICIAL,
    ORG_REP,
    OTHER,
    PARTY,
    PROSECUTOR,
    PROTECTED_ROLES,
    RELATIVE,
    STRONG,
    STRUCTURAL,
    SUSPECT,
)

GANZHI = "甲乙丙丁戊己庚辛壬癸"
_BODY_ORDER = (
    OFFICIAL,
    PROSECUTOR,
    JUDICIAL,
    LAWYER,
    INTERPRETER,
    DEFENDANT,
    GUARDIAN,
    PARTY,
    ORG_REP,
    AGENT,
    SUSPECT,
    RELATIVE,
    OTHER,
)


@dataclass(slots=True)
class Person:
    name: str
    script: str
    role: str
    minor: bool
    first_pos: int
    names: dict[str, str] = field(default_factory=dict)  # each name form -> script
    nicknames: list[str] = field(default_factory=list)
    principals: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    hidden: bool = False
    pseudonyms: dict[str, str] = field(default_factory=dict)  # name form -> replacement


def primary_role(evidence: list[Evidence]) -> str:
    """The role that decides, from all evidence about one person.

    Order (why): a structural keep role (judge, lawyer …) is certain; a structural defendant is a
    defendant whatever else the text says of him; a protected role (victim, witness, appraiser,
    incidental-civil plaintiff, Art. 8(2)) then wins over other designations, so a civil defendant
    who also testifies is treated as a witness; then other structural roles, then body cues.
    """
    s3 = [e for e in evidence if e.strength >= STRUCTURAL]
    for e in s3:
        if e.role in KEEP_ROLES:
            return e.role
    if any(e.role == DEFENDANT for e in s3):
        return DEFENDANT
    prot = [e for e in evidence if e.strength >= STRONG and e.role in PROTECTED_ROLES]
    if prot:
        structural = [e.role for e in prot if e.strength >= STRUCTURAL]
        if structural:
            return structural[0]
        return Counter(e.role for e in prot).most_common(1)[0][0]
    if s3:
        return s3[0].role
    s2 = {e.role for e in evidence if e.strength >= STRONG}
    for r in _BODY_ORDER:
        if r in s2:
            return r
    return OTHER


def build_persons(cands: dict[str, Candidate]) -> list[Person]:
    persons: dict[str, Person] = {}
    for c in cands.values():
        if c.alias_of and c.alias_of in cands:
            continue
        p = Person(
            name=c.name,
            script=c.script,
            role=primary_role(c.evidence),
            minor="minor" in c.flags,
            first_pos=c.first_pos,
            names={c.name: c.script},
            nicknames=list(c.nicknames),
            principals=list(c.principals),
            evidence=list(c.evidence),
        )
        for a in c.aliases:
            p.names.setdefault(a, cands[a].script if a in cands else "han")
        persons[c.name] = p
    for c in cands.values():
        if c.alias_of and c.alias_of in persons:
            owner = persons[c.alias_of]
            owner.names.setdefault(c.name, c.script)
    return sorted(persons.values(), key=lambda p: p.first_pos)


def decide(persons: list[Person], policy: Policy, *, family_case: bool) -> None:
    by_name = {p.name: p for p in persons}
    # Parties first, then the people who act for them (an agent follows a hidden principal).
    for p in persons:
        if p.role not in (AGENT,):
            p.hidden = policy.hides(p.role, minor=p.minor, family_case=family_case, principal_hidden=False)
    for p in persons:
        if p.role == AGENT:
            principal_hidden = any(by_name[n].hidden for n in p.principals if n in by_name)
            p.hidden = policy.hides(
                p.role, minor=p.minor, family_case=family_case, principal_hidden=principal_hidden
            )


_EXISTING_RE = re.compile(r"某(?:某|[甲乙丙丁戊己庚辛壬癸]|[0-9]+)?")


def existing_pseudonyms(text: str, lex: Lexicon) -> set[str]:
    """Pseudonyms already in the source (李某, 蒋某某, 刘某甲): ours must not collide with them."""
    out: set[str] = set()
    for m in _EXISTING_RE.finditer(text):
        i = m.start()
        if i >= 2 and text[i - 2 : i] in lex.surnames_compound:
            out.add(text[i - 2 : i] + m.group())
        elif i >= 1 and text[i - 1] in lex.surnames_all:
            out.add(text[i - 1] + m.group())
    return out


def _base(name: str, script: str, lex: Lexicon) -> str:
    """Art. 9: keep the surname (a compound one whole) or, for minority and foreign names, the first
    character; Latin-script names keep the first letter only."""
    if script == "latin":
        return name[0].upper() + "."
    if script == "han" and name[:2] in lex.surnames_compound and len(name) >= 3:
        return name[:2] + "某"
    return name[0] + "某"


def assign_pseudonyms(persons: list[Person], policy: Policy, reserved: set[str], lex: Lexicon) -> None:
    groups: dict[str, list[Person]] = {}
    for p in persons:
        if not p.hidden:
            continue
        for form, script in p.names.items():
            b = _base(form, script, lex)
            lst = groups.setdefault(b, [])
            if p not in lst:
                lst.append(p)
    for base, members in groups.items():
        if len(members) == 1 and base not in reserved:
            chosen = {id(members[0]): base}
        else:
            chosen = {}
            k = 0
            for p in members:
                while True:
                    if policy.collision_style == "numeral":
                        cand = f"{base}{k + 1}"
                    else:
                        cand = base + (GANZHI[k] if k < len(GANZHI) else str(k + 1))
                    k += 1
                    if cand not in reserved:
                        break
                chosen[id(p)] = cand
        for p in members:
            for form, script in p.names.items():
                if _base(form, script, lex) == base:
                    p.pseudonyms[form] = chosen[id(p)]
