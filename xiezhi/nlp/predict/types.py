"""Value types of the prediction API: frozen dataclasses, JSON-ready through ``to_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

OK: Literal["ok"] = "ok"
INSUFFICIENT: Literal["insufficient_information"] = "insufficient_information"


@dataclass(frozen=True)
class KeyPhrase:
    """A phrase of the fact that supports a prediction; ``start``/``end`` index the caller's text."""

    text: str
    start: int
    end: int
    source: str  # "cue" (knowledge-base element cue), "model" (learned n-gram) or "circumstance:<kind>"


@dataclass(frozen=True)
class SimilarCase:
    """A decided (training) case that resembles the fact and supports the prediction."""

    case_id: str
    similarity: float
    charges: tuple[str, ...]
    term_months: float | None = None


@dataclass(frozen=True)
class ChargeScore:
    """One predicted charge (罪名) with its score in [0, 1] and the evidence for it."""

    name: str
    score: float
    articles: tuple[int, ...]
    key_phrases: tuple[KeyPhrase, ...] = ()
    similar_cases: tuple[SimilarCase, ...] = ()


@dataclass(frozen=True)
class ArticleScore:
    """One predicted Criminal Law article (CAIL numbering) with the statute text that matches."""

    number: int
    score: float
    text: str | None
    charges: tuple[str, ...]


@dataclass(frozen=True)
class TermEstimate:
    """Prison term in months (CAIL convention: 0 = no custodial term) with an interval, and the flags."""

    months: float | None
    low: float | None
    high: float | None
    life_imprisonment: bool = False
    death_penalty: bool = False
    key_phrases: tuple[KeyPhrase, ...] = ()


@dataclass(frozen=True)
class Prediction:
    """The answer for one fact description.

    ``status`` is ``"insufficient_information"`` (with ``reason``) when the text cannot support a
    prediction; the lists are then empty and no term is given, never a guess. ``cold_start`` is true
    when the answer comes from the statute knowledge base alone (no trained model).
    """

    status: Literal["ok", "insufficient_information"]
    charges: tuple[ChargeScore, ...] = ()
    articles: tuple[ArticleScore, ...] = ()
    term: TermEstimate | None = None
    cold_start: bool = False
    reason: str | None = None
    model_version: str | None = None
    similar_cases: tuple[SimilarCase, ...] = field(default=())

    @property
    def insufficient_information(self) -> bool:
        return self.status == INSUFFICIENT

    def to_contract(self, case_id: str) -> dict[str, Any]:
        """The CLI/JSON Lines contract: id, charges, articles, term_months and the two flags.

        ``status`` (and ``reason`` when insufficient) are added so that an empty answer is never
        mistaken for a confident "no charge".
        """
        term = self.term
        out: dict[str, Any] = {
            "id": case_id,
            "charges": [c.name for c in self.charges],
            "articles": [a.number for a in self.articles],
            "term_months": None if term is None or term.months is None else term.months,
            "life_imprisonment": bool(term and term.life_imprisonment),
            "death_penalty": bool(term and term.death_penalty),
            "status": self.status,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.cold_start:
            out["cold_start"] = True
        return out

    def to_dict(self) -> dict[str, Any]:
        """Everything, evidence included, as plain JSON-ready values."""
        return asdict(self)
