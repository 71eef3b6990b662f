"""Training records in the ``cases.jsonl`` format, their validation and their fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..jsonlines import object_lines


@dataclass(frozen=True)
class CaseRecord:
    """A decided case: the fact and its labels (``articles``/``term_months`` may be unknown)."""

    id: str
    fact: str
    charges: tuple[str, ...]
    articles: tuple[int, ...] | None = None
    term_months: float | None = None
    life_imprisonment: bool | None = None
    death_penalty: bool | None = None

    @property
    def has_term(self) -> bool:
        """Whether the record states a sentence (a number of months, life or death)."""
        return self.term_months is not None or bool(self.life_imprisonment) or bool(self.death_penalty)

    def canonical(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fact": self.fact,
            "charges": sorted(self.charges),
            "articles": None if self.articles is None else sorted(self.articles),
            "term_months": self.term_months,
            "life_imprisonment": self.life_imprisonment,
            "death_penalty": self.death_penalty,
        }


def as_record(raw: CaseRecord | Mapping[str, Any]) -> CaseRecord:
    """Validate one record (a :class:`CaseRecord` or a ``cases.jsonl`` dict); raises ``ValueError``."""
    if isinstance(raw, CaseRecord):
        return raw
    fact = raw.get("fact")
    if not isinstance(fact, str) or not fact.strip():
        raise ValueError("record has no fact text")
    charges = raw.get("charges")
    if not isinstance(charges, list | tuple) or not charges or not all(isinstance(c, str) for c in charges):
        raise ValueError("record has no charges")
    articles = raw.get("articles")
    if articles is not None:
        articles = tuple(int(a) for a in articles)
    term = raw.get("term_months")
    if term is not None:
        term = float(term)
        if term < 0:
            raise ValueError("negative term_months")
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        rid = "sha1-" + hashlib.sha1(fact.encode("utf-8")).hexdigest()[:12]  # noqa: S324 - an id, not security
    return CaseRecord(
        id=rid,
        fact=fact,
        charges=tuple(dict.fromkeys(c.strip() for c in charges if c.strip())),
        articles=articles,
        term_months=term,
        life_imprisonment=raw.get("life_imprisonment"),
        death_penalty=raw.get("death_penalty"),
    )


def fingerprint(records: Iterable[CaseRecord]) -> str:
    """SHA-256 of the canonical records: sorted by id, one compact JSON object with sorted keys per line."""
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r.id):
        line = json.dumps(record.canonical(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def read_jsonl(lines: Iterable[str]) -> list[CaseRecord]:
    """Records from JSON Lines in the ``cases.jsonl`` format; invalid lines raise with their number."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(as_record(json.loads(line)))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"line {number}: {exc}") from exc
    return out


NO_SPLIT = "(none)"


@dataclass
class CaseFile:
    """What a ``cases.jsonl`` file held: the usable records, the bad lines and the splits present.

    ``splits`` counts the lines that are JSON objects by their ``split`` value (``NO_SPLIT`` when they
    have none), so that a ``--split`` that selects nothing can name the ones there are.
    """

    records: list[CaseRecord] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    splits: Counter[str] = field(default_factory=Counter)


def read_cases(lines: Iterable[str | bytes], split: str | None = None) -> CaseFile:
    """Records from JSON Lines in the ``cases.jsonl`` format, keeping going past bad lines.

    A line that is not UTF-8, not a JSON object or not a valid record is listed in ``errors`` with its
    number and skipped. With ``split``, only records whose ``split`` field equals it are kept (lines
    of other splits are not validated).
    """
    out = CaseFile()
    for number, item, problem in object_lines(lines):
        if problem is not None:
            out.errors.append((number, problem))
            continue
        value = item.get("split")
        out.splits[NO_SPLIT if value is None else str(value)] += 1
        if split is not None and value != split:
            continue
        try:
            out.records.append(as_record(item))
        except (ValueError, TypeError) as exc:
            out.errors.append((number, str(exc)))
    return out
