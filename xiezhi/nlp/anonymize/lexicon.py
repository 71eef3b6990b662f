"""Word lists written for the anonymizer, loaded once from ``xiezhi/nlp/resources/anonymize``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

RESOURCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "anonymize"


def _lines(name: str) -> list[str]:
    out: list[str] = []
    for raw in (RESOURCE_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _chars(name: str) -> frozenset[str]:
    return frozenset(ch for line in _lines(name) for ch in line if not ch.isspace())


def _words(name: str) -> frozenset[str]:
    return frozenset(_lines(name))


@dataclass(frozen=True, slots=True)
class Lexicon:
    surnames_common: frozenset[str]
    surnames_all: frozenset[str]
    surnames_compound: frozenset[str]
    surnames_ambiguous: frozenset[str]
    given_ok: frozenset[str]
    given_stop: frozenset[str]
    non_name_words: frozenset[str]
    kinship: frozenset[str]
    org_suffixes: tuple[str, ...]
    family_causes: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    """The word lists, read once per process."""
    common = _chars("surnames_common.txt")
    rare = _chars("surnames_rare.txt")
    return Lexicon(
        surnames_common=common,
        surnames_all=common | rare,
        surnames_compound=_words("surnames_compound.txt"),
        surnames_ambiguous=_chars("surnames_ambiguous.txt"),
        given_ok=_chars("given_name_chars.txt"),
        given_stop=_chars("given_name_stop_chars.txt"),
        non_name_words=_words("non_name_words.txt"),
        kinship=_words("kinship_terms.txt"),
        # Longest first, so that 律师事务所 is tried before 所.
        org_suffixes=tuple(sorted(_words("org_suffixes.txt"), key=len, reverse=True)),
        family_causes=tuple(_lines("family_causes.txt")),
    )
