"""What the search app keeps in the database.

:class:`IndexedDocument` is the ledger of the search index, whichever backend holds it: one row per
document the index has, with the source it came from and a fingerprint of what was indexed. It is
how an incremental update knows what is unchanged (skip), what is new or changed (index) and what
has gone (delete) — the backends themselves can only add, replace and delete by id.

:class:`SearchDocument` is the table of the PostgreSQL backend (``XIEZHI_SEARCH_BACKEND=postgres``).
The model declares only the columns that exist on every database, so that the suite migrates on
SQLite too; the PostgreSQL-only columns — ``access text[]`` and the ``tsvector`` columns ``words``,
``title_chars`` and ``body_chars`` — and their GIN indexes are added by migration 0002, which runs
its SQL only on PostgreSQL. The backend reads and writes the table with SQL of its own
(:mod:`xiezhi.search.backends.postgres`); the ORM model is for counting and inspection.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    """One document in the search index (the ledger; see the module docstring)."""

    doc_id = models.CharField(
        _("document id"),
        max_length=200,
        unique=True,
        help_text=_("The document's id in the index, e.g. case:12, file:34, statute:56."),
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        db_index=True,
        help_text=_("The source that produced it: statutes, cases or files (see xiezhi/search/sources.py)."),
    )
    case_id = models.BigIntegerField(
        _("case"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Id of the case the document belongs to (a plain number, not a foreign key: the entry "
            "must outlive a deleted case until its documents are removed); empty for statutes."
        ),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of what was indexed (text, metadata and access tokens); equal means unchanged."),
    )
    indexed_at = models.DateTimeField(
        _("indexed at"), default=timezone.now, help_text=_("When the document was last written to the index.")
    )

    class Meta:
        ordering = ["doc_id"]
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")

    def __str__(self) -> str:
        return self.doc_id


class QueuedCase(models.Model):
    """A case whose documents changed and wait to be re-indexed (see ``services.drain_queue``)."""

    case_id = models.BigIntegerField(
        _("case"), help_text=_("Id of the changed case (a plain number: the case may since be deleted).")
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, help_text=_("When it was queued."))

    class Meta:
        ordering = ["id"]
        verbose_name = _("queued case")
        verbose_name_plural = _("queued cases")

    def __str__(self) -> str:
        return f"case {self.case_id}"


class SearchDocument(models.Model):
    """A document of the PostgreSQL search backend (portable columns; see the module docstring)."""

    doc_id = models.TextField(_("document id"), unique=True, help_text=_("The document's id (SearchDoc.id)."))
    kind = models.TextField(
        _("kind"), db_index=True, help_text=_("Document kind: statute, case, case_document, judgment …")
    )
    title = models.TextField(_("title"), help_text=_("Title as shown in results."))
    body = models.TextField(_("body"), blank=True, help_text=_("Full text, kept for highlighted snippets."))
    case_number = models.TextField(
        _("case number"), blank=True, help_text=_("Case number (案号) as written.")
    )
    case_number_key = models.TextField(
        _("case number key"),
        blank=True,
        db_index=True,
        help_text=_("Canonical form of the case number: a query equal to it puts the document first."),
    )
    title_key = models.TextField(
        _("title key"),
        blank=True,
        help_text=_("Folded title: a query equal to it puts the document first."),
    )
    court = models.TextField(_("court"), blank=True, db_index=True, help_text=_("Court code (facet)."))
    year = models.IntegerField(_("year"), null=True, blank=True, db_index=True, help_text=_("Year (facet)."))
    case_type = models.TextField(_("case type"), blank=True, help_text=_("Case type (facet)."))
    cause = models.TextField(_("cause"), blank=True, help_text=_("Cause of action or charge (facet)."))
    procedure = models.TextField(_("procedure"), blank=True, help_text=_("Procedure (facet)."))
    sort_date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Date for sorting newest first; empty sorts last.")
    )
    extra = models.JSONField(
        _("extra"),
        default=dict,
        blank=True,
        help_text=_("Stored values handed back with hits (not searched)."),
    )
    indexed_at = models.DateTimeField(
        _("indexed at"), default=timezone.now, help_text=_("When the row was last written.")
    )

    class Meta:
        db_table = "search_document"
        ordering = ["doc_id"]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.doc_id
