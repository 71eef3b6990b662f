"""Value types returned by the anonymizer. Plain frozen dataclasses, no behaviour beyond serialising."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Replacement:
    """One change made to the input.

    ``start``/``end`` are offsets into the ORIGINAL input text (Python ``str`` indices, i.e. code
    points), ``original`` is ``text[start:end]``, ``replacement`` the text put in its place ("" for a
    deletion) and ``kind`` what was found: ``person``, ``person_given_name``, ``alias``,
    ``id_number``, ``phone``, ``bank_account``, ``plate``, ``email``, ``address``, ``account``
    (WeChat/QQ/Alipay), ``passport``, ``vehicle_id``, ``property_certificate``.
    """

    start: int
    end: int
    original: str
    replacement: str
    kind: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PersonDecision:
    """What the pipeline concluded about one person, for the reviewer (never published)."""

    name: str
    role: str
    hidden: bool
    pseudonym: str | None
    aliases: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AnonymizationResult:
    """Redacted text plus everything a reviewer needs to check it.

    ``needs_review`` is true when the document should not be published automatically; the reasons
    are machine-readable codes such as ``no_structure`` or ``not_publishable_divorce``.
    """

    text: str
    replacements: tuple[Replacement, ...]
    needs_review: bool
    review_reasons: tuple[str, ...]
    policy: str
    pipeline_version: str
    steps: tuple[str, ...]
    persons: tuple[PersonDecision, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "replacements": [r.to_dict() for r in self.replacements],
            "needs_review": self.needs_review,
            "review_reasons": list(self.review_reasons),
            "policy": self.policy,
            "pipeline_version": self.pipeline_version,
            "steps": list(self.steps),
        }
