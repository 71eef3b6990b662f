"""Which decided cases a proposed sentence is compared with (量刑参照的类案): pure rules, no ORM.

A sentence distribution means something only among cases convicted of the same crimes: a theft is
not compared with an arson-and-theft or a robbery-and-theft, whose terms are driven by the heavier
crime. So the peers of a fact with the suggested charges *C* are chosen in two steps, most similar
first:

1. ``same_charges`` — cases whose charge set is exactly *C*. When at least
   :data:`ENOUGH_SAME_CHARGES` of them are found, only they are used.
2. ``lighter_extra`` — otherwise, cases whose charges include all of *C* and whose other charges
   are all *lighter* are added: a charge is lighter when the median term of the single-charge cases
   of that charge (:func:`typical_terms`, at least :data:`MIN_TYPICAL` of them) is below that of
   every charge in *C*. A charge with too few single-charge cases to tell is never counted lighter,
   and cases sharing only some of *C*, or with a heavier extra charge, are never peers.

With no suggested charge, every similar case with a term is a peer (``any_charges``).
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Peers with exactly the suggested charges that suffice on their own (below: widen, step 2).
ENOUGH_SAME_CHARGES = 8
#: Single-charge cases a charge needs before its median term says whether it is lighter.
MIN_TYPICAL = 3

SAME_CHARGES = "same_charges"
LIGHTER_EXTRA = "lighter_extra"
ANY_CHARGES = "any_charges"


@dataclass(frozen=True)
class Candidate:
    """A decided case with a term that may be compared with: id, similarity to the fact, charges,
    term in months, and where it comes from (``court``: the court's database; ``training``: a
    training record of the model)."""

    id: str
    similarity: float
    charges: tuple[str, ...]
    term_months: float
    source: str = "court"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class PeerSelection:
    """The peers chosen, the rule that chose them and how many had exactly the suggested charges."""

    peers: list[Candidate]
    rule: str
    same_count: int
    wanted: tuple[str, ...]


def typical_terms(cases: Iterable[tuple[Sequence[str], float | None]]) -> dict[str, float]:
    """Median term (months) per charge over the single-charge cases, for charges with at least
    :data:`MIN_TYPICAL` such cases: the measure of which charge is the lighter."""
    terms: dict[str, list[float]] = {}
    for charges, term in cases:
        if term is None or len(set(charges)) != 1:
            continue
        terms.setdefault(next(iter(charges)), []).append(float(term))
    return {c: float(statistics.median(t)) for c, t in terms.items() if len(t) >= MIN_TYPICAL}


def lighter_extras(charges: Collection[str], wanted: Collection[str], typical: dict[str, float]) -> bool:
    """Whether ``charges`` holds all of ``wanted`` plus at least one other charge, each of them lighter
    than every wanted charge (by :func:`typical_terms`)."""
    have, want = set(charges), set(wanted)
    extra = have - want
    if not want or not want <= have or not extra:
        return False
    if any(w not in typical for w in want):
        return False
    floor = min(typical[w] for w in want)
    return all(c in typical and typical[c] < floor for c in extra)


def select_peers(
    candidates: Iterable[Candidate],
    wanted: Collection[str],
    typical: dict[str, float],
    *,
    k: int,
    enough: int = ENOUGH_SAME_CHARGES,
) -> PeerSelection:
    """The at most ``k`` most similar peers among ``candidates`` (most similar first), by the rules of
    this module."""
    want = tuple(dict.fromkeys(wanted))
    ordered = sorted(candidates, key=lambda c: -c.similarity)
    if not want:
        return PeerSelection(ordered[:k], ANY_CHARGES, 0, want)
    same = [c for c in ordered if set(c.charges) == set(want)]
    if len(same) >= enough:
        return PeerSelection(same[:k], SAME_CHARGES, len(same), want)
    same = same[:k]
    lighter = [c for c in ordered if lighter_extras(c.charges, want, typical)][: k - len(same)]
    if not lighter:
        return PeerSelection(same, SAME_CHARGES, len(same), want)
    # Every exact peer stays; the lighter-extra ones fill up to k, most similar first.
    return PeerSelection(
        sorted([*same, *lighter], key=lambda c: -c.similarity), LIGHTER_EXTRA, len(same), want
    )
