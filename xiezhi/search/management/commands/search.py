"""``xiezhi search``: rebuild the search index, query it, and see what it holds.

- ``xiezhi search reindex [--source statutes|cases|files ...]`` — rebuild from the database with a
  progress bar (on a terminal); without ``--source`` the whole index is emptied and rebuilt.
  Documents that cannot be indexed (an unreadable file, broken encoding) are listed with the
  reason and skipped; they never stop the run.
- ``xiezhi search query "盗窃 手机" [--as USERNAME] [--json] [--kind statute] [--page 2]`` — search
  as a user (default: anonymous, i.e. public documents only).
- ``xiezhi search stats`` — the backend, how many documents it holds, and per source.
- ``xiezhi search drain`` — re-index the cases that changes queued (normally drained at once by
  the process that made the change; see ``services.drain_queue``).
"""

from __future__ import annotations

import html
import json
import sys
import time
import unicodedata
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.nlp.search import FACET_FIELDS

from ... import services
from ...selectors import present_hits
from ...sources import SOURCES


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal (at most ten times a second);
    elsewhere (a log file, CI) one line per source when it is done."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.current: str | None = None
        self.last_draw = 0.0

    def __call__(self, source: str, done: int, total: int) -> None:
        if source != self.current:
            self.finish()
            self.current = source
        if self.tty and (done in (0, total) or time.monotonic() - self.last_draw >= 0.1):
            self.last_draw = time.monotonic()
            filled = int(self.width * done / total) if total else self.width
            percent = int(100 * done / total) if total else 100
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{source:<10} [{bar}] {done}/{total} {percent:3d}%")
            self.stream.flush()
        self.done, self.total = done, total

    def finish(self) -> None:
        if self.current is None:
            return
        if self.tty:
            self.stream.write("\n")
        else:
            self.stream.write(f"{self.current}: {self.done}/{self.total}\n")
        self.stream.flush()
        self.current = None


class Command(BaseCommand):
    help = "The search index: reindex (rebuild from the database), query, stats."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        reindex = sub.add_parser("reindex", help="Rebuild the search index from the database.")
        reindex.add_argument(
            "--source",
            action="append",
            choices=list(SOURCES),
            help="Only this source (repeatable); default: everything, from an empty index.",
        )
        query = sub.add_parser("query", help="Search the index as a user.")
        query.add_argument("text", help='The query, e.g. "盗窃 -缓刑 court:浙0106".')
        query.add_argument("--as", dest="username", help="Search as this user (default: anonymous).")
        query.add_argument("--json", action="store_true", help="Print the result as JSON (as the API).")
        query.add_argument("--page", type=int, default=1)
        query.add_argument("--per-page", type=int, default=services.DEFAULT_PER_PAGE)
        query.add_argument("--sort", choices=["relevance", "date"], default="relevance")
        for name in FACET_FIELDS:
            query.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"Filter on {name}.")
        sub.add_parser("stats", help="What the index holds.")
        sub.add_parser("drain", help="Re-index the cases queued by changes (waits for the index writer).")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, options["subcommand"])(options)

    def drain(self, options: dict[str, Any]) -> None:
        done = services.drain_queue(wait=True)
        self.stdout.write(f"{done} queued case change(s) indexed.")

    # -- reindex -------------------------------------------------------------------------------

    def reindex(self, options: dict[str, Any]) -> None:
        bar = ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            report = services.reindex(progress=bar, sources=options.get("source"))
        finally:
            bar.finish()
        self.stdout.write(report.summary())
        for item in report.skipped:
            self.stdout.write(f"skipped {item.doc_id} ({item.source}): {item.reason}")

    # -- query ---------------------------------------------------------------------------------

    def _user(self, username: str | None) -> Any:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import AnonymousUser

        if not username:
            return AnonymousUser()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def query(self, options: dict[str, Any]) -> None:
        user = self._user(options.get("username"))
        text = options["text"]
        filters = {name: options[name] for name in FACET_FIELDS if options.get(name)}
        try:
            result = services.search(
                user, text, filters, options["page"], options["per_page"], options["sort"]
            )
        except services.EmptyQueryError:
            raise CommandError("the query has nothing to search for") from None
        except services.QuerySyntaxError as exc:
            caret = " " * _width(text[: exc.position]) + "^"
            raise CommandError(
                f"query syntax error at character {exc.position + 1}: {exc.message}\n  {text}\n  {caret}"
            ) from None
        except (services.InvalidFilter, services.SearchUnavailable) as exc:
            raise CommandError(str(exc)) from None
        hits = present_hits(result, user)
        if options["json"]:
            data = {
                "total": result.total,
                "page": result.page,
                "per_page": result.per_page,
                "partial": result.partial,
                "took_ms": round(result.took_ms, 2),
                "notes": list(result.notes),
                "hits": [
                    {k: (str(v) if k == "snippet" else v) for k, v in hit.items() if k != "kind_label"}
                    for hit in hits
                ],
                "facets": {
                    f: [{"value": v, "count": n} for v, n in pairs] for f, pairs in result.facets.items()
                },
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        partial = " (partial: the time budget ran out)" if result.partial else ""
        self.stdout.write(f"{result.total} results, page {result.page}, {result.took_ms:.0f} ms{partial}")
        for note in result.notes:
            self.stdout.write(f"note: {note}")
        first = (result.page - 1) * result.per_page
        for number, hit in enumerate(hits, start=first + 1):
            where = " ".join(x for x in (hit["case_number"], hit["court_name"]) if x)
            self.stdout.write(
                f"{number:>3}. [{hit['kind']}] {hit['title']}  {where}  (score {hit['score']:.3f})"
            )
            snippet = html.unescape(str(hit["snippet"]).replace("<mark>", "[").replace("</mark>", "]"))
            if snippet:
                self.stdout.write(f"     {snippet}")

    # -- stats ---------------------------------------------------------------------------------

    def stats(self, options: dict[str, Any]) -> None:
        info = services.stats()
        self.stdout.write(f"backend: {info['backend']}")
        self.stdout.write(f"documents in the index: {info['documents']}")
        for name, count in info["ledger"].items():
            self.stdout.write(f"  {name}: {count}")
        if info["last_indexed"]:
            self.stdout.write(f"last indexed: {info['last_indexed'].isoformat(timespec='seconds')}")
        if not info["in_step"]:
            self.stdout.write(
                "the index and its ledger disagree (a rebuilt database or a lost index directory): "
                "run `xiezhi search reindex`"
            )
