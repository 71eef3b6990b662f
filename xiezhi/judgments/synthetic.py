"""Synthetic judgments for tests and benchmarks: the hand-written samples with new numbers and names.

The samples (``tests_nlp/judgments`` and the anonymizer's gold judgments) are the templates; every
generated judgment gets a case number of its own (same court, year and type code as its template,
a fresh sequence) and freshly drawn names for the natural persons among its parties and
representatives, so that thousands of judgments exercise the import as a real corpus would.
Only templates the import accepts are used (a current-format number of a supported type).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xiezhi.cases import rules
from xiezhi.lib import fake
from xiezhi.nlp.case_numbers import CaseNumber
from xiezhi.nlp.judgments import parse_judgment

__all__ = ["SAMPLE_DIRS", "Template", "generate", "templates", "write_jsonl"]

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DIRS = (ROOT / "tests_nlp" / "judgments", ROOT / "tests_nlp" / "anonymize_cases")
_SUPPORTED = frozenset(kind.type_code for kind in rules.CASE_KINDS)


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    number_raw: str
    number: CaseNumber
    suffix: str
    names: tuple[str, ...]


def templates() -> list[Template]:
    """The samples the import accepts, in file order."""
    out = []
    for folder in SAMPLE_DIRS:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            parsed = parse_judgment(text)
            ref = parsed.case_number
            if ref is None or ref.number is None or ref.type_code not in _SUPPORTED or parsed.court is None:
                continue
            names = {p.name for p in parsed.parties if p.kind == "natural" and 2 <= len(p.name) <= 4}
            names |= {r.name for r in parsed.representatives if 2 <= len(r.name) <= 4}
            out.append(
                Template(
                    path.stem,
                    text,
                    ref.raw,
                    ref.number,
                    ref.suffix,
                    tuple(sorted(names, key=len, reverse=True)),
                )
            )
    return out


def generate(count: int, *, seed: int = 20261127, first_sequence: int = 100_000) -> Iterator[dict[str, str]]:
    """``count`` judgments as ``{"id", "text"}``: template by template, each with a new number and names."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    pool = templates()
    for index in range(count):
        template = pool[index % len(pool)]
        number = template.number
        new = str(
            CaseNumber(
                number.year, number.court_code, number.type_code, first_sequence + index, number.special
            )
        )
        text = template.text.replace(template.number_raw, new)
        for name in template.names:
            text = text.replace(name, fake.chinese_name(rng))
        yield {"id": f"{template.name}-{index}", "text": text}


def write_jsonl(path: Path, count: int, **options: int) -> int:
    """Write ``count`` generated judgments to a JSON Lines file; returns its size in bytes."""
    with path.open("w", encoding="utf-8") as handle:
        for record in generate(count, **options):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size
