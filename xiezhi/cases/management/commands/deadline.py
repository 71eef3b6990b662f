"""``xiezhi deadline``: compute a time limit (审限) or period (期间) from the command line.

    xiezhi deadline --procedure civil-ordinary --from 2026-01-05
    xiezhi deadline --procedure civil-ordinary --from 2026-01-05 \\
        --suspend 2026-02-01:2026-02-20 --extend court_president:6m --today 2026-06-30
    xiezhi deadline --list

Prints the due date, whether it is normal / approaching / overdue with the days left, and the
step-by-step explanation of ``time_limits.compute_deadline``. It uses the same calendar as the
cases (the official holidays plus the administrators' overrides) and the same roll-forward setting.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from xiezhi.cases import time_limits

APPROVERS = ("court_president", "higher_court", "high_court", "spc")
_PERIOD = re.compile(r"^(?:(?P<months>\d{1,3})m)?(?:(?P<days>\d{1,4})d)?$")


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option}: {text!r} is not a date (use YYYY-MM-DD)") from None


def parse_suspension(text: str) -> time_limits.Suspension:
    """``START:END`` (both days not counted), or ``START:`` for a suspension still running."""
    start, sep, end = text.partition(":")
    if not sep:
        raise CommandError(f"--suspend: {text!r} is not START:END (e.g. 2026-02-01:2026-02-20)")
    first = parse_day(start, "--suspend")
    last = parse_day(end, "--suspend") if end.strip() else None
    if last is not None and last < first:
        raise CommandError(f"--suspend: {text!r} ends before it starts")
    return time_limits.Suspension(first, last)


def parse_extension(text: str) -> time_limits.Extension:
    """``APPROVER:PERIOD`` with PERIOD such as ``6m``, ``15d`` or ``1m15d``."""
    approver, sep, period = text.partition(":")
    if not sep or approver not in APPROVERS:
        raise CommandError(
            f"--extend: {text!r} is not APPROVER:PERIOD with APPROVER one of {', '.join(APPROVERS)}"
        )
    match = _PERIOD.match(period.strip())
    if match is None or not (match["months"] or match["days"]):
        raise CommandError(f"--extend: {period!r} is not a period such as 6m, 15d or 1m15d")
    return time_limits.Extension(approver, int(match["months"] or 0), int(match["days"] or 0))  # type: ignore[arg-type]


def calendar() -> tuple[time_limits.HolidayCalendar, str]:
    """The cases' calendar (with overrides from the database), or the official one without them."""
    from xiezhi.cases.services import court_calendar

    try:
        return court_calendar(), ""
    except DatabaseError as exc:
        # The calculator is useful before the database is set up; say what is missing.
        note = f"calendar overrides not read ({exc.__class__.__name__}); using the official calendar only"
        return time_limits.ChineseHolidayCalendar(unknown_years="weekends"), note


class Command(BaseCommand):
    help = "Compute a trial time limit or procedural period with its explanation, or list the procedures."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="List the procedure keys and their limits.")
        parser.add_argument("--procedure", help="Procedure key, e.g. civil-ordinary (see --list).")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="Start day (not counted).")
        parser.add_argument(
            "--suspend",
            action="append",
            default=[],
            metavar="START:END",
            help="A period not counted (repeatable); START: alone for one still running.",
        )
        parser.add_argument(
            "--extend",
            action="append",
            default=[],
            metavar="APPROVER:PERIOD",
            help=f"An approved extension (repeatable), e.g. court_president:6m; by {', '.join(APPROVERS)}.",
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Day to report the status on (default today)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if not options["procedure"] or not options["start"]:
            raise CommandError("give --procedure and --from (or --list to see the procedures)")
        start = parse_day(options["start"], "--from")
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        suspensions = [parse_suspension(s) for s in options["suspend"]]
        extensions = [parse_extension(e) for e in options["extend"]]
        cal, note = calendar()
        if note:
            self.stderr.write(f"Note: {note}.")
        try:
            deadline = time_limits.compute_deadline(
                options["procedure"],
                start,
                suspensions,
                extensions,
                as_of=today,
                calendar=cal,
                roll_forward=True if settings.XIEZHI_COURT_LIMITS_ROLL_FORWARD else None,
            )
        except time_limits.TimeLimitError as exc:
            raise CommandError(str(exc)) from None
        rule = deadline.rule
        left = deadline.days_left(today)
        status = deadline.status(today, settings.XIEZHI_APPROACHING_DAYS)
        if left >= 0:
            days = f"{left} day{'s' if left != 1 else ''} left"
        else:
            days = f"{-left} day{'s' if left != -1 else ''} overdue"
        self.stdout.write(f"Procedure: {rule.key} — {rule.title_zh} ({rule.title_en}), {rule.limit}")
        self.stdout.write(f"Start:     {start.isoformat()}")
        self.stdout.write(
            f"Due:       {deadline.due.isoformat()} ({deadline.due.strftime('%a')})"
            + (" — provisional" if deadline.provisional else "")
        )
        self.stdout.write(f"Status:    {status}, {days} (as of {today.isoformat()})")
        self.stdout.write("Explanation:")
        for number, line in enumerate(deadline.explain(), start=1):
            self.stdout.write(f"  {number}. {line}")

    def _list(self) -> None:
        rows = sorted(time_limits.RULES, key=lambda r: (r.branch, r.key, r.valid_from))
        width = max(len(r.key) for r in rows)
        for rule in rows:
            validity = ""
            if rule.valid_from != time_limits.TABLE_FROM or rule.valid_to is not None:
                until = rule.valid_to.isoformat() if rule.valid_to else ""
                validity = f"  [{rule.valid_from.isoformat()} – {until}]"
            self.stdout.write(
                f"{rule.key:<{width}}  {rule.limit!s:<10}  {rule.kind:<12}  {rule.title_zh}  {rule.source}"
                + validity
            )
