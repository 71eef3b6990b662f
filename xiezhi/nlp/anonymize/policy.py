"""Anonymization policies: plain values saying which roles are hidden and how.

``spc2016`` follows the letter of 法释〔2016〕19号: Art. 8 hides the parties of marriage/family and
inheritance cases, victims, incidental-civil plaintiffs, witnesses, appraisers, minors and their
legal representatives; Art. 11 keeps the names of other parties (so adult defendants are shown),
of lawyers, judges, assessors, judge assistants and clerks. Persons the 2016 text does not
mention (relatives, other private persons named in the facts) are hidden under Art. 10(6).

``full`` is the wider current practice: every private natural person is hidden; officials acting
in office, judges, assessors, clerks, prosecutors, lawyers and organisations are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from .roles import (
    AGENT,
    APPRAISER,
    CIVIL_PLAINTIFF,
    DEFENDANT,
    GUARDIAN,
    KEEP_ROLES,
    ORG_REP,
    OTHER,
    PARTY,
    RELATIVE,
    SUSPECT,
    VICTIM,
    WITNESS,
)

COLLISION_STYLES = ("ganzhi", "numeral")


@dataclass(frozen=True, slots=True)
class Policy:
    """Which roles are hidden, and the style of the replacements.

    ``hidden_roles`` are hidden in every case; ``family_hidden_roles`` additionally in marriage/
    family and inheritance cases; minors are hidden whatever their role when ``hide_minors``; an
    agent is hidden with the principal when ``hide_agents_of_hidden``. Collisions (two people who
    would get the same ``X某``) get 甲/乙/丙 (``ganzhi``, the style used by provincial rules under
    the 2013 provisions and by many courts) or 1/2/3 (``numeral``).
    """

    name: str
    hidden_roles: frozenset[str]
    family_hidden_roles: frozenset[str] = frozenset()
    hide_minors: bool = True
    hide_agents_of_hidden: bool = True
    collision_style: str = "ganzhi"
    identifier_mask: str = "×××"
    nickname_mask: str = "某某"

    def __post_init__(self) -> None:
        if self.collision_style not in COLLISION_STYLES:
            raise ValueError(
                f"collision_style must be one of {COLLISION_STYLES}, not {self.collision_style!r}"
            )
        if self.hidden_roles & KEEP_ROLES:
            raise ValueError("judges, prosecutors, lawyers, officials and interpreters are never hidden")

    def hides(self, role: str, *, minor: bool, family_case: bool, principal_hidden: bool) -> bool:
        """Whether a person with this (primary) role is anonymized under this policy."""
        if role in KEEP_ROLES:
            return False
        if minor and self.hide_minors:
            return True
        if role in self.hidden_roles:
            return True
        if family_case and role in self.family_hidden_roles:
            return True
        return role == AGENT and principal_hidden and self.hide_agents_of_hidden


_PRIVATE = frozenset(
    {
        DEFENDANT,
        PARTY,
        VICTIM,
        CIVIL_PLAINTIFF,
        WITNESS,
        APPRAISER,
        GUARDIAN,
        ORG_REP,
        AGENT,
        RELATIVE,
        SUSPECT,
        OTHER,
    }
)

FULL = Policy(name="full", hidden_roles=_PRIVATE)
SPC2016 = Policy(
    name="spc2016",
    hidden_roles=frozenset({VICTIM, CIVIL_PLAINTIFF, WITNESS, APPRAISER, GUARDIAN, RELATIVE, SUSPECT, OTHER}),
    family_hidden_roles=frozenset({PARTY, AGENT, ORG_REP}),
)
POLICIES: dict[str, Policy] = {p.name: p for p in (FULL, SPC2016)}


def get_policy(policy: str | Policy) -> Policy:
    """A policy by name (``full``, ``spc2016``) or the given :class:`Policy` unchanged."""
    if isinstance(policy, Policy):
        return policy
    try:
        return POLICIES[policy]
    except KeyError:
        raise ValueError(f"unknown policy {policy!r}; expected one of {sorted(POLICIES)}") from None
