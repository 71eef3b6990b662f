"""``xiezhi hearings list``: a court's hearing sheet (开庭排期表) for a day or a week."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from xiezhi.courts.models import Court
from xiezhi.hearings import selectors
from xiezhi.hearings.models import Hearing


class Command(BaseCommand):
    help = "Hearings: `list` prints a court's hearing sheet (开庭排期表)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        listing = sub.add_parser("list", help="Hearings of a court from a day on (default: today, 1 day).")
        listing.add_argument("--court", required=True, help="Court code, e.g. 浙0106.")
        listing.add_argument("--day", help="First day, YYYY-MM-DD (default: today).")
        listing.add_argument("--days", type=int, default=1, help="Number of days (1–31, default 1).")
        listing.add_argument("--all", action="store_true", help="Include cancelled hearings.")
        listing.add_argument("--json", action="store_true", help="One JSON object per line.")

    def handle(self, *args: Any, **options: Any) -> None:
        court = Court.objects.filter(code=options["court"]).first()
        if court is None:
            raise CommandError(f"no court with code {options['court']!r}")
        try:
            first = date.fromisoformat(options["day"]) if options["day"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"--day {options['day']!r}: use YYYY-MM-DD") from None
        if not 1 <= options["days"] <= 31:
            raise CommandError("--days must be between 1 and 31")
        start, end = selectors.bounds(first, options["days"])
        hearings = (
            Hearing.objects.filter(case__court=court, starts_at__gte=start, starts_at__lt=end)
            .select_related("case", "courtroom", "clerk")
            .prefetch_related("panel")
            .order_by("starts_at", "courtroom__name", "id")
        )
        if not options["all"]:
            hearings = hearings.active()
        count = 0
        for hearing in hearings:
            count += 1
            row = {
                "id": hearing.pk,
                "starts_at": timezone.localtime(hearing.starts_at).strftime("%Y-%m-%d %H:%M"),
                "ends_at": timezone.localtime(hearing.ends_at).strftime("%H:%M"),
                "courtroom": hearing.courtroom.name if hearing.courtroom_id else "在线",
                "case": hearing.case.number or hearing.case.title,
                "mode": hearing.mode,
                "public": hearing.is_public,
                "bench": [u.display_name for u in hearing.panel.all()],
                "clerk": hearing.clerk.display_name if hearing.clerk_id else "",
                "status": hearing.status,
            }
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                publicity = "公开" if row["public"] else "不公开"
                self.stdout.write(
                    f"{row['starts_at']}–{row['ends_at']}  {row['courtroom']}  {row['case']}  "
                    f"{'、'.join(row['bench'])} / {row['clerk']}  {publicity}  {row['status']}"
                )
        if not options["json"]:
            last = first + timedelta(days=options["days"] - 1)
            self.stdout.write(f"{count} hearing(s) at {court.name} {first.isoformat()}–{last.isoformat()}")
