"""Pages for case files (电子卷宗) and service (送达).

Workspace (/workspace/files/): a case's volume and service page, uploads and corrections, serving a
document on a party, recording failures, receipts and written consents. Portal (/portal/documents/):
the documents served on me (opening one is what dates an electronic service) and my consent.

Anything the user may not see answers 404 exactly like something that does not exist, and the
probe is written to the audit log (``not_found``); a user who may see a case but not act on it gets
403 from the policy (also audited).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case, Party
from xiezhi.cases.selectors import case_for_page

from . import forms, selectors, services
from .models import CaseFile, ServiceRecord
from .uploads import UploadRejected

logger = logging.getLogger(__name__)


# --- helpers -------------------------------------------------------------------------------------


def _not_found(request: HttpRequest, object_type: str, object_id: Any) -> Http404:
    """Missing and hidden look the same; the probe is audited."""
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such document."))


def _case_or_404(request: HttpRequest, case_pk: int) -> Case:
    case = case_for_page(case_pk)
    if case is None or not policy.can(request.user, "case.view", case):
        raise _not_found(request, "cases.case", case_pk)
    return case


def _staff_case(request: HttpRequest, case_pk: int) -> Case:
    policy.require(request.user, "workspace.view")
    return _case_or_404(request, case_pk)


def _service_or_404(request: HttpRequest, pk: int) -> ServiceRecord:
    service = (
        ServiceRecord.objects.select_related("case", "party", "case_file", "case_file__stored")
        .filter(pk=pk)
        .first()
    )
    if service is None or not policy.can(request.user, "case.view", service.case):
        raise _not_found(request, "documents.servicerecord", pk)
    return service


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _case_url(case: Case) -> str:
    return reverse("documents:case", args=[case.pk])


def _max_mb() -> int:
    return services.upload_limits().max_bytes // services.MB


def _file_response(handle: Any, case_file: CaseFile) -> FileResponse:
    stored = case_file.stored
    response = FileResponse(
        handle, as_attachment=True, filename=stored.download_name, content_type=stored.content_type
    )
    # The bytes are the uploader's: never let a browser run anything in them on our origin.
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _open(request: HttpRequest, case_file: CaseFile) -> FileResponse:
    try:
        handle = services.open_for_download(request.user, case_file)
    except (FileNotFoundError, OSError):
        # The row exists but storage lost the bytes: `xiezhi files verify` reports it too.
        logger.error("stored file %s of case file %s is missing", case_file.stored_id, case_file.pk)
        raise Http404(_("The file is missing from storage; the court has been told.")) from None
    return _file_response(handle, case_file)


def _render_case(
    request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    panel = selectors.case_panel(request.user, case, portal=False, bound=bound)
    return render(request, "documents/case.html", {"case": case, "documents": panel}, status=status)


# --- workspace: the volume and uploads ----------------------------------------------------------------


@login_required
def case_documents(request: HttpRequest, case_pk: int) -> HttpResponse:
    """A case's volume (卷内目录) and, for serving staff, the service status of every party."""
    if policy.can(request.user, "portal.view"):
        return redirect("cases:portal_detail", case_pk)
    return _render_case(request, _staff_case(request, case_pk))


def _form_only(request: HttpRequest, case: Case, template: str, context: dict[str, Any]) -> HttpResponse:
    """A GET of a form's address: the fragment the case page fetches with htmx when the section is
    opened, or (without JavaScript) a page holding just that form."""
    context = {"case": case, "next_url": _next_or(request, _case_url(case)), "fragment": template, **context}
    if request.headers.get("HX-Request"):
        return render(request, template, context)
    return render(request, "documents/form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Add a document to the volume; a refused file is explained next to the file field."""
    case = _staff_case(request, case_pk)
    policy.require(request.user, "case_file.add", case)
    if request.method == "GET":
        form = forms.UploadForm(max_mb=_max_mb())
        return _form_only(
            request, case, "documents/_upload_form.html", {"form": form, "title": _("Add a document")}
        )
    form = forms.UploadForm(request.POST, request.FILES, max_mb=_max_mb())
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            case_file = services.upload_to_case(
                request.user,
                case,
                upload_file,
                form.cleaned_data["kind"],
                form.cleaned_data["title"],
                internal=form.cleaned_data["internal"],
                name=upload_file.name,
            )
        except UploadRejected as exc:
            form.add_error("file", exc.message)
        except services.DocumentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("“%(title)s” was added to the case file.") % {"title": case_file.title},
            )
            return redirect(_next_or(request, _case_url(case)))
    return _render_case(request, case, {"upload": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a corrected version of a document; the old version stays in the history."""
    policy.require(request.user, "workspace.view")
    case_file = CaseFile.objects.select_related("case", "stored").filter(pk=pk).first()
    if case_file is None or not policy.can(request.user, "case_file.download", case_file):
        raise _not_found(request, "documents.casefile", pk)
    policy.require(request.user, "case_file.add", case_file.case)
    form = forms.CorrectionForm(request.POST or None, request.FILES or None, max_mb=_max_mb())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                stored = services.store_upload(request.user, form.cleaned_data["file"])
                new = services.correct_case_file(request.user, case_file, stored, form.cleaned_data["title"])
            except UploadRejected as exc:
                form.add_error("file", exc.message)
            except services.DocumentError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of “%(title)s” was added.")
                    % {"version": new.version, "title": new.title},
                )
                return redirect(_next_or(request, _case_url(case_file.case)))
    history = services.volume(case_file.case, request.user, history=True)
    versions = [f for f in history if f.position == case_file.position and f.kind == case_file.kind]
    return render(
        request,
        "documents/correct.html",
        {"case": case_file.case, "case_file": case_file, "form": form, "versions": versions},
        status=status,
    )


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a document of the volume to someone the case policy allows (others: 404, audited)."""
    case_file = CaseFile.objects.select_related("case", "stored").filter(pk=pk).first()
    if case_file is None or not policy.can(request.user, "case_file.download", case_file):
        raise _not_found(request, "documents.casefile", pk)
    return _open(request, case_file)


# --- workspace: service ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def serve(request: HttpRequest, case_pk: int, party_pk: int) -> HttpResponse:
    """Serve a document on a party; a refusal (no consent, own document …) says what to do instead."""
    case = _staff_case(request, case_pk)
    policy.require(request.user, "case.serve", case)
    party = next((p for p in case.parties.all() if p.pk == party_pk), None)
    if party is None:
        raise _not_found(request, "cases.party", party_pk)
    consent = services.current_consent(party)
    form = forms.ServeForm(
        request.POST if request.method == "POST" else None,
        case=case,
        party=party,
        electronic=consent is not None and consent.active and party.user_id is not None,
        prefix=f"serve-{party.pk}",
    )
    if request.method == "GET":
        title = _("Serve a document on %(name)s") % {"name": party.name}
        return _form_only(
            request, case, "documents/_serve_form.html", {"form": form, "party": party, "title": title}
        )
    if form.is_valid():
        try:
            service = services.serve(
                request.user,
                form.cleaned_data["case_file"],
                party,
                form.cleaned_data["method"],
                published_on=form.cleaned_data["published_on"],
                abroad=form.cleaned_data["abroad"],
            )
        except services.DocumentError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("“%(title)s” was sent to %(party)s (%(method)s).")
                % {
                    "title": service.case_file.title,
                    "party": party.name,
                    "method": service.get_method_display(),
                },
            )
            return redirect(_next_or(request, _case_url(case)))
    return _render_case(request, case, {f"serve-{party.pk}": form}, status=400)


@login_required
@require_POST
def mark_failed(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a service failed; the case page alerts until the document is served again."""
    service = _service_or_404(request, pk)
    policy.require(request.user, "case.serve", service.case)
    form = forms.FailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the service failed."))
    else:
        try:
            services.mark_failed(request.user, service, form.cleaned_data["reason"])
        except services.DocumentError as exc:
            messages.error(request, exc.message)
        else:
            messages.warning(request, _("The service was recorded as failed. Serve the document again."))
    return redirect(_next_or(request, _case_url(service.case)))


@login_required
@require_POST
def mark_served(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the date on the receipt of a service in person or by post."""
    service = _service_or_404(request, pk)
    policy.require(request.user, "case.serve", service.case)
    form = forms.ServedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date on the receipt."))
    else:
        try:
            services.mark_served(request.user, service, form.cleaned_data["served_on"])
        except services.DocumentError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The date of service was recorded."))
    return redirect(_next_or(request, _case_url(service.case)))


def _consent_page(request: HttpRequest, party: Party, *, portal: bool, done_url: str) -> HttpResponse:
    consent = services.current_consent(party)
    initial = {
        "consented": "yes" if consent and consent.active else "no",
        "email": consent.email if consent else "",
    }
    form = forms.ConsentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.record_consent(
                    request.user, party, form.cleaned_data["consented"], form.cleaned_data["email"]
                )
            except services.DocumentError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The answer on electronic service was recorded."))
                return redirect(_next_or(request, done_url))
    history = list(party.service_consents.select_related("recorded_by").order_by("-recorded_at", "-id"))
    return render(
        request,
        "documents/consent.html",
        {
            "party": party,
            "consent": consent,
            "history": history,
            "form": form,
            "portal": portal,
            "base_template": "base.html" if portal else "workspace_base.html",
            "back_url": done_url,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_consent(request: HttpRequest, party_pk: int) -> HttpResponse:
    """Record a party's written answer (送达地址确认书) on electronic service."""
    policy.require(request.user, "workspace.view")
    party = Party.objects.select_related("case").filter(pk=party_pk).first()
    if party is None or not policy.can(request.user, "case.view", party.case):
        raise _not_found(request, "cases.party", party_pk)
    policy.require(request.user, "party.service_consent", party)
    return _consent_page(request, party, portal=False, done_url=_case_url(party.case))


# --- portal: documents served on me -----------------------------------------------------------------


def _portal_gate(request: HttpRequest) -> None:
    policy.require(request.user, "portal.view")


@login_required
def served_to_me(request: HttpRequest) -> HttpResponse:
    """The documents the court served on me, and my answer on electronic service per case."""
    _portal_gate(request)
    parties = list(Party.objects.filter(user=request.user).select_related("case").order_by("-case_id"))
    consents = [(party, services.current_consent(party)) for party in parties]
    return render(
        request,
        "documents/served.html",
        {"records": selectors.served_to(request.user), "consents": consents},
    )


@login_required
def open_served(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a document served on me: the first opening dates an electronic service (CPL Art. 90)."""
    _portal_gate(request)
    service = (
        ServiceRecord.objects.for_user(request.user)
        .select_related("case", "party", "case_file", "case_file__stored", "case_file__case")
        .filter(pk=pk)
        .first()
    )
    if service is None or not policy.can(request.user, "case_file.download", service.case_file):
        raise _not_found(request, "documents.servicerecord", pk)
    services.mark_opened(request.user, service)
    return _open(request, service.case_file)


@login_required
@require_http_methods(["GET", "POST"])
def portal_consent(request: HttpRequest, party_pk: int) -> HttpResponse:
    """My own answer on electronic service in one case (given, changed or withdrawn at any time)."""
    _portal_gate(request)
    party = Party.objects.select_related("case").filter(pk=party_pk, user=request.user).first()
    if party is None:
        raise _not_found(request, "cases.party", party_pk)
    return _consent_page(request, party, portal=True, done_url=reverse("documents:served"))
