"""What gets indexed, as :class:`~xiezhi.nlp.search.SearchDoc` values: a small registry of sources.

A source turns rows of the database into documents. It yields :class:`Pending` items — the id, a
fingerprint of everything that would be indexed, and a ``build`` callable that makes the
document — so an incremental update can compare fingerprints with the ledger
(:class:`~xiezhi.search.models.IndexedDocument`) and build only what changed; for case files
``build`` is where the (slow) text extraction happens.

Sources built in:

- ``statutes`` — every article of the current version of every law (:mod:`xiezhi.laws`), kind
  ``statute``, public, title "中华人民共和国刑法 第二百六十四条", id ``statute:<article id>``.
- ``cases`` — one document per case, kind ``case``: number, title, cause, court, parties' names
  and summary, with the court / year / case type / cause / procedure facets; id ``case:<id>``.
- ``files`` — the current version of every document in an electronic case file
  (:mod:`xiezhi.documents`), kind ``case_document``, with the case's facets; the internal volume
  (副卷) gets staff tokens only; id ``file:<case file id>``. A file whose text cannot be read is
  skipped with a reason (:class:`SkipDocument`).

Judgments (a later issue) register another source with :func:`register`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Prefetch, QuerySet

from xiezhi.nlp.search import ANALYZER_VERSION, SearchDoc

from .access import PUBLIC, access_tokens_for_case
from .extract import Unreadable, clean_text, extract_text

__all__ = [
    "SOURCES",
    "CaseFileSource",
    "CaseSource",
    "Pending",
    "SkipDocument",
    "Source",
    "StatuteSource",
    "fingerprint",
    "register",
    "source_for",
]


class SkipDocument(Exception):
    """This document cannot be indexed; ``reason`` goes into the reindex report."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Pending:
    """A document a source can index: its id, a fingerprint of its content, and how to build it."""

    doc_id: str
    source: str
    fingerprint: str
    build: Callable[[], SearchDoc]
    case_id: int | None = None


class Source(Protocol):
    """One kind of indexed content (see the module docstring)."""

    name: str  # also the --source of `xiezhi search reindex`

    def count(self) -> int:
        """How many documents :meth:`documents` will yield (for the progress bar)."""
        ...

    def documents(self) -> Iterator[Pending]:
        """Every document of this source, in a stable order."""
        ...

    def document(self, doc_id: str) -> Pending | None:
        """The document with this id as it is now, or None if it no longer exists (rebuild one)."""
        ...

    def for_case(self, case_id: int) -> Iterator[Pending]:
        """The documents belonging to one case (nothing, for sources without cases)."""
        ...


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source to the registry (by its ``name``); returns it."""
    SOURCES[source.name] = source
    return source


def source_for(doc_id: str) -> Source | None:
    """The source whose ids start like ``doc_id`` (``statute:…`` → statutes)."""
    prefix = doc_id.split(":", 1)[0]
    return next((s for s in SOURCES.values() if getattr(s, "prefix", None) == prefix), None)


def fingerprint(*parts: Any) -> str:
    """SHA-256 over the analyzer version and ``parts`` (JSON): equal means "index unchanged"."""
    payload = json.dumps([ANALYZER_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def doc_fingerprint(doc: SearchDoc) -> str:
    return fingerprint(
        doc.id,
        doc.kind,
        doc.title,
        doc.body,
        doc.case_number,
        doc.court,
        doc.year,
        doc.case_type,
        doc.cause,
        doc.procedure,
        list(doc.access),
        doc.sort_date,
        dict(doc.extra),
    )


def _eager(doc: SearchDoc, source: str, case_id: int | None = None) -> Pending:
    return Pending(doc.id, source, doc_fingerprint(doc), lambda: doc, case_id)


def _pk(doc_id: str, prefix: str) -> int | None:
    head, _, tail = doc_id.partition(":")
    return int(tail) if head == prefix and tail.isdigit() else None


# --- statutes -----------------------------------------------------------------------------------


class StatuteSource:
    """Articles of the current version of every law."""

    name = "statutes"
    prefix = "statute"

    _FIELDS = (
        "pk",
        "kind",
        "label",
        "text",
        "chapter",
        "version_id",
        "version__valid_from",
        "version__version_date",
        "version__law_id",
        "version__law__name",
    )

    def _rows(self) -> QuerySet:
        # Plain rows, not model instances: a full reindex reads ~25,000 articles.
        from xiezhi.laws.models import Article

        return Article.objects.filter(version__is_current=True).order_by("pk").values(*self._FIELDS)

    def count(self) -> int:
        from xiezhi.laws.models import Article

        return Article.objects.filter(version__is_current=True).count()

    def to_doc(self, row: dict[str, Any]) -> SearchDoc:
        law_name = row["version__law__name"]
        title = law_name if row["kind"] == "full_text" else f"{law_name} {row['label']}"
        return SearchDoc(
            id=f"statute:{row['pk']}",
            kind="statute",
            title=title,
            body=clean_text(row["text"]),
            access=(PUBLIC,),
            sort_date=row["version__valid_from"] or row["version__version_date"],
            extra={
                "law_id": row["version__law_id"],
                "law": law_name,
                "label": row["label"],
                "version_id": row["version_id"],
                "chapter": row["chapter"],
            },
        )

    def documents(self) -> Iterator[Pending]:
        for row in self._rows().iterator(chunk_size=2000):
            yield _eager(self.to_doc(row), self.name)

    def document(self, doc_id: str) -> Pending | None:
        pk = _pk(doc_id, self.prefix)
        row = self._rows().filter(pk=pk).first() if pk is not None else None
        return _eager(self.to_doc(row), self.name) if row is not None else None

    def for_case(self, case_id: int) -> Iterator[Pending]:
        return iter(())


# --- cases --------------------------------------------------------------------------------------


def _case_facets(case: Any) -> dict[str, Any]:
    return {
        "court": case.court.code,
        "year": case.year or case.received_on.year,
        "case_type": case.case_type,
        "cause": case.cause.name if case.cause_id else "",
        "procedure": case.procedure,
    }


class CaseSource:
    """One document per case: what finds a case by its number, name, parties or cause."""

    name = "cases"
    prefix = "case"

    def _queryset(self) -> QuerySet:
        from xiezhi.cases.models import Case, Party

        return (
            Case.objects.select_related("court", "cause")
            .prefetch_related(
                "panel",
                Prefetch("parties", queryset=Party.objects.order_by("position", "pk")),
                "representatives",
                "extensions",
            )
            .order_by("pk")
        )

    def count(self) -> int:
        from xiezhi.cases.models import Case

        return Case.objects.count()

    def to_doc(self, case: Any) -> SearchDoc:
        facets = _case_facets(case)
        parties = "、".join(p.name for p in case.parties.all())
        lines = [case.number or "", case.title, facets["cause"], case.court.name, parties, case.summary]
        return SearchDoc(
            id=f"case:{case.pk}",
            kind="case",
            title=clean_text(case.title),
            body=clean_text("\n".join(line for line in lines if line)),
            case_number=case.number or "",
            access=access_tokens_for_case(case, internal=False),
            sort_date=case.registered_on or case.received_on,
            extra={"case_id": case.pk, "court_name": case.court.name, "status": case.status},
            **facets,
        )

    def _pending(self, case: Any) -> Pending:
        return _eager(self.to_doc(case), self.name, case.pk)

    def documents(self) -> Iterator[Pending]:
        # prefetch_related works per chunk with iterator(chunk_size=...).
        for case in self._queryset().iterator(chunk_size=500):
            yield self._pending(case)

    def document(self, doc_id: str) -> Pending | None:
        pk = _pk(doc_id, self.prefix)
        case = self._queryset().filter(pk=pk).first() if pk is not None else None
        return self._pending(case) if case is not None else None

    def for_case(self, case_id: int) -> Iterator[Pending]:
        case = self._queryset().filter(pk=case_id).first()
        if case is not None:
            yield self._pending(case)


# --- case files ---------------------------------------------------------------------------------


def _read_stored(stored: Any) -> bytes:
    try:
        with stored.file.storage.open(stored.file.name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise SkipDocument(f"the stored file cannot be read ({type(exc).__name__})") from None


class CaseFileSource:
    """The current version of each document of every electronic case file (电子卷宗)."""

    name = "files"
    prefix = "file"

    def _queryset(self) -> QuerySet:
        from xiezhi.cases.models import Party
        from xiezhi.documents.models import CaseFile

        return (
            CaseFile.objects.current()
            .select_related("stored", "case", "case__court", "case__cause")
            .prefetch_related(
                "case__panel",
                Prefetch("case__parties", queryset=Party.objects.order_by("position", "pk")),
                "case__representatives",
                "case__extensions",
            )
            .order_by("pk")
        )

    def count(self) -> int:
        from xiezhi.documents.models import CaseFile

        return CaseFile.objects.current().count()

    def _pending(self, case_file: Any) -> Pending:
        case = case_file.case
        access = access_tokens_for_case(case, internal=case_file.internal)
        facets = _case_facets(case)
        doc_id = f"file:{case_file.pk}"
        extra = {
            "case_id": case.pk,
            "case_number": case.number or "",
            "case_title": case.title,
            "court_name": case.court.name,
            "file_kind": case_file.kind,
            "internal": case_file.internal,
            "version": case_file.version,
        }
        sort_date = case_file.added_at.date()
        stored = case_file.stored
        title = clean_text(case_file.title)

        def build() -> SearchDoc:
            try:
                text = extract_text(_read_stored(stored), stored.content_type)
            except Unreadable as exc:
                raise SkipDocument(f"{stored.original_name}: {exc.reason}") from None
            return SearchDoc(
                id=doc_id,
                kind="case_document",
                title=title,
                body=text,
                access=access,
                sort_date=sort_date,
                extra=extra,
                **facets,
            )

        mark = fingerprint(
            doc_id, stored.sha256, stored.content_type, title, list(access), facets, sort_date, extra
        )
        return Pending(doc_id, self.name, mark, build, case.pk)

    def documents(self) -> Iterator[Pending]:
        for case_file in self._queryset().iterator(chunk_size=200):
            yield self._pending(case_file)

    def document(self, doc_id: str) -> Pending | None:
        pk = _pk(doc_id, self.prefix)
        case_file = self._queryset().filter(pk=pk).first() if pk is not None else None
        return self._pending(case_file) if case_file is not None else None

    def for_case(self, case_id: int) -> Iterator[Pending]:
        for case_file in self._queryset().filter(case_id=case_id):
            yield self._pending(case_file)


# --- decision documents (裁判文书) ----------------------------------------------------------------


class JudgmentSource:
    """Judgments, rulings and mediation statements with their full text (imported or drafted)."""

    name = "judgments"
    prefix = "judgment"

    def _queryset(self) -> QuerySet:
        from xiezhi.cases.models import Party
        from xiezhi.judgments.models import JudgmentDocument

        return (
            JudgmentDocument.objects.select_related("case", "case__court", "case__cause")
            .prefetch_related(
                "case__panel",
                Prefetch("case__parties", queryset=Party.objects.order_by("position", "pk")),
                "case__representatives",
                "case__extensions",
            )
            .order_by("pk")
        )

    def count(self) -> int:
        from xiezhi.judgments.models import JudgmentDocument

        return JudgmentDocument.objects.count()

    def _pending(self, document: Any) -> Pending:
        case = document.case
        number = document.document_number or case.number or ""
        doc = SearchDoc(
            id=f"{self.prefix}:{document.pk}",
            kind=document.kind,
            title=clean_text(f"{number} {document.title}".strip()),
            body=clean_text(document.text),
            case_number=number,
            # Decision documents follow their case (case.view); publishing one to the public is the
            # disclosure workflow's decision, not the index's.
            access=access_tokens_for_case(case, internal=False),
            sort_date=document.decided_on or case.closed_on or case.registered_on,
            extra={"case_id": case.pk, "court_name": case.court.name, "document_id": document.pk},
            **_case_facets(case),
        )
        return _eager(doc, self.name, case.pk)

    def documents(self) -> Iterator[Pending]:
        for document in self._queryset().iterator(chunk_size=200):
            yield self._pending(document)

    def document(self, doc_id: str) -> Pending | None:
        pk = _pk(doc_id, self.prefix)
        document = self._queryset().filter(pk=pk).first() if pk is not None else None
        return self._pending(document) if document is not None else None

    def for_case(self, case_id: int) -> Iterator[Pending]:
        for document in self._queryset().filter(case_id=case_id):
            yield self._pending(document)


register(StatuteSource())
register(CaseSource())
register(CaseFileSource())
register(JudgmentSource())
