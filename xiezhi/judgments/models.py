"""Judgment documents (裁判文书) of a case, and the bookkeeping of the judgment import.

A :class:`JudgmentDocument` is one decision document — judgment, ruling, mediation statement —
with its full text, its date and what the parser read from it. Imported historical judgments are
the first to fill it; drafting and publication (later issues) write and extend the same rows.
:class:`ImportRun` and :class:`ImportCheckpoint` let an interrupted import continue where it
stopped; :class:`ImportedCourt` marks the courts an import created from a judgment's header.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xiezhi.cases.models import Case, Party
from xiezhi.courts.models import Court
from xiezhi.lib.models import TimestampedModel


class JudgmentKind(models.TextChoices):
    """Kind of decision document (文书种类)."""

    JUDGMENT = "judgment", _("Judgment (判决书)")
    RULING = "ruling", _("Ruling (裁定书)")
    MEDIATION = "mediation", _("Mediation statement (调解书)")
    DECISION = "decision", _("Decision (决定书)")
    OTHER = "other", _("Other document")


class JudgmentSource(models.TextChoices):
    """Where the document came from."""

    IMPORTED = "imported", _("Imported")
    DRAFTED = "drafted", _("Drafted in Xiezhi")


class JudgmentDocumentQuerySet(models.QuerySet):
    def imported(self) -> JudgmentDocumentQuerySet:
        return self.filter(source=JudgmentSource.IMPORTED)

    def with_problems(self) -> JudgmentDocumentQuerySet:
        """Documents the parser could not read completely (see ``metadata["problems"]``)."""
        return self.filter(problem_count__gt=0)


class JudgmentDocument(TimestampedModel):
    """One decision document of a case, with its full text and the structure read from it."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="judgment_documents",
        help_text=_("The case the document decides."),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=JudgmentKind.choices, help_text=_("Judgment, ruling, mediation …")
    )
    title = models.CharField(
        _("title"), max_length=60, help_text=_("Document title as in its header, e.g. 民事判决书.")
    )
    document_number = models.CharField(
        _("document number"),
        max_length=48,
        help_text=_("The case number the document carries, with a suffix such as 之一 when it has one."),
    )
    text = models.TextField(_("full text"), help_text=_("The whole document as plain text."))
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, help_text=_("Date written at the end of the document.")
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=JudgmentSource.choices,
        help_text=_("Imported from an earlier system, or drafted in Xiezhi."),
    )
    source_name = models.CharField(
        _("source name"),
        max_length=255,
        blank=True,
        help_text=_("Name of the imported file, or the record's id in a JSON Lines file."),
    )
    source_path = models.CharField(
        _("source path"),
        max_length=500,
        blank=True,
        help_text=_("Path of the imported file (with :line for JSON Lines) when it was imported."),
    )
    sha256 = models.CharField(
        _("SHA-256 of the text"),
        max_length=64,
        db_index=True,
        help_text=_("Hash of the text: an identical re-import is recognised by it."),
    )
    metadata = models.JSONField(
        _("parsed metadata"),
        default=dict,
        blank=True,
        help_text=_(
            "What the parser read: parties, panel, clerk, statutes, sentences, outcome, and the problems "
            "it could not resolve."
        ),
    )
    problem_count = models.PositiveSmallIntegerField(
        _("problems"), default=0, help_text=_("How many parts the parser could not read.")
    )
    parser_version = models.CharField(
        _("parser version"), max_length=16, blank=True, help_text=_("Version of the parser that read it.")
    )
    case_file = models.ForeignKey(
        "documents.CaseFile",
        verbose_name=_("case file document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The stored file in the case's volume, when the text was filed there."),
    )

    objects = JudgmentDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "decided_on", "id"]
        verbose_name = _("judgment document")
        verbose_name_plural = _("judgment documents")
        constraints = [
            models.UniqueConstraint(fields=["case", "sha256"], name="judgment_text_once_per_case"),
        ]
        indexes = [models.Index(fields=["document_number", "title"], name="judgment_docno_title_idx")]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}"


class ImportRun(models.Model):
    """One import of a file or folder: resumed by the next run over the same source until finished."""

    source = models.CharField(
        _("source"), max_length=500, help_text=_("Absolute path of the file or folder imported.")
    )
    options = models.JSONField(
        _("options"), default=dict, blank=True, help_text=_("Options the run was started with.")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, help_text=_("When it started."))
    finished_at = models.DateTimeField(
        _("finished at"),
        null=True,
        blank=True,
        help_text=_("When every file had been read; empty while not."),
    )
    counts = models.JSONField(
        _("counts"),
        default=dict,
        blank=True,
        help_text=_("Judgments read, imported, unchanged, in conflict and failed, over all its sessions."),
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("judgment import run")
        verbose_name_plural = _("judgment import runs")
        indexes = [models.Index(fields=["source", "finished_at"], name="judgment_run_source_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class ImportCheckpoint(models.Model):
    """How far a run has read one file; written in the same transaction as the batch it ends."""

    run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="checkpoints", help_text=_("The import run.")
    )
    path = models.CharField(_("file"), max_length=500, help_text=_("Absolute path of the file."))
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the file's first 64 KiB: a different file at the same path starts over."),
    )
    position = models.PositiveBigIntegerField(
        _("byte offset"), default=0, help_text=_("Where reading continues (bytes from the file's start).")
    )
    records = models.PositiveIntegerField(
        _("records read"), default=0, help_text=_("Judgments (JSON Lines: lines) read from the file so far.")
    )
    last_key = models.CharField(
        _("last case number"),
        max_length=48,
        blank=True,
        help_text=_("Case number of the last judgment read."),
    )
    done = models.BooleanField(_("done"), default=False, help_text=_("The whole file has been read."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, help_text=_("When it last moved."))

    class Meta:
        verbose_name = _("judgment import checkpoint")
        verbose_name_plural = _("judgment import checkpoints")
        constraints = [models.UniqueConstraint(fields=["run", "path"], name="judgment_checkpoint_once")]

    def __str__(self) -> str:
        return f"{self.path} @{self.position}"


class ImportedCourt(models.Model):
    """A court the judgment import created because no court had the code of a judgment's number."""

    court = models.OneToOneField(
        Court, on_delete=models.PROTECT, related_name="import_origin", help_text=_("The court created.")
    )
    header_name = models.CharField(
        _("name in the header"), max_length=100, help_text=_("The court's name as the judgment wrote it.")
    )
    case_number = models.CharField(
        _("case number"), max_length=48, help_text=_("The number whose court code it was created for.")
    )
    source_path = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("File (and line) the judgment came from.")
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the import could not tell (e.g. the parent court)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, help_text=_("When."))

    class Meta:
        verbose_name = _("court created by import")
        verbose_name_plural = _("courts created by import")

    def __str__(self) -> str:
        return f"{self.court} ({self.case_number})"


# --- drafting (文书制作), approval (审核签发) and effectiveness (生效) ------------------------------


class DraftStatus(models.TextChoices):
    """Where a draft stands (see README: drafting → submitted → final, or back to returned)."""

    DRAFTING = "drafting", _("Drafting")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Returned for revision")
    FINAL = "final", _("Final")


class JudgmentDraftQuerySet(models.QuerySet):
    def open(self) -> JudgmentDraftQuerySet:
        """Drafts not yet final."""
        return self.exclude(status=DraftStatus.FINAL)

    def final(self) -> JudgmentDraftQuerySet:
        return self.filter(status=DraftStatus.FINAL)

    def awaiting_effect(self) -> JudgmentDraftQuerySet:
        """Final documents whose decision has not taken effect yet (the scheduled job's work list)."""
        return self.final().filter(effective_on__isnull=True)


class JudgmentDraft(TimestampedModel):
    """A decision document being drafted in Xiezhi, from its template to the final DOCX and PDF."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="judgment_drafts",
        help_text=_("The case the document decides."),
    )
    template = models.CharField(
        _("template"), max_length=32, help_text=_("Key of the document template (judgments.rules.TEMPLATES).")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=JudgmentKind.choices, help_text=_("Judgment, ruling, mediation …")
    )
    title = models.CharField(_("title"), max_length=60, help_text=_("Document title, e.g. 民事判决书."))
    sections = models.JSONField(
        _("narrative parts"),
        default=dict,
        blank=True,
        help_text=_("The parts the judge writes (procedural history, facts, reasoning …), by key."),
    )
    major = models.BooleanField(
        _("major case"),
        default=False,
        help_text=_("Flagged as major, difficult or complex: the division head approves it too."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DraftStatus.choices,
        default=DraftStatus.DRAFTING,
        help_text=_("Drafting, awaiting approval, returned or final."),
    )
    pending_step = models.CharField(
        _("awaiting"),
        max_length=32,
        blank=True,
        help_text=_("The approval step the submitted draft waits for (judgments.rules.APPROVAL_STEPS)."),
    )
    return_reason = models.CharField(
        _("reason for return"), max_length=500, blank=True, help_text=_("Why it was last returned.")
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every change; a stale save is refused.")
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who started the draft."),
    )
    signed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The judge who signed it off (the final files are filed in their name)."),
    )
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, help_text=_("Date of the document: the day it became final.")
    )
    document = models.OneToOneField(
        JudgmentDocument,
        verbose_name=_("decision document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
        help_text=_("The final document's text, for search and publication."),
    )
    docx_file = models.ForeignKey(
        "documents.CaseFile",
        verbose_name=_("DOCX file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The final document as Word file in the case's volume."),
    )
    pdf_file = models.ForeignKey(
        "documents.CaseFile",
        verbose_name=_("PDF file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The final document as PDF in the case's volume (the one served)."),
    )
    effective_on = models.DateField(
        _("effective on"),
        null=True,
        blank=True,
        help_text=_("Day the decision took legal effect (set by `xiezhi judgments effect`)."),
    )
    detained = models.ManyToManyField(
        Party,
        blank=True,
        related_name="+",
        verbose_name=_("defendants in custody"),
        help_text=_(
            "Defendants in custody (在押) when the decision is served: their appeal window ends on its "
            "last day even if that is a holiday (CrimPL Art. 105 ¶4; XIEZHI_CUSTODY_NO_ROLL_FORWARD)."
        ),
    )
    effect_note = models.CharField(
        _("effect note"),
        max_length=300,
        blank=True,
        help_text=_("What the scheduled job last found (waiting for service, appealed …)."),
    )

    objects = JudgmentDraftQuerySet.as_manager()

    class Meta:
        ordering = ["case", "-id"]
        verbose_name = _("judgment draft")
        verbose_name_plural = _("judgment drafts")
        constraints = [
            # One document is drafted at a time per case: a second open draft would race the first.
            models.UniqueConstraint(
                fields=["case"],
                condition=~models.Q(status="final"),
                name="judgment_one_open_draft_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number or self.case_id} {self.title} ({self.get_status_display()})"

    @property
    def editable(self) -> bool:
        return self.status in (DraftStatus.DRAFTING, DraftStatus.RETURNED)


class DraftVersion(models.Model):
    """The draft as it was saved: one row per save, for the history and the diff between versions."""

    draft = models.ForeignKey(
        JudgmentDraft, on_delete=models.CASCADE, related_name="versions", help_text=_("The draft.")
    )
    number = models.PositiveIntegerField(_("version"), help_text=_("The draft's version after this save."))
    sections = models.JSONField(_("narrative parts"), default=dict, help_text=_("The parts as saved."))
    text = models.TextField(_("full text"), help_text=_("The whole document as it read after the save."))
    saved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", help_text=_("Who saved it.")
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True, help_text=_("When."))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("What the save was (created …).")
    )

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="judgment_draft_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} v{self.number}"


class ApprovalAction(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("draft approval action", "Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class DraftApproval(models.Model):
    """One act in the approval of a draft: submitted, a step approved, or returned with the reason."""

    draft = models.ForeignKey(
        JudgmentDraft, on_delete=models.CASCADE, related_name="approvals", help_text=_("The draft.")
    )
    step = models.CharField(_("step"), max_length=32, blank=True, help_text=_("The approval step acted on."))
    action = models.CharField(
        _("action"), max_length=16, choices=ApprovalAction.choices, help_text=_("What was done.")
    )
    by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", help_text=_("Who did it.")
    )
    draft_version = models.PositiveIntegerField(_("draft version"), help_text=_("The version acted on."))
    reason = models.CharField(_("reason"), max_length=500, blank=True, help_text=_("Reason for a return."))
    at = models.DateTimeField(_("time"), auto_now_add=True, help_text=_("When."))

    class Meta:
        ordering = ["draft", "at", "id"]
        verbose_name = _("draft approval")
        verbose_name_plural = _("draft approvals")

    def __str__(self) -> str:
        return f"{self.draft_id} {self.action} {self.step}"
