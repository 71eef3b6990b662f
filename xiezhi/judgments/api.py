"""The judgments API, mounted beside the cases API under ``/api/v1/cases``.

``GET|POST /cases/{id}/drafts`` list / start; ``GET|PUT /cases/{id}/drafts/{draft}`` read / save
(``version`` required: a stale one answers 409 ``conflict``); ``POST …/{draft}/submit``,
``…/approve``, ``…/return`` (``reason``); ``GET …/{draft}/versions``, ``…/diff?a=&b=`` and
``…/effect`` (appeal windows and effectiveness). ``GET /cases/{id}/judgments/{doc}/docx|pdf``
download the final files of a drafted document. Drafts are internal: court staff with a relation
to the case; anyone else gets 404 (audited) as for a case they may not see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case
from xiezhi.documents import services as documents
from xiezhi.documents.models import CaseFile

from . import drafting, rules
from .models import DraftVersion, JudgmentDocument, JudgmentDraft

router = Router(tags=["judgments"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MAX_ID = 2**63 - 1


class DraftIn(Schema):
    template: str
    major: bool = False


class DraftUpdateIn(Schema):
    version: int
    sections: dict[str, str]
    major: bool | None = None


class CustodyIn(Schema):
    detained: list[int]


class VersionIn(Schema):
    version: int | None = None


class ReturnIn(Schema):
    reason: str
    version: int | None = None


class CitationOut(Schema):
    text: str
    law: str | None
    status: str
    message: str


class DraftOut(Schema):
    id: int
    case: int
    template: str
    kind: str
    title: str
    status: str
    pending_step: str
    required_steps: list[str]
    major: bool
    detained: list[int]
    version: int
    sections: dict[str, str]
    missing: list[str]
    return_reason: str
    text: str
    flagged_citations: list[CitationOut]
    decided_on: date | None
    effective_on: date | None
    document: int | None
    docx_url: str | None
    pdf_url: str | None


class VersionOut(Schema):
    number: int
    saved_at: Any
    saved_by: str
    note: str


class WindowOut(Schema):
    party: int
    name: str
    served_on: date | None
    last_day: date | None
    in_custody: bool


class EffectOut(Schema):
    state: str
    message: str
    last_day: date | None
    effective_on: date | None
    windows: list[WindowOut]


def _not_found(request: HttpRequest, object_type: str, object_id: Any, message: str) -> ApiError:
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return ApiError(404, "not_found", message)


def _case(request: HttpRequest, case_id: int) -> Case:
    case = (
        Case.objects.select_related("court", "court__parent").filter(pk=case_id).first()
        if 1 <= case_id <= MAX_ID
        else None
    )
    if case is None or not policy.can(request.auth, "case.judgment.view_drafts", case):
        raise _not_found(request, "cases.case", case_id, "No such case.")
    return case


def _draft(request: HttpRequest, case_id: int, draft_id: int) -> JudgmentDraft:
    case = _case(request, case_id)
    draft = JudgmentDraft.objects.filter(pk=draft_id, case=case).first() if 1 <= draft_id <= MAX_ID else None
    if draft is None:
        raise _not_found(request, "judgments.judgmentdraft", draft_id, "No such draft.")
    draft.case = case
    return draft


def _error(exc: drafting.DraftError) -> ApiError:
    status = {"conflict": 409, "exists": 409, "state": 409}.get(exc.code, 422)
    details = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return ApiError(status, exc.code, exc.message, details)


def _out(draft: JudgmentDraft) -> dict[str, Any]:
    text = drafting.compose(draft).text
    result = drafting.check_citations(text, on=draft.decided_on)
    base = f"/api/v1/cases/{draft.case_id}/judgments/{draft.document_id}"
    return {
        "id": draft.pk,
        "case": draft.case_id,
        "template": draft.template,
        "kind": draft.kind,
        "title": draft.title,
        "status": draft.status,
        "pending_step": draft.pending_step,
        "required_steps": [s.key for s in drafting.steps_for(draft)],
        "major": draft.major,
        "detained": sorted(draft.detained.values_list("pk", flat=True)),
        "version": draft.version,
        "sections": draft.sections,
        "missing": [s.key for s in drafting.missing_parts(draft)],
        "return_reason": draft.return_reason,
        "text": text,
        "flagged_citations": [
            {
                "text": text[c.citation.start : c.citation.end],
                "law": c.citation.law,
                "status": c.checked.status.value,
                "message": c.checked.message_zh,
            }
            for c in result.flagged
        ],
        "decided_on": draft.decided_on,
        "effective_on": draft.effective_on,
        "document": draft.document_id,
        "docx_url": f"{base}/docx" if draft.docx_file_id else None,
        "pdf_url": f"{base}/pdf" if draft.pdf_file_id else None,
    }


@router.get("/{case_id}/drafts", response={200: list[DraftOut], **ERRORS})
def list_drafts(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The case's drafts, newest first (court staff with a relation to the case)."""
    case = _case(request, case_id)
    drafts = list(JudgmentDraft.objects.filter(case=case).order_by("-pk"))
    for draft in drafts:
        draft.case = case
    return [_out(d) for d in drafts]


@router.post("/{case_id}/drafts", response={201: DraftOut, **ERRORS})
def create_draft(request: HttpRequest, case_id: int, payload: DraftIn) -> Status:
    """Start a draft from a template (``civil_judgment``, ``criminal_judgment``,
    ``ruling_not_to_accept``, ``civil_mediation``), filled from the case."""
    case = _case(request, case_id)
    policy.require(request.auth, "case.judgment.draft", case)
    if payload.template not in {t.key for t in rules.TEMPLATES}:
        raise ApiError(
            422, "invalid_input", "Unknown template.",
            [{"field": "template", "message": "Use one of: " + ", ".join(t.key for t in rules.TEMPLATES)}],
        )  # fmt: skip
    try:
        draft = drafting.start_draft(request.auth, case, payload.template, major=payload.major)
    except drafting.DraftError as exc:
        raise _error(exc) from None
    return Status(201, _out(draft))


@router.get("/{case_id}/drafts/{draft_id}", response={200: DraftOut, **ERRORS})
def get_draft(request: HttpRequest, case_id: int, draft_id: int) -> dict[str, Any]:
    return _out(_draft(request, case_id, draft_id))


@router.put("/{case_id}/drafts/{draft_id}", response={200: DraftOut, **ERRORS})
def update_draft(request: HttpRequest, case_id: int, draft_id: int, payload: DraftUpdateIn) -> dict[str, Any]:
    """Save the narrative parts (a new version). ``version`` is the one the caller read."""
    draft = _draft(request, case_id, draft_id)
    try:
        saved = drafting.save_draft(
            request.auth, draft, payload.sections, payload.version, major=payload.major
        )
    except drafting.DraftError as exc:
        raise _error(exc) from None
    return _out(saved)


@router.put("/{case_id}/drafts/{draft_id}/custody", response={200: DraftOut, **ERRORS})
def set_custody(request: HttpRequest, case_id: int, draft_id: int, payload: CustodyIn) -> dict[str, Any]:
    """The defendants in custody (party ids): their appeal windows are not extended by holidays
    (CrimPL Art. 105 ¶4). Allowed until the decision takes effect."""
    draft = _draft(request, case_id, draft_id)
    parties = {p.pk: p for p in draft.case.parties.all()}
    unknown = [pk for pk in payload.detained if pk not in parties]
    if unknown:
        message = _("No party %(id)s in this case.") % {"id": unknown[0]}
        raise ApiError(422, "invalid_input", message, [{"field": "detained", "message": message}])
    try:
        return _out(drafting.set_custody(request.auth, draft, [parties[pk] for pk in payload.detained]))
    except drafting.DraftError as exc:
        raise _error(exc) from None


@router.post("/{case_id}/drafts/{draft_id}/submit", response={200: DraftOut, **ERRORS})
def submit_draft(request: HttpRequest, case_id: int, draft_id: int, payload: VersionIn) -> dict[str, Any]:
    draft = _draft(request, case_id, draft_id)
    try:
        return _out(drafting.submit(request.auth, draft, payload.version))
    except drafting.DraftError as exc:
        raise _error(exc) from None


@router.post("/{case_id}/drafts/{draft_id}/approve", response={200: DraftOut, **ERRORS})
def approve_draft(request: HttpRequest, case_id: int, draft_id: int, payload: VersionIn) -> dict[str, Any]:
    """Approve the step the draft waits for; the last approval makes it final (DOCX, PDF)."""
    draft = _draft(request, case_id, draft_id)
    try:
        return _out(drafting.approve(request.auth, draft, payload.version))
    except drafting.DraftError as exc:
        raise _error(exc) from None


@router.post("/{case_id}/drafts/{draft_id}/return", response={200: DraftOut, **ERRORS})
def return_draft(request: HttpRequest, case_id: int, draft_id: int, payload: ReturnIn) -> dict[str, Any]:
    draft = _draft(request, case_id, draft_id)
    try:
        return _out(drafting.return_draft(request.auth, draft, payload.reason, payload.version))
    except drafting.DraftError as exc:
        raise _error(exc) from None


@router.get("/{case_id}/drafts/{draft_id}/versions", response={200: list[VersionOut], **ERRORS})
def list_versions(request: HttpRequest, case_id: int, draft_id: int) -> list[dict[str, Any]]:
    draft = _draft(request, case_id, draft_id)
    return [
        {"number": v.number, "saved_at": v.saved_at, "saved_by": v.saved_by.display_name, "note": v.note}
        for v in draft.versions.select_related("saved_by").order_by("number")
    ]


@router.get("/{case_id}/drafts/{draft_id}/diff", response={200: dict[str, Any], **ERRORS})
def version_diff(request: HttpRequest, case_id: int, draft_id: int, a: int, b: int) -> dict[str, Any]:
    """The difference between versions ``a`` and ``b``: a unified diff of the full texts, and the table."""
    import difflib

    draft = _draft(request, case_id, draft_id)
    versions = {v.number: v for v in DraftVersion.objects.filter(draft=draft, number__in=[a, b])}
    missing = [n for n in (a, b) if n not in versions]
    if missing:
        field = "a" if a in missing else "b"
        raise ApiError(404, "not_found", "No such version.", [{"field": field, "message": f"v{missing[0]}"}])
    older, newer = versions[a], versions[b]
    unified = "\n".join(
        difflib.unified_diff(older.text.splitlines(), newer.text.splitlines(), f"v{a}", f"v{b}", lineterm="")
    )
    return {"a": a, "b": b, "unified": unified, "html": drafting.diff_html(older, newer)}


@router.get("/{case_id}/drafts/{draft_id}/effect", response={200: EffectOut, **ERRORS})
def effect(request: HttpRequest, case_id: int, draft_id: int) -> dict[str, Any]:
    """Each party's service and last day to appeal, and whether (from when) the decision is effective."""
    status = drafting.effect_status(_draft(request, case_id, draft_id))
    return {
        "state": status.state,
        "message": status.message,
        "last_day": status.last_day,
        "effective_on": status.effective_on,
        "windows": [
            {
                "party": w.party.pk,
                "name": w.party.name,
                "served_on": w.service.service_date if w.service else None,
                "last_day": w.due,
                "in_custody": w.in_custody,
            }
            for w in status.windows
        ],
    }


def _final_file(request: HttpRequest, case_id: int, document_id: int, which: str) -> FileResponse:
    # The final files are documents of the volume: whoever may see the case reads them (parties too).
    case = Case.objects.filter(pk=case_id).first() if 1 <= case_id <= MAX_ID else None
    if case is None or not policy.can(request.auth, "case.view", case):
        raise _not_found(request, "cases.case", case_id, "No such case.")
    document = (
        JudgmentDocument.objects.filter(pk=document_id, case=case).first()
        if 1 <= document_id <= MAX_ID
        else None
    )
    draft = getattr(document, "draft", None) if document is not None else None
    file_id = getattr(draft, f"{which}_file_id", None) if draft is not None else None
    case_file = (
        CaseFile.objects.select_related("stored", "case").filter(pk=file_id).first() if file_id else None
    )
    if case_file is None or not policy.can(request.auth, "case_file.download", case_file):
        raise _not_found(request, "judgments.judgmentdocument", document_id, "No such document file.")
    try:
        handle = documents.open_for_download(request.auth, case_file)
    except OSError:
        raise ApiError(404, "file_missing", "The file is missing from storage.") from None
    stored = case_file.stored
    response = FileResponse(
        handle, as_attachment=True, filename=stored.download_name, content_type=stored.content_type
    )
    response["X-Content-SHA256"] = stored.sha256
    response["Cache-Control"] = "private, no-store"
    return response


_FILE_DOC = {
    "responses": {"200": {"description": "The file", "content": {"application/octet-stream": {"schema": {}}}}}
}


@router.get("/{case_id}/judgments/{document_id}/docx", response={404: ErrorOut, 401: ErrorOut},
            openapi_extra=_FILE_DOC)  # fmt: skip
def judgment_docx(request: HttpRequest, case_id: int, document_id: int) -> FileResponse:
    """The final document as Word file (SHA-256 in ``X-Content-SHA256``)."""
    return _final_file(request, case_id, document_id, "docx")


@router.get("/{case_id}/judgments/{document_id}/pdf", response={404: ErrorOut, 401: ErrorOut},
            openapi_extra=_FILE_DOC)  # fmt: skip
def judgment_pdf(request: HttpRequest, case_id: int, document_id: int) -> FileResponse:
    """The final document as PDF (SHA-256 in ``X-Content-SHA256``)."""
    return _final_file(request, case_id, document_id, "pdf")
