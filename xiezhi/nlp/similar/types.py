"""Value types: the decided cases searched, the filters, the hits and the authority tiers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from xiezhi.nlp.case_numbers import CaseNumberError, court_code_level


class Tier(StrEnum):
    """Authority of a similar case for the pending one (SPC 2020 guidance on similar-case search)."""

    GUIDING = "guiding"  # 指导性案例
    HIGHER = "higher"  # decided by a court above the pending case's court (or the SPC)
    SAME = "same"  # decided by the pending case's own court
    OTHER = "other"  # any other court, or unknown (training records without metadata)


#: Rank of each tier, most authoritative first.
TIER_ORDER: dict[Tier, int] = {Tier.GUIDING: 0, Tier.HIGHER: 1, Tier.SAME: 2, Tier.OTHER: 3}

_LEVEL_RANK = {"supreme": 0, "high": 1, "intermediate": 2, "basic": 3}


@dataclass(frozen=True)
class CourtRef:
    """A court as retrieval sees it: code (法院代字), level, GB/T 2260 region code, the codes of the
    courts above it (parent chain) and its name."""

    code: str
    level: str = ""
    region_code: str = ""
    ancestors: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class CaseDoc:
    """One decided case: its fact text and, when known, its metadata.

    ``court`` ``None`` means no metadata (a training record of the model): tier ``other`` and
    excluded by any filter.
    """

    id: str
    text: str
    court: CourtRef | None = None
    year: int | None = None
    number: str = ""
    decided_on: date | None = None
    guiding: str = ""  # e.g. "指导性案例14号" when the case is an SPC guiding case
    charges: tuple[str, ...] = ()
    term_months: float | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_metadata(self) -> bool:
        return self.court is not None


@dataclass(frozen=True)
class Filters:
    """Metadata filters; empty means everything. ``region`` is a prefix of the court's region code
    (``33`` Zhejiang, ``3301`` Hangzhou); years are inclusive."""

    levels: frozenset[str] = frozenset()
    region: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.levels or self.region or self.year_from or self.year_to)

    def admits(self, doc: CaseDoc) -> bool:
        if not self.active:
            return True
        if doc.court is None:
            return False
        if self.levels and doc.court.level not in self.levels:
            return False
        if self.region and not doc.court.region_code.startswith(self.region):
            return False
        if self.year_from is not None and (doc.year is None or doc.year < self.year_from):
            return False
        if self.year_to is not None and (doc.year is None or doc.year > self.year_to):
            return False
        return True

    def as_dict(self) -> dict[str, Any]:
        return {
            "levels": sorted(self.levels),
            "region": self.region,
            "year_from": self.year_from,
            "year_to": self.year_to,
        }


def _code_level(code: str) -> str | None:
    try:
        return court_code_level(code)
    except CaseNumberError:
        return None


def _same_province(a: CourtRef, b: CourtRef) -> bool:
    """Same first two digits of the region code; when a region is unknown, the same province
    character of the court codes (法院代字; not 最高法 nor the military courts 军)."""
    if a.region_code[:2] and b.region_code[:2]:
        return a.region_code[:2] == b.region_code[:2]
    chars = {a.code[:1], b.code[:1]}
    return len(chars) == 1 and chars != {""} and "最高法" not in (a.code, b.code) and chars != {"军"}


def authority_tier(doc: CaseDoc, current: CourtRef | None) -> Tier:
    """The tier of ``doc`` for a pending case decided by ``current``.

    Guiding case first; then a court above the current one: in its chain of courts above
    (``current.ancestors``), or the Supreme People's Court, or — at a level the known chain does not
    reach (no chain, or a district court of a municipality whose intermediate court its code does not
    tell) — any court of that higher level in the same province (same first two digits of the region
    code, else the same province character of the court code); then the same court; everything else
    (and unknown courts) ``other``.
    """
    if doc.guiding:
        return Tier.GUIDING
    court = doc.court
    if court is None or current is None:
        return Tier.OTHER
    if court.code and court.code == current.code:
        return Tier.SAME
    if court.level == "supreme" or (court.code and court.code in current.ancestors):
        return Tier.HIGHER
    known_levels = {_code_level(code) for code in current.ancestors}
    if (
        court.level in _LEVEL_RANK
        and current.level in _LEVEL_RANK
        and _LEVEL_RANK[court.level] < _LEVEL_RANK[current.level]
        and court.level not in known_levels
        and _same_province(court, current)
    ):
        return Tier.HIGHER
    return Tier.OTHER


@dataclass(frozen=True)
class Hit:
    """A similar case found for a query: the combined score and its parts, the tier and the passages."""

    doc: CaseDoc
    score: float
    lexical: float
    model: float | None
    semantic: float | None
    tier: Tier
    passages: tuple[Any, ...] = ()  # highlight.Passage values
    rank: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = self.doc
        return {
            "id": d.id,
            "rank": self.rank,
            "score": round(self.score, 4),
            "lexical": round(self.lexical, 4),
            "model": None if self.model is None else round(self.model, 4),
            "semantic": None if self.semantic is None else round(self.semantic, 4),
            "tier": self.tier.value,
            "has_metadata": d.has_metadata,
            "court": None
            if d.court is None
            else {
                "code": d.court.code,
                "name": d.court.name,
                "level": d.court.level,
                "region": d.court.region_code,
            },
            "year": d.year,
            "number": d.number,
            "decided_on": d.decided_on.isoformat() if d.decided_on else None,
            "guiding": d.guiding,
            "charges": list(d.charges),
            "term_months": d.term_months,
            "passages": [p.as_dict() for p in self.passages],
        }
