"""Published judgments as a source of the shared search index (``xiezhi.search.sources.register``).

Source ``public_judgments``, kind ``published_judgment``, id ``publication:<id>``, access
``public``: one document per *published* publication, whose body is the redacted text — the
original is never handed to the index by this source. (The ``judgments`` source of the search app
indexes originals for those who may see the case, with case access tokens; anonymous searches
carry only the ``public`` token and never reach them.)

A publication that is unpublished is no longer produced, so the search app removes it at the next
update of its case (queued right after the commit by the services); the public search also drops
any hit whose publication is not published at the moment of the search.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from xiezhi.nlp.search import SearchDoc

__all__ = ["KIND", "PREFIX", "SOURCE_NAME", "PublicJudgmentSource", "register_source"]

SOURCE_NAME = "public_judgments"
PREFIX = "publication"
KIND = "published_judgment"


def to_search_doc(publication: Any) -> SearchDoc:
    """The public search document of a published publication: redacted text and public facts only."""
    from xiezhi.search.access import PUBLIC
    from xiezhi.search.extract import clean_text

    document = publication.document
    case = document.case
    number = document.document_number or case.number or ""
    day = document.decided_on or publication.effective_on
    return SearchDoc(
        id=f"{PREFIX}:{publication.pk}",
        kind=KIND,
        title=clean_text(f"{number} {document.title}".strip()),
        body=clean_text(publication.redacted_text),
        case_number=number,
        court=case.court.code,
        year=day.year if day else (case.year or None),
        case_type=case.case_type,
        cause=case.cause.name if case.cause_id else "",
        procedure=case.procedure,
        access=(PUBLIC,),
        sort_date=day,
        extra={
            "publication_id": publication.pk,
            "court_name": case.court.name,
            "document_title": document.title,
            "document_kind": document.kind,
        },
    )


class PublicJudgmentSource:
    """Published, redacted judgments (see the module docstring)."""

    name = SOURCE_NAME
    prefix = PREFIX

    def _queryset(self) -> QuerySet:
        from .models import Publication

        return (
            Publication.objects.published()
            .select_related("document", "document__case", "document__case__court", "document__case__cause")
            .order_by("pk")
        )

    def count(self) -> int:
        return self._queryset().count()

    def _pending(self, publication: Any) -> Any:
        from xiezhi.search.sources import Pending, doc_fingerprint

        doc = to_search_doc(publication)
        return Pending(doc.id, self.name, doc_fingerprint(doc), lambda: doc, publication.document.case_id)

    def documents(self) -> Iterator[Any]:
        for publication in self._queryset().iterator(chunk_size=200):
            yield self._pending(publication)

    def document(self, doc_id: str) -> Any:
        head, _sep, tail = doc_id.partition(":")
        if head != PREFIX or not tail.isdigit():
            return None
        publication = self._queryset().filter(pk=int(tail)).first()
        return self._pending(publication) if publication is not None else None

    def for_case(self, case_id: int) -> Iterator[Any]:
        for publication in self._queryset().filter(document__case_id=case_id):
            yield self._pending(publication)


def register_source() -> None:
    from xiezhi.search.sources import register

    register(PublicJudgmentSource())
