"""``xiezhi cases verify-numbers``: check that case numbers (案号) are gap-free and unique.

Per (court, year, type code) the issued sequences must be exactly 1..N — no number missing, none
issued twice — and the counter that issues them must stand at N. Numbers up to the counter's
``issued_elsewhere_upto`` came from the court's earlier system (imported judgments): the ones
never imported are not counted as missing. Exits non-zero naming every
series with a problem. The database already refuses duplicates (a unique constraint); this also
catches gaps, a counter out of step, and records loaded from elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Max, Min

from xiezhi.cases.models import Case, CaseNumberCounter
from xiezhi.courts.models import Court

Key = tuple[int, int, str]  # (court id, year, type code)


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 7, 9, 10 → "1–3, 7, 9–10"."""
    parts: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if start is not None and (n is None or n != prev + 1):  # type: ignore[operator]
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return ", ".join(parts)


def sequence_problems(
    sequences: Iterable[int], last_issued: int | None, issued_elsewhere_upto: int = 0
) -> list[str]:
    """What is wrong with one series of issued sequences (empty when it is exactly 1..N).

    ``last_issued`` is the counter's value (None when there is no counter row); numbers up to
    ``issued_elsewhere_upto`` were issued by another system and may be absent.
    """
    counts = Counter(sequences)
    problems: list[str] = []
    invalid = sorted(s for s in counts if s < 1)
    if invalid:
        problems.append(f"sequences below 1: {', '.join(map(str, invalid))}")
    duplicated = sorted(s for s, n in counts.items() if n > 1 and s >= 1)
    if duplicated:
        problems.append("issued twice: " + ", ".join(f"{s} ({counts[s]} cases)" for s in duplicated))
    highest = max(counts, default=0)
    missing = [n for n in range(issued_elsewhere_upto + 1, highest + 1) if n not in counts]
    if missing:
        problems.append(f"missing: {_ranges(missing)}")
    if last_issued is not None and last_issued != highest:
        if last_issued > highest:
            problems.append(f"the counter has issued up to {last_issued} but the highest case is {highest}")
        else:
            problems.append(
                f"the counter stands at {last_issued}, below the highest case {highest}: "
                "the next number would be issued twice"
            )
    return problems


class Command(BaseCommand):
    help = "Checks on cases; verify-numbers: every (court, year, type code) series is exactly 1..N."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify-numbers", help="Check that issued case numbers are gap-free and unique per series."
        )
        verify.add_argument("--court", help="Only this court (code, e.g. 浙0106).")
        verify.add_argument("--year", type=int, help="Only this year.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify-numbers":
            self.verify_numbers(options.get("court"), options.get("year"))

    def verify_numbers(self, court_code: str | None, year: int | None) -> None:
        cases = Case.objects.filter(sequence__isnull=False)
        counters = CaseNumberCounter.objects.filter(special="")
        if court_code:
            court = Court.objects.filter(code=court_code).first()
            if court is None:
                raise CommandError(f"no court with code {court_code!r}")
            cases, counters = cases.filter(court=court), counters.filter(court=court)
        if year:
            cases, counters = cases.filter(year=year), counters.filter(year=year)

        # One aggregate pass over the table; only a series that looks wrong is read in full.
        stats = {
            (row["court_id"], row["year"], row["type_code"]): row
            for row in cases.values("court_id", "year", "type_code").annotate(
                n=Count("id"),
                distinct=Count("sequence", distinct=True),
                lo=Min("sequence"),
                hi=Max("sequence"),
            )
        }
        issued, elsewhere = {}, {}
        for c in counters.only("court_id", "year", "type_code", "last_sequence", "issued_elsewhere_upto"):
            issued[(c.court_id, c.year, c.type_code)] = c.last_sequence
            elsewhere[(c.court_id, c.year, c.type_code)] = c.issued_elsewhere_upto
        keys = sorted(set(stats) | {k for k, v in issued.items() if v > 0})
        codes = dict(Court.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "code"))
        bad = total = 0
        for key in keys:
            row = stats.get(key)
            last = issued.get(key)
            total += row["n"] if row else 0
            healthy = (
                row is not None
                and row["lo"] == 1
                and row["n"] == row["distinct"] == row["hi"]
                and (last is None or last == row["hi"])
            )
            if healthy:
                continue
            court_id, series_year, type_code = key
            sequences = (
                cases.filter(court_id=court_id, year=series_year, type_code=type_code).values_list(
                    "sequence", flat=True
                )
                if row
                else []
            )
            problems = sequence_problems(sequences, last, elsewhere.get(key, 0))
            if problems:
                bad += 1
                for problem in problems:
                    self.stdout.write(f"{codes.get(court_id, court_id)} {series_year} {type_code}: {problem}")
        if bad:
            raise CommandError(f"{bad} of {len(keys)} case-number series have problems (see above).")
        self.stdout.write(
            self.style.SUCCESS(f"{len(keys)} case-number series, {total} numbers: all gap-free and unique.")
        )
