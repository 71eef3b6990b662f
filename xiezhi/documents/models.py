"""Electronic case files (电子卷宗) and service of documents (送达).

A :class:`StoredFile` is one immutable file in storage with its SHA-256; a :class:`CaseFile` puts it
into a case's volume under a kind (起诉状, 证据 …) and a version — a correction is a new version that
supersedes the old one, which stays. :class:`ServiceConsent` records a party's consent to electronic
service (电子送达), and :class:`ServiceRecord` one service of one document on one party.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import Case, Party


class ImmutableFileError(Exception):
    """Raised on any attempt to change or delete a stored file: a correction is a new version."""


class StoredFileQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise ImmutableFileError("Stored files cannot be changed; add a new version instead.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise ImmutableFileError("Stored files cannot be deleted.")


class StoredFile(models.Model):
    """One file in storage (Django's storage API: the filesystem, or an S3-compatible store).

    Never changed after it was written: the row refuses ``save()`` once it exists and refuses
    ``delete()``; the storage name is a fresh UUID, so no upload can overwrite another.
    """

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, help_text=_("Random identifier.")
    )
    file = models.FileField(
        _("file"),
        upload_to="files/%Y/%m/",
        max_length=255,
        help_text=_("Name in the default storage (files/YYYY/MM/<uuid>.<ext>)."),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, db_index=True, help_text=_("SHA-256 of the stored bytes, in hex.")
    )
    size = models.PositiveBigIntegerField(_("size"), help_text=_("Size of the stored bytes."))
    content_type = models.CharField(
        _("content type"), max_length=100, help_text=_("Type found from the content, not the name.")
    )
    original_name = models.CharField(
        _("original name"), max_length=255, help_text=_("File name as the uploader gave it.")
    )
    download_name = models.CharField(
        _("download name"),
        max_length=255,
        help_text=_("Name offered on download: the original, with the extension of the real type."),
    )
    source_sha256 = models.CharField(
        _("SHA-256 of the source"),
        max_length=64,
        blank=True,
        help_text=_("For a PDF made from a photo: the SHA-256 of the photo as uploaded."),
    )
    source_content_type = models.CharField(
        _("source type"),
        max_length=100,
        blank=True,
        help_text=_("For a PDF made from a photo: the photo's type (image/jpeg …)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Account that uploaded the file."),
    )
    uploaded_at = models.DateTimeField(
        _("uploaded at"), default=timezone.now, help_text=_("When the file was stored.")
    )

    objects = StoredFileQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise ImmutableFileError("Stored files cannot be changed; add a new version instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ImmutableFileError("Stored files cannot be deleted.")

    @property
    def converted(self) -> bool:
        return bool(self.source_content_type)


class FileKind(models.TextChoices):
    """Kinds of material in a case file volume (诉讼文书材料)."""

    COMPLAINT = "complaint", _("Complaint (起诉状)")
    IDENTITY = "identity", _("Identity proof (身份证明)")
    AUTHORISATION = "authorisation", _("Power of attorney (委托书)")
    DEFENCE = "defence", _("Defence (答辩状)")
    EVIDENCE = "evidence", _("Evidence (证据)")
    HEARING_RECORD = "hearing_record", _("Hearing record (庭审笔录)")
    JUDGMENT = "judgment", _("Judgment document (裁判文书)")
    SERVICE_RECEIPT = "service_receipt", _("Service receipt (送达回证)")
    OTHER = "other", _("Other (其他)")


#: Order of a volume (卷内文件排列), following the order in which a first-instance case's papers
#: arise and are bound (SPC rules on filing litigation documents, simplified): the complaint and the
#: plaintiff's papers, the defence, the evidence, the hearing, the decision, then service receipts.
VOLUME_ORDER: tuple[str, ...] = (
    FileKind.COMPLAINT,
    FileKind.IDENTITY,
    FileKind.AUTHORISATION,
    FileKind.DEFENCE,
    FileKind.EVIDENCE,
    FileKind.HEARING_RECORD,
    FileKind.JUDGMENT,
    FileKind.SERVICE_RECEIPT,
    FileKind.OTHER,
)


class CaseFileQuerySet(models.QuerySet):
    def current(self) -> CaseFileQuerySet:
        """The newest version of each document (not superseded by a correction)."""
        return self.filter(superseded_by__isnull=True)

    def in_volume_order(self) -> CaseFileQuerySet:
        """Main volume (正卷) before the internal one (副卷); within each, by kind, then as added."""
        rank = models.Case(
            *[models.When(kind=kind, then=models.Value(i)) for i, kind in enumerate(VOLUME_ORDER)],
            default=models.Value(len(VOLUME_ORDER)),
            output_field=models.IntegerField(),
        )
        return self.annotate(volume_rank=rank).order_by("internal", "volume_rank", "position", "version")


class CaseFile(models.Model):
    """A document in a case's volume: a stored file under a kind, title and version."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="case_files",
        help_text=_("Case whose volume holds the document."),
    )
    stored = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="case_files",
        help_text=_("The stored file."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=FileKind.choices, help_text=_("Kind of document.")
    )
    internal = models.BooleanField(
        _("internal volume"),
        default=False,
        help_text=_("Part of the internal volume (副卷: deliberations, reports), never shown to parties."),
    )
    title = models.CharField(
        _("document title"), max_length=200, help_text=_("Title shown in the catalogue.")
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, help_text=_("1 for the original, +1 for each correction.")
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text=_("The version this one corrects (which stays in the volume's history)."),
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order within its kind; a correction keeps the original's.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Account that added the document (its filer)."),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, help_text=_("When it was added."))

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        ordering = ["case", "internal", "position", "version"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        indexes = [models.Index(fields=["case", "internal", "kind"], name="casefile_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_current(self) -> bool:
        try:
            return self.superseded_by is None
        except CaseFile.DoesNotExist:
            return True


class ServiceConsent(models.Model):
    """A party's answer on electronic service (电子送达确认): one row per answer, newest counts.

    Withdrawing consent (or answering again) stamps ``withdrawn_at`` on the previous consent, so the
    history of what the party agreed to, and when, is kept.
    """

    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="service_consents",
        help_text=_("Party who answered."),
    )
    consented = models.BooleanField(
        _("consents to electronic service"), help_text=_("True: agrees to electronic service.")
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Address for service notices (personal data), if given.")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, help_text=_("When."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The party themself, or the court officer who recorded a written consent."),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("When this consent stopped counting (withdrawn or replaced)."),
    )

    class Meta:
        ordering = ["party", "recorded_at", "id"]
        verbose_name = _("electronic service consent")
        verbose_name_plural = _("electronic service consents")
        constraints = [
            models.UniqueConstraint(
                fields=["party"],
                condition=Q(withdrawn_at__isnull=True),
                name="service_consent_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {'yes' if self.consented else 'no'} ({self.recorded_at:%Y-%m-%d})"

    @property
    def active(self) -> bool:
        return self.consented and self.withdrawn_at is None


class ServiceMethod(models.TextChoices):
    """Methods of service (送达方式), CPL Arts. 88–95."""

    ELECTRONIC = "electronic", _("Electronic (电子送达)")
    POST = "post", _("By post (邮寄送达)")
    IN_PERSON = "in_person", _("In person (直接送达)")
    PUBLIC_NOTICE = "public_notice", _("Public notice (公告送达)")
    OTHER = "other", _("Other (留置、委托、转交送达)")


class ServiceStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened, receipt awaited")
    SERVED = "served", _("Served")
    FAILED = "failed", _("Failed")


class ServiceRecordQuerySet(models.QuerySet):
    def failed(self) -> ServiceRecordQuerySet:
        return self.filter(status=ServiceStatus.FAILED)

    def pending(self) -> ServiceRecordQuerySet:
        """Not failed and not yet served."""
        return self.filter(status__in=(ServiceStatus.SENT, ServiceStatus.OPENED))

    def for_user(self, user) -> ServiceRecordQuerySet:  # type: ignore[no-untyped-def]
        """Documents served on the account as a party (its "documents served to me")."""
        return self.filter(party__user=user)


class ServiceRecord(models.Model):
    """One service of one document on one party, with the dates the law counts from."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="service_records",
        help_text=_("Case."),
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        related_name="service_records",
        help_text=_("Party served (受送达人)."),
    )
    case_file = models.ForeignKey(
        CaseFile,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="service_records",
        help_text=_("Document served."),
    )
    method = models.CharField(
        _("method"), max_length=16, choices=ServiceMethod.choices, help_text=_("Method of service.")
    )
    email = models.EmailField(
        _("notice e-mail"),
        blank=True,
        help_text=_("Address the e-mail notice went to (personal data); empty without one."),
    )
    sent_at = models.DateTimeField(
        _("sent at"), default=timezone.now, help_text=_("When the court sent or published the document.")
    )
    first_opened_at = models.DateTimeField(
        _("first opened at"),
        null=True,
        blank=True,
        help_text=_("When the party first opened it on the portal."),
    )
    service_date = models.DateField(
        _("service date"),
        null=True,
        blank=True,
        help_text=_("Legal date of service (送达日期), from which periods such as the appeal window run."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ServiceStatus.choices,
        default=ServiceStatus.SENT,
        help_text=_("Sent, opened, served or failed."),
    )
    failure_reason = models.CharField(
        _("reason for failure"), max_length=300, blank=True, help_text=_("Why the service failed.")
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("served by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Court officer who served the document."),
    )

    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        ordering = ["case", "sent_at", "id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [
            models.Index(fields=["case", "status"], name="service_case_status_idx"),
            models.Index(fields=["party", "sent_at"], name="service_party_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_file.title} → {self.party} ({self.get_status_display()})"
