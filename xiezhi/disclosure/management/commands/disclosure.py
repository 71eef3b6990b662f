"""``xiezhi disclosure``: the publication queue and the open-data export.

- ``xiezhi disclosure enqueue [--court CODE] [--policy full|spc2016]`` — queue the documents of
  every effective case (and appealed first-instance documents whose appeal took effect) that are
  not queued yet; each is withheld on an Art. 4 ground or redacted for review. Idempotent.
- ``xiezhi disclosure export OUT.jsonl`` — every published judgment, one JSON object per line
  (metadata and the redacted text; ``-`` for standard output). Audited as an export.
- ``xiezhi disclosure overdue`` — documents waiting past their publication deadline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.audit.context import acting_as, system_actor


class Command(BaseCommand):
    help = "Publication of judgments: enqueue effective decisions, export published ones, list overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        enqueue = sub.add_parser("enqueue", help="Queue the documents of effective cases (idempotent).")
        enqueue.add_argument("--court", help="Only cases of the court with this code (e.g. 浙0106).")
        enqueue.add_argument("--policy", choices=["full", "spc2016"], help="Anonymization policy.")
        export = sub.add_parser("export", help="Write published judgments as JSON Lines.")
        export.add_argument("out", help="Output file (- for standard output).")
        sub.add_parser("overdue", help="Documents waiting past their publication deadline.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, options["subcommand"])(options)

    def enqueue(self, options: dict[str, Any]) -> None:
        from xiezhi.cases.models import Case
        from xiezhi.courts.models import Court

        from ...services import EnqueueReport, enqueue_effective

        if options.get("court"):
            court = Court.objects.filter(code=options["court"]).first()
            if court is None:
                raise CommandError(f"no court with the code {options['court']!r}")
            report = EnqueueReport()
            cases = Case.objects.filter(court=court, judgment_documents__isnull=False).distinct()
            with acting_as(system_actor("cli:disclosure enqueue")):
                for case in cases.iterator():
                    part = enqueue_effective(case, policy_name=options.get("policy"))
                    for state, n in part.created.items():
                        report.created[state] = report.created.get(state, 0) + n
                    report.existing += part.existing
                    report.refused += part.refused
        else:
            with acting_as(system_actor("cli:disclosure enqueue")):
                report = enqueue_effective(policy_name=options.get("policy"))
        self.stdout.write(report.summary())
        for document_id, reason in report.refused[:20]:
            self.stdout.write(f"refused document {document_id}: {reason}")

    def export(self, options: dict[str, Any]) -> None:
        from ...selectors import export_records
        from ...services import record_export

        out = options["out"]
        count = 0
        try:
            handle = sys.stdout if out == "-" else Path(out).open("w", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}") from None
        try:
            for record in export_records():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if handle is not sys.stdout:
                handle.close()
        with acting_as(system_actor("cli:disclosure export")):
            record_export(count, out)
        self.stderr.write(f"{count} published judgment(s) written to {out}")

    def overdue(self, options: dict[str, Any]) -> None:
        from ...models import Publication

        rows = Publication.objects.overdue().select_related("document", "document__case__court")
        for p in rows.order_by("deadline_on", "pk"):
            self.stdout.write(
                f"{p.deadline_on.isoformat()}  {p.document.document_number} {p.document.title}  "
                f"{p.document.case.court.name}  ({p.get_state_display()})"
            )
        self.stdout.write(f"{rows.count()} overdue")
