"""The tail of a judgment: the bench (审判长, 审判员 …), the date, the clerk (书记员, 法官助理).

Read from the end of the text backwards over at most :data:`TAIL_LINES` lines, stopping at the
operative part: an appendix (附：相关法律条文) after the signatures is skipped, a name in the body
never is taken for a judge.
"""

from __future__ import annotations

import re

from .text import Line, chinese_date, clean_name
from .types import DateField, Officer

__all__ = ["OFFICER_ROLES", "TAIL_LINES", "read_tail"]

TAIL_LINES = 40

#: Label → (role, panel or clerk).
OFFICER_ROLES: dict[str, tuple[str, str]] = {
    "审判长": ("presiding", "panel"),
    "代理审判员": ("acting_judge", "panel"),
    "审判员": ("judge", "panel"),
    "人民陪审员": ("assessor", "panel"),
    "陪审员": ("assessor", "panel"),
    "执行长": ("presiding", "panel"),
    "执行员": ("enforcement_officer", "panel"),
    "法官助理": ("judge_assistant", "clerk"),
    "代理书记员": ("clerk", "clerk"),
    "书记员": ("clerk", "clerk"),
}
_OFFICER = re.compile(
    "^(?P<label>"
    + "|".join(sorted(OFFICER_ROLES, key=len, reverse=True))
    + r")：?(?P<name>[^，。：；]{1,20})$"
)
_DATE = re.compile(
    r"^(?P<y>[0-9〇零一二三四五六七八九]{4})年(?P<m>[0-9一二三四五六七八九十]{1,3})月"
    r"(?P<d>[0-9一二三四五六七八九十]{1,3})日$"
)


class Tail:
    __slots__ = ("clerks", "date", "panel", "problems", "start_line")

    def __init__(self) -> None:
        self.panel: list[Officer] = []
        self.clerks: list[Officer] = []
        self.date: DateField | None = None
        self.problems: list[str] = []
        self.start_line: int | None = None


def read_tail(all_lines: list[Line], stop_before: int) -> Tail:
    """Officers and date from the last lines, not looking above line ``stop_before``."""
    tail = Tail()
    lowest = max(stop_before, len(all_lines) - TAIL_LINES)
    dates: list[tuple[int, DateField | str]] = []
    for index in range(len(all_lines) - 1, lowest - 1, -1):
        line = all_lines[index]
        text = line.text
        officer = _OFFICER.match(text)
        if officer is not None:
            role, group = OFFICER_ROLES[officer["label"]]
            start, end = line.compact.span(officer.start("name"), officer.end("name"))
            found = Officer(
                role=role,
                role_label=officer["label"],
                name=clean_name(line.source[start:end]),
                start=start,
                end=end,
            )
            (tail.panel if group == "panel" else tail.clerks).append(found)
            tail.start_line = index
            continue
        date = _DATE.match(text)
        if date is not None:
            try:
                value = chinese_date(date["y"], date["m"], date["d"])
            except ValueError as exc:
                dates.append((index, f"{text} is not a date ({exc})"))
            else:
                dates.append((index, DateField(value, text, line.start, line.end)))
            tail.start_line = index
    tail.panel.reverse()
    tail.clerks.reverse()
    # The decision date is the first date line of the tail, between the bench and the clerk (a date
    # further down belongs to a certification such as 本件与原本核对无异).
    good = [(i, d) for i, d in dates if isinstance(d, DateField)]
    if good:
        tail.date = min(good, key=lambda item: item[0])[1]
    elif dates:
        tail.problems.append(f"decision date: {dates[0][1]}")
    else:
        tail.problems.append("decision date: no date line (二〇二四年三月五日) in the tail")
    if not tail.panel:
        tail.problems.append("panel: no 审判长/审判员/人民陪审员 line in the tail")
    if not any(o.role == "clerk" for o in tail.clerks):
        tail.problems.append("clerk: no 书记员 line in the tail")
    return tail
