"""The documents API, mounted beside the cases API under ``/api/v1/cases``.

``POST /cases/{id}/files`` (multipart: ``file``, ``kind``, ``title``, ``internal``) uploads into the
volume; ``GET /cases/{id}/files`` lists the catalogue in volume order; ``GET
/cases/{id}/files/{file_id}/content`` downloads; ``GET /cases/{id}/service`` gives the service
status per party. A case or file the caller may not see answers 404 like one that does not exist,
and the probe is audited (``not_found``). A refused upload answers with the refusal's code
(``too_large`` 413; ``executable``, ``wrong_type``, ``heic_unsupported``, ``office_legacy`` 415;
the others 422) and a message saying how to fix it.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case
from xiezhi.cases.selectors import case_for_page

from . import services
from .models import CaseFile
from .schemas import CaseFileOut, Kind, PartyServiceOut
from .uploads import UploadRejected

router = Router(tags=["documents"])

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
}
MAX_ID = 2**63 - 1
_REJECTION_STATUS = {
    "too_large": 413,
    "executable": 415,
    "wrong_type": 415,
    "heic_unsupported": 415,
    "office_legacy": 415,
}


def _not_found(request: HttpRequest, object_type: str, object_id: Any, message: str) -> ApiError:
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return ApiError(404, "not_found", message)


def _visible_case(request: HttpRequest, case_id: int) -> Case:
    case = case_for_page(case_id) if 1 <= case_id <= MAX_ID else None
    if case is None or not policy.can(request.auth, "case.view", case):
        raise _not_found(request, "cases.case", case_id, "No such case.")
    return case


def _file_out(case_file: CaseFile) -> dict[str, Any]:
    stored = case_file.stored
    return {
        "id": case_file.pk,
        "kind": case_file.kind,
        "kind_label": str(case_file.get_kind_display()),
        "internal": case_file.internal,
        "title": case_file.title,
        "version": case_file.version,
        "supersedes": case_file.supersedes_id,
        "current": case_file.is_current,
        "added_at": case_file.added_at,
        "added_by": case_file.added_by.display_name,
        "file": {
            "name": stored.download_name,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
            "converted_from": stored.source_content_type or None,
        },
        "download_url": reverse(
            "api:download_case_file", kwargs={"case_id": case_file.case_id, "file_id": case_file.pk}
        ),
    }


def _document_error(exc: services.DocumentError) -> ApiError:
    status = 409 if exc.code in ("already_corrected", "already_served", "archived", "state") else 422
    return ApiError(status, exc.code, exc.message)


@router.post("/{case_id}/files", response={201: CaseFileOut, **ERRORS})
def upload_case_file(
    request: HttpRequest,
    case_id: int,
    file: File[UploadedFile],
    kind: Form[Kind],  # type: ignore[valid-type]
    title: Form[str] = "",
    internal: Form[bool] = False,
) -> Status:
    """Upload a document into the case's volume (judges and support staff on the case, filing
    division). The content decides the type; photos are stored as PDF; nothing is stored on refusal."""
    user = request.auth
    case = _visible_case(request, case_id)
    policy.require(user, "case_file.add", case)
    try:
        case_file = services.upload_to_case(
            user, case, file, kind, title[:200], internal=internal, name=file.name
        )
    except UploadRejected as exc:
        raise ApiError(
            _REJECTION_STATUS.get(exc.code, 422),
            exc.code,
            exc.message,
            [{"field": "file", "message": exc.message, "type": exc.code}],
        ) from None
    except services.DocumentError as exc:
        raise _document_error(exc) from None
    case_file = CaseFile.objects.select_related("stored", "added_by").get(pk=case_file.pk)
    return Status(201, _file_out(case_file))


@router.get("/{case_id}/files", response={200: list[CaseFileOut], **ERRORS})
def list_case_files(request: HttpRequest, case_id: int, history: bool = False) -> list[dict[str, Any]]:
    """The catalogue in volume order; the internal volume (副卷) only for court staff on the case.
    ``history=true`` adds the superseded versions."""
    case = _visible_case(request, case_id)
    return [_file_out(f) for f in services.volume(case, request.auth, history=history)]


@router.get(
    "/{case_id}/files/{file_id}/content",
    response={404: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="download_case_file",
    openapi_extra={
        "responses": {
            "200": {"description": "The file", "content": {"application/octet-stream": {"schema": {}}}}
        }
    },
)
def download_case_file(request: HttpRequest, case_id: int, file_id: int) -> FileResponse:
    """The stored bytes, as an attachment named after the document (SHA-256 in ``X-Content-SHA256``)."""
    case = _visible_case(request, case_id)
    case_file = (
        CaseFile.objects.select_related("stored", "case").filter(pk=file_id, case=case).first()
        if 1 <= file_id <= MAX_ID
        else None
    )
    if case_file is None or not policy.can(request.auth, "case_file.download", case_file):
        raise _not_found(request, "documents.casefile", file_id, "No such file.")
    try:
        handle = services.open_for_download(request.auth, case_file)
    except (FileNotFoundError, OSError):
        raise ApiError(404, "file_missing", "The file is missing from storage.") from None
    stored = case_file.stored
    response = FileResponse(
        handle, as_attachment=True, filename=stored.download_name, content_type=stored.content_type
    )
    response["X-Content-SHA256"] = stored.sha256
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/{case_id}/service", response={200: list[PartyServiceOut], **ERRORS})
def service_status(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """Service status per party: consent to electronic service and every service with its dates.
    Court staff with access to the case only."""
    case = _visible_case(request, case_id)
    policy.require(request.auth, "case.view_internal", case)
    rows = []
    for row in services.service_status(case):
        consent = row.consent
        answer = "not_asked" if consent is None else ("consented" if consent.active else "declined")
        rows.append(
            {
                "party": row.party.pk,
                "name": row.party.name,
                "role": row.party.role,
                "consent": answer,
                "email_notices": bool(consent and consent.active and consent.email),
                "has_portal_account": row.party.user_id is not None,
                "failed": len(row.failed),
                "records": [
                    {
                        "id": r.pk,
                        "case_file": r.case_file_id,
                        "title": r.case_file.title,
                        "method": r.method,
                        "sent_at": r.sent_at,
                        "first_opened_at": r.first_opened_at,
                        "service_date": r.service_date,
                        "status": r.status,
                        "failure_reason": r.failure_reason,
                    }
                    for r in row.records
                ],
            }
        )
    return rows
