"""Every write to case files and service records: policy checked, one transaction, audited.

Audit entries for creates and updates come from the model signals (``apps.py`` tracks all four
models); downloads are recorded here explicitly. E-mail notices are sent after the commit, so that
a rolled-back service never tells a party about a document that was not served.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record as audit_record
from xiezhi.cases import time_limits
from xiezhi.cases.models import Case, EventKind, Party, TimelineEvent

from . import uploads
from .models import (
    CaseFile,
    FileKind,
    ServiceConsent,
    ServiceMethod,
    ServiceRecord,
    ServiceStatus,
    StoredFile,
)

__all__ = [
    "DocumentError",
    "ServiceError",
    "add_case_file",
    "appeal_deadline_for",
    "correct_case_file",
    "current_consent",
    "custody_rule_applies",
    "custody_stops_roll_forward",
    "mark_failed",
    "mark_opened",
    "mark_served",
    "open_for_download",
    "other_methods",
    "record_consent",
    "serve",
    "service_status",
    "store_upload",
    "transfer_volume",
    "upload_limits",
    "upload_to_case",
    "volume",
]

logger = logging.getLogger(__name__)

MB = 1024 * 1024


class DocumentError(Exception):
    """A change that is refused; ``message`` (shown to the user) says why and what to do instead."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message, self.code = message, code


class ServiceError(DocumentError):
    """A service that cannot be made this way; ``alternatives`` are the methods that remain."""

    def __init__(self, message: str, code: str, alternatives: tuple[str, ...] = ()) -> None:
        super().__init__(message, code)
        self.alternatives = alternatives


# --- storing uploads ------------------------------------------------------------------------------


def upload_limits() -> uploads.Limits:
    """The limits in force (setting ``XIEZHI_UPLOAD_MAX_MB``, 20 MB by default)."""
    max_mb = int(getattr(settings, "XIEZHI_UPLOAD_MAX_MB", 20))
    return uploads.Limits(max_bytes=max_mb * MB, max_unzipped_bytes=max(200, 10 * max_mb) * MB)


def store_upload(by: User, uploaded_file: IO[bytes], name: str | None = None) -> StoredFile:
    """Check, convert (photos → PDF), hash and store one upload; immutable from then on.

    Raises :class:`uploads.UploadRejected` (nothing is stored) when the content is refused.
    """
    if not getattr(by, "is_authenticated", False):
        raise DocumentError(_("Log in to upload files."), "unauthenticated")
    prepared = uploads.prepare_upload(
        uploaded_file, name or getattr(uploaded_file, "name", "") or "file", upload_limits()
    )
    try:
        stored = StoredFile(
            sha256=prepared.sha256,
            size=prepared.size,
            content_type=prepared.content_type,
            original_name=prepared.original_name,
            download_name=prepared.download_name,
            source_sha256=prepared.source_sha256,
            source_content_type=prepared.source_content_type,
            uploaded_by=by,
        )
        # The storage name is the row's UUID: never the uploader's name (no paths, no clashes).
        stored.file.save(f"{stored.pk}.{prepared.extension}", File(prepared.content), save=False)
        try:
            with transaction.atomic():
                stored.save()
        except BaseException:
            stored.file.storage.delete(stored.file.name)
            raise
    finally:
        prepared.close()
    return stored


def _case_files_of(case: Case) -> Any:
    return CaseFile.objects.filter(case=case)


def _require_open_volume(case: Case) -> None:
    if case.status == "archived":
        raise DocumentError(
            _("The case is archived; its volume is closed and can no longer be added to."), "archived"
        )


def _check_may_file(by: User, stored: StoredFile) -> None:
    # A file already in a volume may be filed again (the same evidence on appeal) only by someone
    # who may read it there; a file in no volume yet only by its uploader.
    elsewhere = list(stored.case_files.select_related("case"))
    if elsewhere:
        if not any(policy.can(by, "case_file.download", item) for item in elsewhere):
            raise DocumentError(_("No such file."), "not_found")
    elif stored.uploaded_by_id != by.pk:
        raise DocumentError(_("No such file."), "not_found")


def add_case_file(
    by: User,
    case: Case,
    stored: StoredFile,
    kind: str,
    title: str = "",
    *,
    internal: bool = False,
    vouched_by_filing: bool = False,
) -> CaseFile:
    """Put a stored file into the case's volume under ``kind`` (a :class:`FileKind` value).

    ``vouched_by_filing``: the filing division files the documents a litigant uploaded with an
    accepted online application (the acceptance service has checked that they belong to it). The
    uploader is then recorded as the document's filer (``added_by``), so that they are never
    served their own document.
    """
    policy.require(by, "case_file.add", case)
    _require_open_volume(case)
    if kind not in FileKind.values:
        raise DocumentError(_("Choose the kind of document."), "invalid_kind")
    if not vouched_by_filing:
        _check_may_file(by, stored)
    title = (title or "").strip()[:200] or stored.download_name.rsplit(".", 1)[0][:200]
    with transaction.atomic():
        # The case row lock makes concurrent additions take consecutive positions.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        last = _case_files_of(case).aggregate(last=Max("position"))["last"] or 0
        return CaseFile.objects.create(
            case=case,
            stored=stored,
            kind=kind,
            internal=internal,
            title=title,
            version=1,
            position=last + 1,
            added_by=stored.uploaded_by if vouched_by_filing else by,
        )


def upload_to_case(
    by: User,
    case: Case,
    uploaded_file: IO[bytes],
    kind: str,
    title: str = "",
    *,
    internal: bool = False,
    name: str | None = None,
) -> CaseFile:
    """Upload straight into a volume: permission first, so a refused caller stores nothing."""
    policy.require(by, "case_file.add", case)
    _require_open_volume(case)
    if kind not in FileKind.values:
        raise DocumentError(_("Choose the kind of document."), "invalid_kind")
    stored = store_upload(by, uploaded_file, name)
    return add_case_file(by, case, stored, kind, title, internal=internal)


def correct_case_file(by: User, case_file: CaseFile, stored: StoredFile, title: str = "") -> CaseFile:
    """A correction: a new version that supersedes ``case_file``, which stays in the history."""
    policy.require(by, "case_file.add", case_file.case)
    _require_open_volume(case_file.case)
    _check_may_file(by, stored)
    try:
        with transaction.atomic():
            old = CaseFile.objects.select_for_update().get(pk=case_file.pk)
            if CaseFile.objects.filter(supersedes=old).exists():
                raise DocumentError(
                    _("This version has already been corrected; correct the newest version instead."),
                    "already_corrected",
                )
            return CaseFile.objects.create(
                case_id=old.case_id,
                stored=stored,
                kind=old.kind,
                internal=old.internal,
                title=(title or "").strip()[:200] or old.title,
                version=old.version + 1,
                supersedes=old,
                position=old.position,
                added_by=by,
            )
    except IntegrityError:  # a concurrent correction of the same version won the race
        raise DocumentError(
            _("This version has already been corrected; correct the newest version instead."),
            "already_corrected",
        ) from None


#: Title prefix of a document transferred from the first-instance volume (原审卷宗).
TRANSFERRED_PREFIX = "（一审）"


def transfer_volume(by: User | None, origin: Case, target: Case) -> list[CaseFile]:
    """Transfer the volume of ``origin`` (the first instance) to ``target`` (its appeal).

    On appeal the first-instance court sends the whole file to the second-instance court (报送全部
    案卷和证据: CPL Art. 174; CrimPL Art. 231). Each current document of both volumes becomes a
    document of ``target``'s volume pointing at the same stored file — the bytes and their SHA-256
    are shared, nothing is copied — under the same kind and volume (副卷 stays internal), its title
    marked 「（一审）」, its filer kept (a party is still never served their own document). Access then
    follows ``target``: the appeal court's staff and the appeal's parties see it as they see any
    document of their case; the first-instance case stays as it was. Called by the appeal transition
    (through ``cases.services.case_appealed``) in its transaction: no policy check of its own, the
    transition's is the one that counts. Idempotent: a stored file already in ``target``'s volume
    (same volume) is not added again.
    """
    _require_open_volume(target)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=target.pk).first()
        present = set(_case_files_of(target).values_list("stored_id", "internal"))
        last = _case_files_of(target).aggregate(last=Max("position"))["last"] or 0
        created: list[CaseFile] = []
        for item in _case_files_of(origin).current().in_volume_order().select_related("stored"):
            if (item.stored_id, item.internal) in present:
                continue
            last += 1
            created.append(
                CaseFile.objects.create(
                    case=target,
                    stored=item.stored,
                    kind=item.kind,
                    internal=item.internal,
                    title=(TRANSFERRED_PREFIX + item.title)[:200],
                    version=1,
                    position=last,
                    added_by_id=item.added_by_id,
                )
            )
            present.add((item.stored_id, item.internal))
        if created:
            detail = f"原审{origin.number or origin.title}案卷已移送，共{len(created)}件"
            TimelineEvent.objects.create(case=target, kind=EventKind.RECEIVED, actor=by, detail=detail[:300])
    return created


# --- reading --------------------------------------------------------------------------------------


def volume(case: Case, user: User, *, history: bool = False) -> list[CaseFile]:
    """The catalogue (卷内目录) ``user`` may see, in volume order: the main volume, then the internal
    one (副卷) for court staff with access to the case. Only the newest versions unless ``history``."""
    if not policy.can(user, "case.view", case):
        return []
    queryset = _case_files_of(case).select_related("stored", "added_by", "supersedes")
    if not history:
        queryset = queryset.current()
    if not policy.can(user, "case.view_internal", case):
        queryset = queryset.filter(internal=False)
    return list(queryset.in_volume_order())


def open_for_download(user: User, case_file: CaseFile) -> IO[bytes]:
    """Open the stored bytes for ``user`` (policy-checked) and record the read in the audit log."""
    policy.require(user, "case_file.download", case_file)
    handle = case_file.stored.file.storage.open(case_file.stored.file.name, "rb")
    audit_record(AuditAction.EXPORT, case_file, detail=f"download {case_file.stored.sha256[:16]}")
    return handle


# --- consent to electronic service (电子送达确认) ------------------------------------------------------


def current_consent(party: Party) -> ServiceConsent | None:
    """The party's answer in force (consent or refusal), or None if never asked."""
    return ServiceConsent.objects.filter(party=party, withdrawn_at__isnull=True).first()


def record_consent(by: User, party: Party, consented: bool, email: str = "") -> ServiceConsent:
    """Record the party's answer on electronic service; an earlier answer stops counting.

    ``consented=False`` after a consent is a withdrawal: later services must use another method.
    """
    policy.require(by, "party.service_consent", party)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            message = _("Enter a valid e-mail address, or leave it empty.")
            raise DocumentError(message, "invalid_email") from None
    now = timezone.now()
    with transaction.atomic():
        # The party row lock serialises two answers given at once (one stays current).
        Party.objects.select_for_update().filter(pk=party.pk).first()
        for previous in ServiceConsent.objects.filter(party=party, withdrawn_at__isnull=True):
            previous.withdrawn_at = now
            previous.save(update_fields=["withdrawn_at"])
        return ServiceConsent.objects.create(
            party=party,
            consented=consented,
            email=email if consented else "",
            recorded_at=now,
            recorded_by=by,
        )


# --- service (送达) -------------------------------------------------------------------------------


def other_methods(method: str = ServiceMethod.ELECTRONIC) -> tuple[str, ...]:
    """The legal methods other than ``method`` (CPL Arts. 88–95), in the order they are tried."""
    order = (
        ServiceMethod.IN_PERSON,
        ServiceMethod.POST,
        ServiceMethod.OTHER,
        ServiceMethod.PUBLIC_NOTICE,
        ServiceMethod.ELECTRONIC,
    )
    return tuple(str(m) for m in order if m != method)


def _method_labels(methods: tuple[str, ...]) -> str:
    labels = dict(ServiceMethod.choices)
    return "、".join(str(labels[m]) for m in methods)


def _is_own_document(case_file: CaseFile, party: Party) -> bool:
    """Whether the party (or its representative) filed the document: nobody is served their own."""
    if party.user_id is not None and case_file.added_by_id == party.user_id:
        return True
    return party.representatives.filter(user_id=case_file.added_by_id).exists()


def serve(
    by: User,
    case_file: CaseFile,
    party: Party,
    method: str = ServiceMethod.ELECTRONIC,
    *,
    published_on: date | None = None,
    abroad: bool = False,
) -> ServiceRecord:
    """Serve ``case_file`` on ``party`` by ``method``.

    Electronic service needs the party's consent in force and a portal account (the document
    reaches the party on the portal, with an e-mail notice where the consent gave an address);
    without them :class:`ServiceError` lists the other methods. Public notice (公告送达) counts as
    served 30 days after ``published_on`` (60 for parties abroad, CPL Arts. 95, 283).
    """
    case = case_file.case
    policy.require(by, "case.serve", case)
    if method not in ServiceMethod.values:
        raise ServiceError(_("Choose a method of service."), "invalid_method", other_methods(""))
    if party.case_id != case.pk:
        raise DocumentError(_("The party does not belong to this case."), "wrong_party")
    if case_file.internal:
        raise DocumentError(
            _("Documents of the internal volume (副卷) are never served on parties."), "internal"
        )
    if not case_file.is_current:
        raise DocumentError(
            _("A newer version of this document exists; serve the newest version."), "superseded"
        )
    if _is_own_document(case_file, party):
        raise DocumentError(
            _("%(party)s filed this document; a party is never served their own document.")
            % {"party": party.name},
            "own_document",
        )
    alternatives = other_methods(method)
    email = ""
    if method == ServiceMethod.ELECTRONIC:
        consent = current_consent(party)
        if consent is None or not consent.active:
            raise ServiceError(
                _(
                    "%(party)s has not consented to electronic service (or has withdrawn consent). "
                    "Record their consent first, or serve by another method: %(methods)s."
                )
                % {"party": party.name, "methods": _method_labels(alternatives)},
                "no_consent",
                alternatives,
            )
        if party.user_id is None:
            raise ServiceError(
                _(
                    "%(party)s has no account on the litigation portal, so an electronic service cannot "
                    "reach them. Serve by another method: %(methods)s."
                )
                % {"party": party.name, "methods": _method_labels(alternatives)},
                "no_account",
                alternatives,
            )
        email = consent.email
    now = timezone.now()
    with transaction.atomic():
        Party.objects.select_for_update().filter(pk=party.pk).first()
        outstanding = ServiceRecord.objects.filter(case_file=case_file, party=party).exclude(
            status=ServiceStatus.FAILED
        )
        if outstanding.exists():
            raise DocumentError(
                _("This document has already been sent to %(party)s; only a failed service is repeated.")
                % {"party": party.name},
                "already_served",
            )
        service = ServiceRecord(
            case=case,
            party=party,
            case_file=case_file,
            method=method,
            email=email,
            sent_at=now,
            served_by=by,
        )
        if method == ServiceMethod.PUBLIC_NOTICE:
            service.service_date = time_limits.public_notice_service_date(
                published_on or timezone.localdate(now), abroad=abroad
            )
            service.status = ServiceStatus.SERVED
        service.save()
        # Process information for the parties: what was served on whom, and how (not the content).
        TimelineEvent.objects.create(
            case=case,
            kind=EventKind.SERVED,
            actor=by,
            detail=f"{case_file.title} → {party.name}（{service.get_method_display()}）"[:300],
        )
        if email:
            record_id = service.pk
            transaction.on_commit(lambda: _send_notice(record_id))
    return service


def _portal_url() -> str:
    base = str(getattr(settings, "XIEZHI_SITE_URL", "") or "").rstrip("/")
    return base + reverse("documents:served")


def _send_notice(record_id: int) -> None:
    """E-mail the party that a document waits on the portal; a notice that cannot go out fails the
    service, so that the clerk is alerted and serves again."""
    service = ServiceRecord.objects.select_related("case", "case_file", "party").get(pk=record_id)
    subject = _("Court document served: %(title)s") % {"title": service.case_file.title}
    body = _(
        "Dear %(party)s,\n\nThe court has served a document on you in case %(case)s: %(title)s.\n"
        "Log in to the litigation portal to read it: %(url)s\n\nThe date of service is the day you "
        "first open it there.\n"
    ) % {
        "party": service.party.name,
        "case": service.case.number or service.case.title,
        "title": service.case_file.title,
        "url": _portal_url(),
    }
    try:
        send_mail(subject, body, None, [service.email], fail_silently=False)
    except Exception as exc:  # any transport error: the party did not get the notice
        logger.warning("service notice %s could not be sent: %s", record_id, exc)
        with transaction.atomic():
            locked = ServiceRecord.objects.select_for_update().get(pk=record_id)
            if locked.status == ServiceStatus.SENT:
                locked.status = ServiceStatus.FAILED
                locked.failure_reason = (
                    _("The e-mail notice could not be sent: %(error)s") % {"error": exc}
                )[:300]
                locked.save(update_fields=["status", "failure_reason"])


def mark_opened(user: User, service: ServiceRecord) -> ServiceRecord:
    """The party opened the document on the portal. The first opening of an electronic service is
    its date of service (CPL Art. 90: the day it reached the party's system); for other methods the
    opening is noted and the receipt still decides. Opened by anyone else, nothing changes."""
    party = service.party
    if party.user_id is None or party.user_id != getattr(user, "pk", None):
        return service
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=service.pk)
        if locked.first_opened_at is not None:
            return locked
        now = timezone.now()
        locked.first_opened_at = now
        fields = ["first_opened_at"]
        if locked.status == ServiceStatus.SENT:
            if locked.method == ServiceMethod.ELECTRONIC:
                locked.status = ServiceStatus.SERVED
                locked.service_date = time_limits.electronic_service_date(now)
                fields += ["status", "service_date"]
            else:
                locked.status = ServiceStatus.OPENED
                fields.append("status")
        locked.save(update_fields=fields)
    return locked


def mark_served(by: User, service: ServiceRecord, served_on: date) -> ServiceRecord:
    """Record the date on the receipt (送达回证 or postal return receipt, CPL Arts. 87, 91)."""
    policy.require(by, "case.serve", service.case)
    if service.method in (ServiceMethod.ELECTRONIC, ServiceMethod.PUBLIC_NOTICE):
        raise DocumentError(
            _("The date of an electronic or public-notice service is set by the system, not by a receipt."),
            "not_receipt_method",
        )
    if served_on > timezone.localdate():
        raise DocumentError(_("The date on the receipt cannot be in the future."), "invalid_date")
    if served_on < timezone.localtime(service.sent_at).date():
        message = _("The date on the receipt cannot be before the document was sent.")
        raise DocumentError(message, "invalid_date")
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=service.pk)
        if locked.status not in (ServiceStatus.SENT, ServiceStatus.OPENED):
            raise DocumentError(_("Only a service still awaiting its receipt can be marked served."), "state")
        locked.status = ServiceStatus.SERVED
        locked.service_date = served_on
        locked.save(update_fields=["status", "service_date"])
    return locked


def mark_failed(by: User, service: ServiceRecord, reason: str) -> ServiceRecord:
    """Record that a service failed (returned post, wrong address, bounced notice …): the case page
    alerts the clerk until the document is served again."""
    policy.require(by, "case.serve", service.case)
    reason = (reason or "").strip()
    if not reason:
        raise DocumentError(_("Say why the service failed."), "reason_required")
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=service.pk)
        if locked.status not in (ServiceStatus.SENT, ServiceStatus.OPENED):
            raise DocumentError(_("Only a service that is still under way can be marked as failed."), "state")
        locked.status = ServiceStatus.FAILED
        locked.failure_reason = reason[:300]
        locked.save(update_fields=["status", "failure_reason"])
    return locked


# --- status for the clerk -----------------------------------------------------------------------------


@dataclass
class PartyService:
    """One party's line in the clerk's service table."""

    party: Party
    consent: ServiceConsent | None
    records: list[ServiceRecord] = field(default_factory=list)

    @property
    def consented(self) -> bool:
        return self.consent is not None and self.consent.active

    @property
    def failed(self) -> list[ServiceRecord]:
        return [r for r in self.records if r.status == ServiceStatus.FAILED and not r.repeated]


def service_status(case: Case) -> list[PartyService]:
    """Every party of the case with its consent and its services, newest first. A failed service is
    flagged ``repeated`` once the same document was sent to the party again."""
    parties = list(case.parties.all())
    consents = {
        c.party_id: c for c in ServiceConsent.objects.filter(party__case=case, withdrawn_at__isnull=True)
    }
    records = list(
        ServiceRecord.objects.filter(case=case)
        .select_related("case_file", "served_by")
        .order_by("-sent_at", "-id")
    )
    resent = {(r.case_file_id, r.party_id) for r in records if r.status != ServiceStatus.FAILED}
    by_party: dict[int, list[ServiceRecord]] = {}
    for item in records:
        item.repeated = item.status == ServiceStatus.FAILED and (item.case_file_id, item.party_id) in resent
        by_party.setdefault(item.party_id, []).append(item)
    return [PartyService(p, consents.get(p.pk), by_party.get(p.pk, [])) for p in parties]


_APPEAL_BRANCHES = {"civil": "civil", "criminal": "criminal", "administrative": "administrative"}


def custody_stops_roll_forward() -> bool:
    """Whether a detained criminal defendant's appeal window ends on its last day even when that is a
    holiday (CrimPL Art. 105 ¶4: periods of a defendant in custody are not extended by holidays).
    Unsettled in practice (time-limits.md, worked example 3): ``XIEZHI_CUSTODY_NO_ROLL_FORWARD``,
    on by default (the statute's wording); a court that rolls these windows forward turns it off."""
    return settings.XIEZHI_CUSTODY_NO_ROLL_FORWARD


def custody_rule_applies(service: ServiceRecord, in_custody: bool) -> bool:
    """Whether the window started by ``service`` ends on its last day even on a holiday: the party is
    a defendant in custody, in a criminal case, and :func:`custody_stops_roll_forward` is on."""
    return in_custody and service.case.case_type == "criminal" and custody_stops_roll_forward()


def appeal_deadline_for(
    service: ServiceRecord, decision: str = "judgment", *, in_custody: bool = False
) -> time_limits.Deadline | None:
    """Last day to appeal a decision served by ``service`` (None before its service date, or for
    case types without an appeal window), counted on the court's holiday calendar. ``in_custody``:
    the party is a criminal defendant in custody (see :func:`custody_stops_roll_forward`)."""
    branch = _APPEAL_BRANCHES.get(service.case.case_type)
    if service.service_date is None or branch is None:
        return None
    from xiezhi.cases.services import court_calendar

    roll_forward = False if custody_rule_applies(service, in_custody) else None
    return time_limits.appeal_deadline(
        service.service_date,
        branch=branch,  # type: ignore[arg-type]
        decision=decision,  # type: ignore[arg-type]
        calendar=court_calendar(),
        roll_forward=roll_forward,
    )
