"""``xiezhi import judgments PATH``: bring historical judgments in as closed cases.

    xiezhi import judgments PATH [--court-code CODE] [--batch 500] [--limit N]

PATH is a file or a folder of .txt, .docx, .pdf and .jsonl files (JSON Lines: one object per line,
``{"text": …}`` with optional ``id``, ``case_number``, ``court``, ``court_code``, ``date``, ``title``,
``registered_on``). An interrupted import continues where it stopped when run again on the same
PATH; a finished one re-reads everything and reports what is already there as unchanged. A progress
line is shown when stderr is a terminal; the report ends with the reasons for failures and
conflicts. Exits non-zero only when the import cannot start (no such PATH, unknown court code).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.audit.context import acting_as, system_actor
from xiezhi.judgments.services import (
    DEFAULT_BATCH,
    Counts,
    ImportReport,
    JudgmentImportError,
    import_judgments,
    iter_reasons,
)


class _ProgressLine:
    """A one-line progress bar on a terminal, redrawn at most five times a second."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, counts: Counts) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 1.0
        width = 30
        bar = "#" * int(share * width)
        rate = counts.read / max(now - self.started, 1e-6)
        self.stream.write(
            f"\r[{bar:<{width}}] {share:6.1%}  {counts.read:,} read, {counts.imported:,} imported, "
            f"{counts.failed:,} failed  {rate:,.0f}/s "
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import data from earlier systems; judgments: historical judgments as closed cases."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        judgments = sub.add_parser(
            "judgments",
            help="Import judgments (.txt, .docx, .pdf, or .jsonl with text and metadata) into closed cases.",
        )
        judgments.add_argument(
            "path", metavar="PATH", help="A file, or a folder of .txt/.docx/.pdf/.jsonl files."
        )
        judgments.add_argument(
            "--court-code",
            metavar="CODE",
            help="Court for judgments whose pre-2016 number has no court code (e.g. 浙0106); it must exist.",
        )
        judgments.add_argument(
            "--batch",
            type=int,
            default=DEFAULT_BATCH,
            metavar="N",
            help=f"Judgments per transaction (default {DEFAULT_BATCH}); a killed import loses at most one "
            "batch of work, never data.",
        )
        judgments.add_argument(
            "--limit",
            type=int,
            metavar="N",
            help="Stop after N judgments; the next run continues from there.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "judgments":  # pragma: no cover - argparse refuses others
            raise CommandError(f"unknown subcommand {options['subcommand']}")
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        if options.get("limit") is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1")
        progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
        try:
            with acting_as(system_actor("cli:import judgments")):
                report = import_judgments(
                    options["path"],
                    court_code=options.get("court_code"),
                    batch_size=options["batch"],
                    limit=options.get("limit"),
                    progress=progress,
                )
        except JudgmentImportError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if progress is not None:
                progress.close()
        self.write_report(report)

    def write_report(self, report: ImportReport) -> None:
        counts = report.counts
        out = self.stdout.write
        out(f"Source:     {report.source}")
        resumed = " (resumed an interrupted run)" if report.resumed else ""
        out(f"Run:        #{report.run_id}{resumed}, {'finished' if report.finished else 'not finished'}")
        out(
            f"Files:      {report.files}"
            + (
                f", {report.unsupported_count} skipped (not .txt/.docx/.pdf/.jsonl)"
                if report.unsupported_count
                else ""
            )
        )
        out(f"Judgments:  {counts.read:,} read")
        out(
            f"  imported  {counts.imported:,} new closed cases ({counts.with_problems:,} with parse problems)"
        )
        out(f"  attached  {counts.attached:,} further documents of cases already imported")
        out(f"  unchanged {counts.unchanged:,}")
        out(f"  conflicts {counts.conflicts:,}")
        out(f"  failed    {counts.failed:,}")
        out(f"Courts:     {counts.courts_created:,} created from judgment headers")
        if report.resumed and report.run_counts:
            totals = report.run_counts
            out(
                f"Run total:  {totals.get('read', 0):,} read, {totals.get('imported', 0):,} imported, "
                f"{totals.get('unchanged', 0):,} unchanged, {totals.get('conflicts', 0):,} conflicts, "
                f"{totals.get('failed', 0):,} failed"
            )
        reasons = list(iter_reasons(report))
        if reasons:
            out("Reasons (failures and conflicts):")
            for line in reasons:
                out(f"  {line}")
        if report.unsupported_files:
            for name in report.unsupported_files[:5]:
                out(f"  skipped: {name}")
        out(
            self.style.SUCCESS(
                f"Done in {report.seconds:.1f} s: {report.per_second:,.0f} judgments/s."
                + ("" if report.finished else " Not finished: run the same command again to continue.")
            )
        )
