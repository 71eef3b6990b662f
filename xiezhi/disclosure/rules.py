"""Pure rules of publication, from plain values: what must not be published (Art. 4), the deadline
(Art. 7), and how the redacted text is composed from the anonymizer's replacements and the
reviewer's changes.

No database, no Django: the services hand in plain values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = [
    "PUBLISHED_KINDS",
    "Composition",
    "Segment",
    "add_working_days",
    "compose",
    "default_replacement",
    "withholding_ground",
]

#: Document kinds Art. 3 lists (judgments, rulings, decisions such as state compensation or
#: sanctions); mediation statements only for administrative and civil public-interest cases (3(9)).
PUBLISHED_KINDS = frozenset({"judgment", "ruling", "decision"})

# Causes and phrases that mark an Art. 4 ground. Causes are matched on the cause of action's name.
_STATE_SECRET = re.compile(r"国家秘密|间谍|情报罪|军事秘密")
_STATE_SECRET_TEXT = re.compile(r"(?:涉及|涉嫌泄露|属于)国家秘密")
_JUVENILE_TEXT = re.compile(
    r"(?:犯罪|作案|行为)时(?:未满|不满|系未满)(?:十八|18)周岁|未成年(?:人)?被告人|未成年人犯罪|未成年人刑事案件"
)
_DIVORCE = re.compile(r"^离婚纠纷$|^离婚$|离婚诉讼")
_CUSTODY = re.compile(r"抚养|监护|探望权")
_MEDIATION_CONFIRMATION = re.compile(r"确认(?:人民)?调解协议")
_PUBLIC_INTEREST = re.compile(r"公益诉讼")


def withholding_ground(
    *,
    case_type: str,
    cause: str,
    kind: str,
    title: str,
    text: str,
    review_reasons: Iterable[str] = (),
) -> str | None:
    """The Art. 4 ground that keeps a document off the internet, or None.

    Returns one of ``state_secret``, ``juvenile_crime``, ``mediation``, ``divorce``, ``custody``,
    ``kind`` (a document Art. 3 does not list). ``review_reasons`` are the anonymizer's codes
    (``not_publishable_divorce`` …), which read the same grounds from the text itself.
    """
    reasons = set(review_reasons)
    head = text[:3000]
    if _STATE_SECRET.search(cause) or _STATE_SECRET_TEXT.search(head):
        return "state_secret"
    if case_type == "criminal" and (
        "not_publishable_juvenile_crime" in reasons or _JUVENILE_TEXT.search(text)
    ):
        return "juvenile_crime"
    if _DIVORCE.search(cause) or "not_publishable_divorce" in reasons:
        return "divorce"
    if _CUSTODY.search(cause) or "not_publishable_custody" in reasons:
        return "custody"
    if _MEDIATION_CONFIRMATION.search(cause) or _MEDIATION_CONFIRMATION.search(title):
        return "mediation"
    if kind == "mediation" or "调解书" in title:
        # Art. 3(9): administrative and civil public-interest mediation statements are published.
        if case_type == "administrative" or _PUBLIC_INTEREST.search(cause):
            return None
        return "mediation"
    if kind not in PUBLISHED_KINDS:
        return "kind"
    return None


def add_working_days(start: date, days: int, is_workday: Callable[[date], bool]) -> date:
    """The ``days``-th working day after ``start`` (Art. 7: "within 7 working days after effect")."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")


def default_replacement(original: str) -> str:
    """What a string the reviewer selects becomes, unless they say otherwise: a Han name keeps
    its surname + 某 (Art. 9), a Latin-script name its first letter, anything else is masked."""
    text = original.strip()
    if _HAN_NAME.match(text):
        return text[0] + "某"
    if _LATIN_NAME.match(text):
        return text[0].upper() + "."
    return "×××"


@dataclass(frozen=True)
class Segment:
    """A piece of the original text and what the public sees in its place.

    ``key`` is empty for unchanged text, ``a<i>`` for the anonymizer's replacement ``i`` and
    ``m<i>`` for the reviewer's redaction ``i``.
    """

    original: str
    shown: str
    kind: str = ""
    key: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.key)


@dataclass(frozen=True)
class Composition:
    text: str
    segments: tuple[Segment, ...]


def _occurrences(text: str, needle: str) -> Iterable[tuple[int, int]]:
    start = text.find(needle)
    while start != -1 and needle:
        yield start, start + len(needle)
        start = text.find(needle, start + len(needle))


def compose(
    original: str,
    auto: Sequence[Mapping[str, Any]],
    undone: Iterable[int] = (),
    manual: Sequence[Mapping[str, Any]] = (),
) -> Composition:
    """The redacted text from the original, the anonymizer's replacements (less the undone ones)
    and the reviewer's redactions, each applied to every occurrence of its string.

    A reviewer's redaction that covers one or more automatic replacements wholly replaces them (the
    reviewer widened a name the anonymizer cut short); one that overlaps a replacement partly, or
    another redaction, is not applied at that place. Longer strings win over shorter ones.
    """
    skip = set(undone)
    spans: dict[tuple[int, int], tuple[str, str, str]] = {}
    for index, item in enumerate(auto):
        if index in skip:
            continue
        start, end = int(item["start"]), int(item["end"])
        if 0 <= start < end <= len(original):
            spans[(start, end)] = (str(item["replacement"]), str(item["kind"]), f"a{index}")
    order = sorted(range(len(manual)), key=lambda i: -len(str(manual[i]["original"])))
    for index in order:
        needle = str(manual[index]["original"])
        for start, end in _occurrences(original, needle):
            inside = [s for s in spans if s[0] < end and start < s[1]]
            if any(not (start <= s[0] and s[1] <= end) or spans[s][2].startswith("m") for s in inside):
                continue
            for s in inside:
                del spans[s]
            spans[(start, end)] = (str(manual[index]["replacement"]), "manual", f"m{index}")
    segments: list[Segment] = []
    position = 0
    for (start, end), (replacement, kind, key) in sorted(spans.items()):
        if start < position:  # overlapping automatic replacements: the first one stands
            continue
        if start > position:
            segments.append(Segment(original[position:start], original[position:start]))
        segments.append(Segment(original[start:end], replacement, kind, key))
        position = end
    if position < len(original):
        segments.append(Segment(original[position:], original[position:]))
    return Composition("".join(s.shown for s in segments), tuple(segments))
