"""Pure scheduling rules from plain values: working hours, notice periods, announcement timing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: Default sitting hours: one window, 08:30–17:30. A court that wants morning and afternoon
#: sessions sets ``XIEZHI_HEARING_HOURS = "08:30-12:00,13:30-17:30"``; a hearing must then lie
#: inside one session.
DEFAULT_HOURS = "08:30-17:30"

#: Minimum days between the notice and the hearing day, by case type: CPL Art. 139 (civil, "开庭
#: 三日前通知"), CrimPL Art. 187 ¶3 (summons and notices ≥ 3 days before); administrative cases
#: follow the CPL (ALL Art. 101). Other case types (enforcement, preservation …) have no statutory
#: hearing notice; the same 3 days are applied as the court's practice.
NOTICE_DAYS = {"civil": 3, "criminal": 3, "administrative": 3}
DEFAULT_NOTICE_DAYS = 3

#: Public hearings are announced at least 3 days before (CPL Art. 139, CrimPL Art. 187).
ANNOUNCEMENT_DAYS = 3

#: Indictment copy (起诉书副本送达期限): CrimPL Art. 187 ¶1 — the copy of the procuratorate's
#: indictment reaches the defendant at least 10 days before the trial.  Only the ordinary first
#: instance is bound: the summary (Art. 219) and fast-track (Art. 224) procedures are expressly not
#: bound by the service periods, and appeals are tried on the first-instance judgment.
INDICTMENT_COPY_DAYS = 10
INDICTMENT_COPY_PROCEDURES = frozenset({"first_instance_ordinary"})


@dataclass(frozen=True)
class Window:
    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def parse_hours(spec: str) -> tuple[Window, ...]:
    """``"08:30-12:00,13:30-17:30"`` → windows; raises ``ValueError`` naming the bad part."""
    windows = []
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start_s, end_s = part.split("-")
            start, end = time.fromisoformat(start_s.strip()), time.fromisoformat(end_s.strip())
        except ValueError:
            raise ValueError(f"sitting hours {part!r}: use HH:MM-HH:MM") from None
        if end <= start:
            raise ValueError(f"sitting hours {part!r}: the end must be after the start")
        windows.append(Window(start, end))
    if not windows:
        raise ValueError("no sitting hours given")
    return tuple(sorted(windows, key=lambda w: w.start))


def within_hours(start: datetime, end: datetime, windows: tuple[Window, ...]) -> bool:
    """Whether [start, end] (local, naive or aware) lies inside one sitting window of one day."""
    if start.date() != end.date():
        return False
    return any(w.start <= start.time() and end.time() <= w.end for w in windows)


def notice_days(case_type: str) -> int:
    return NOTICE_DAYS.get(case_type, DEFAULT_NOTICE_DAYS)


def earliest_hearing_day(notified_on: date, case_type: str) -> date:
    """First day a hearing may be held when the parties are notified on ``notified_on``.

    "开庭三日前通知": at least three whole days lie between the notice and the hearing, counted in
    calendar days (holidays inside the period count; the notice day itself is not counted, CPL
    Art. 85 ¶2). Notified on Monday → the hearing may be on Thursday at the earliest."""
    return notified_on + timedelta(days=notice_days(case_type))


def indictment_copy_applies(case_type: str, procedure: str) -> bool:
    """Whether a trial of this case waits for the indictment copy (see :data:`INDICTMENT_COPY_DAYS`)."""
    return case_type == "criminal" and procedure in INDICTMENT_COPY_PROCEDURES


def earliest_trial_day(indictment_served_on: date) -> date:
    """First trial day when the indictment copy was served on ``indictment_served_on``: "至迟在开庭
    十日以前送达" — ten whole days from the day after service (served Monday the 1st → trial on
    Thursday the 11th at the earliest), counted as :func:`earliest_hearing_day` counts."""
    return indictment_served_on + timedelta(days=INDICTMENT_COPY_DAYS)


def announcement_day(hearing_day: date, today: date) -> date:
    """Xiezhi publishes the announcement as soon as the hearing is scheduled (never later than
    ``ANNOUNCEMENT_DAYS`` before it, which the notice rule already guarantees)."""
    return min(today, hearing_day - timedelta(days=ANNOUNCEMENT_DAYS))


#: Postponements (延期开庭) of civil and commercial cases, SPC rule on extending time limits and
#: postponing hearings (法释〔2018〕9号 as amended by 法释〔2019〕4号): at most **two** under the
#: ordinary procedure and **one** under the summary and small-claims procedures (Art. 3); the next
#: hearing within **one month** of the postponed one, unless force majeure or the parties agree
#: (Art. 5). Other case types have no such statutory cap.
POSTPONEMENT_CASE_TYPES = frozenset({"civil"})
POSTPONEMENT_LIMITS = {"first_instance_summary": 1, "small_claims": 1}
DEFAULT_POSTPONEMENT_LIMIT = 2


def postponement_limit(case_type: str, procedure: str) -> int | None:
    """How many times a hearing of such a case may be postponed (None: no cap)."""
    if case_type not in POSTPONEMENT_CASE_TYPES:
        return None
    return POSTPONEMENT_LIMITS.get(procedure, DEFAULT_POSTPONEMENT_LIMIT)


def is_postponement(before: date, after: date) -> bool:
    """A move to a later day is a postponement; moving a hearing earlier, or within its day, is not."""
    return after > before


def latest_postponed_day(original: date) -> date:
    """The last day the postponed hearing may be held: one month after the original day (the same
    day of the next month, or that month's last day when it has no such day)."""
    year, month = (original.year + 1, 1) if original.month == 12 else (original.year, original.month + 1)
    return date(year, month, min(original.day, calendar.monthrange(year, month)[1]))
