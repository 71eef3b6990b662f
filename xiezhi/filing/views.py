"""Online filing pages (网上立案) for litigants and lawyers under /portal/filings/, and the filing
review (立案审查) for the filing division under /workspace/filings/.

Views stay thin: forms check types, ``services`` decide and write (policy, transaction, audit).
Whatever a service refuses — a submission rule, a stale version, an upload — is shown next to what
the user typed, never as an error page. An application the user may not see answers 404 exactly
like one that does not exist, and the probe is written to the audit log (``not_found``).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record, record_personal_read
from xiezhi.documents.services import DocumentError

from . import forms, services
from .models import Decision, Filing, FilingStatus, FilingVersion

logger = logging.getLogger(__name__)

#: What the filer sees for each step on the tracking page (FilingEvent.kind).
EVENT_LABELS = {
    "draft_created": gettext_lazy("Draft started"),
    "submitted": gettext_lazy("Submitted to the court"),
    "resubmitted": gettext_lazy("Resubmitted after corrections"),
    "corrections_requested": gettext_lazy("The court asked for corrections"),
    "refused": gettext_lazy("Not accepted (ruling)"),
    "accepted": gettext_lazy("Accepted: the case is registered"),
}

#: Where each key of ``services.submission_problems`` is shown on the edit page.
FIELD_ALIASES = {"procedure": "kind", "case_type": "kind"}

#: Days to appeal a ruling not to accept a case (CPL Art. 157 makes it appealable, Art. 171 sets 10 days).
APPEAL_DAYS = 10


# --- helpers -------------------------------------------------------------------------------------


def _not_found(request: HttpRequest, object_id: Any, object_type: str = "filing.filing") -> Http404:
    """Missing and hidden look the same; the probe is audited."""
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such application."))


def _load(pk: int) -> Filing | None:
    return (
        Filing.objects.select_related("court", "court__parent", "cause", "case", "filer")
        .filter(pk=pk)
        .first()
    )


def _own_filing(request: HttpRequest, pk: int) -> Filing:
    """The filer's own application; anybody else's is 404 (and audited)."""
    filing = _load(pk)
    if filing is None or filing.filer_id != request.user.pk:
        raise _not_found(request, pk)
    return filing


def _reviewable_filing(request: HttpRequest, pk: int) -> Filing:
    """An application the member of staff may see (submitted, of their court); else 404 (audited)."""
    policy.require(request.user, "workspace.view")
    filing = _load(pk)
    if filing is None or not policy.can(request.user, "filing.view", filing):
        raise _not_found(request, pk)
    return filing


def _local_time(value: Any) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def days_text(days_left: int | None) -> str:
    """ "3 days left", "ends today", "2 days overdue"."""
    if days_left is None:
        return ""
    if days_left > 0:
        return ngettext("%(n)s day left", "%(n)s days left", days_left) % {"n": days_left}
    if days_left == 0:
        return _("Ends today")
    return ngettext("%(n)s day overdue", "%(n)s days overdue", -days_left) % {"n": -days_left}


DUE_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "approaching": gettext_lazy("Ending soon"),
    "normal": gettext_lazy("Normal"),
}


def _events(filing: Filing) -> list[dict[str, Any]]:
    return [
        {"event": event, "label": EVENT_LABELS.get(event.kind, event.kind)} for event in filing.events.all()
    ]


def _latest(filing: Filing, decision: str) -> Any:
    return filing.decisions.filter(decision=decision).order_by("-decided_at", "-id").first()


def _fee_view(filing: Filing) -> dict[str, Any] | None:
    """The fee estimate, itemised (the same working rows the fee calculator shows)."""
    from xiezhi.fees import display
    from xiezhi.fees.services import lines_as_json

    assessment = services.fee_estimate(filing)
    if assessment is None:
        return None
    return {
        "amount": assessment.amount,
        "rows": display.working_rows(lines_as_json(assessment)),
        "unrounded": display.number(assessment.unrounded),
        "rounded": display.number(assessment.amount),
        "explain": assessment.explain(),
        "notes": assessment.notes,
    }


# --- the filer's pages (/portal/filings/) ------------------------------------------------------------


def _filer_gate(request: HttpRequest) -> None:
    policy.require(request.user, "filing.create")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My applications with their status and receipt numbers."""
    if policy.can(request.user, "workspace.view") and not policy.can(request.user, "filing.create"):
        return redirect("filing:queue")
    _filer_gate(request)
    filings = Filing.objects.of_filer(request.user).select_related("court", "cause", "case")
    return render(request, "filing/mine.html", {"filings": filings})


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """What an application needs; the button starts a draft saved on the server."""
    _filer_gate(request)
    if request.method == "POST":
        filing = services.new_draft(request.user)
        return redirect("filing:edit", filing.pk)
    return render(request, "filing/new.html", {"is_lawyer": request.user.kind == "lawyer"})


def _prefill(user: Any) -> dict[str, Any]:
    """The filer's own data from the account, for the first party of a new draft (litigants only:
    a lawyer files for a client)."""
    if user.kind != "litigant":
        return {}
    values: dict[str, Any] = {"name": user.full_name, "phone": user.mobile or ""}
    profile = getattr(user, "litigant_profile", None)
    if profile is not None and policy.can(user, "personal_data.read", user):
        fields = [name for name in ("identity_number", "address") if getattr(profile, name)]
        if fields:
            record_personal_read(profile, fields, purpose="online filing prefill")
        values["id_number"] = profile.identity_number
        values["address"] = profile.address
    return values


@dataclass
class EditPage:
    """Everything the edit page shows: the forms, and what the rules said about them."""

    filing: Filing
    form: forms.FilingForm
    formset: forms.BasePartyFormSet
    upload: forms.EvidenceForm
    party_errors: list[str] = field(default_factory=list)
    evidence_errors: list[str] = field(default_factory=list)
    alert: str = ""

    def summary(self) -> list[tuple[str, str]]:
        """(anchor, text) for every error on the page, for the error summary at the top."""
        items: list[tuple[str, str]] = [("", self.alert)] if self.alert else []
        items += [("", str(error)) for error in self.form.non_field_errors()]
        items += [(f.id_for_label, f"{f.label}: {e}") for f in self.form for e in f.errors if not f.is_hidden]
        items += [("parties-title", str(error)) for error in self.formset.non_form_errors()]
        items += [("parties-title", message) for message in self.party_errors]
        for index, party_form in enumerate(self.formset.forms, start=1):
            label = _("Party %(n)s") % {"n": index}
            items += [(f.id_for_label, f"{label} · {f.label}: {e}") for f in party_form for e in f.errors]
        items += [("evidence-title", message) for message in self.evidence_errors]
        items += [(f.id_for_label, f"{f.label}: {e}") for f in self.upload for e in f.errors]
        return items

    def context(self) -> dict[str, Any]:
        filing = self.filing
        return {
            "filing": filing,
            "form": self.form,
            "formset": self.formset,
            "upload": self.upload,
            "party_errors": self.party_errors,
            "evidence_errors": self.evidence_errors,
            "evidence": list(filing.evidence.select_related("stored")),
            "summary": self.summary(),
            "saved_at": filing.updated_at,
            "is_lawyer": filing.filer_is_lawyer,
            "corrections": _latest(filing, Decision.CORRECTIONS)
            if filing.status == FilingStatus.CORRECTIONS
            else None,
        }


def _max_mb() -> int:
    from xiezhi.documents.services import MB, upload_limits

    return upload_limits().max_bytes // MB


def _edit_forms(
    filing: Filing, data: QueryDict | None = None, files: Any = None, *, more: int = 0, upload: bool = False
) -> EditPage:
    """The edit page's forms: from the draft (``data`` None) or from what was posted. The upload
    form is judged only when the filer uploads; otherwise it just shows what was typed into it."""
    if data is None:
        return EditPage(
            filing,
            forms.FilingForm(initial=forms.filing_initial(filing)),
            forms.party_formset(filing, prefill=_prefill(filing.filer), more=more),
            forms.EvidenceForm(prefix="evidence", max_mb=_max_mb()),
        )
    if upload:
        evidence_form = forms.EvidenceForm(data, files, prefix="evidence", max_mb=_max_mb())
    else:
        typed = {name: data.get(f"evidence-{name}", "") for name in ("kind", "title", "purpose")}
        evidence_form = forms.EvidenceForm(initial=typed, prefix="evidence", max_mb=_max_mb())
    page = EditPage(filing, forms.FilingForm(data), forms.party_formset(filing, data), evidence_form)
    page.form.is_valid()
    page.formset.is_valid()
    return page


def _with_version(data: QueryDict, version: int) -> QueryDict:
    """The posted data, now based on ``version`` (what the page shows after a save or a conflict)."""
    copy = data.copy()
    copy["version"] = str(version)
    return copy


def _place_problems(page: EditPage, problems: dict[str, list[str]], kept: list[forms.PartyForm]) -> None:
    """Put ``submission_problems`` on the fields they name (``parties.0.name`` → that party's field)."""
    for key, texts in problems.items():
        parts = key.split(".")
        if parts[0] == "parties" and len(parts) == 3 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(kept) and parts[2] in kept[index].fields:
                kept[index].add_error(parts[2], texts)
                continue
        name = FIELD_ALIASES.get(key, key)
        if name == "parties" or parts[0] == "parties":
            page.party_errors.extend(texts)
        elif name == "evidence":
            page.evidence_errors.extend(texts)
        elif name in page.form.fields:
            page.form.add_error(name, texts)
        else:
            page.form.add_error(None, texts)


def _render_edit(request: HttpRequest, page: EditPage, status: int = 200) -> HttpResponse:
    return render(request, "filing/edit.html", page.context(), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The application on one page; every button saves what was typed first.

    Buttons: save (nothing judged), add a party, upload a document, remove one, continue to review
    (the submission rules are applied and their findings shown on the fields).
    """
    filing = _own_filing(request, pk)
    policy.require(request.user, "filing.edit", filing)
    if not filing.editable:
        messages.info(request, _("This application is with the court; here is where it stands."))
        return redirect("filing:track", filing.pk)
    if request.method == "GET":
        more = 1 if request.GET.get("more") == "1" else 0
        return _render_edit(request, _edit_forms(filing, more=more))

    action = request.POST.get("action") or "save"
    remove = request.POST.get("remove")
    page = _edit_forms(filing, request.POST)
    if not (page.form.is_valid() and page.formset.is_valid()):
        page.alert = _(
            "Nothing was saved yet: some values cannot be stored as typed. Correct the marked fields."
        )
        return _render_edit(request, page, status=400)
    kept = page.formset.kept_forms()
    data = page.form.filing_data(tuple(f.party_data() for f in kept))
    try:
        filing = services.save_draft(request.user, filing, data, page.form.cleaned_data["version"])
    except services.FilingError as exc:
        if exc.code != "conflict":
            messages.error(request, exc.message)
            return redirect("filing:track", filing.pk)
        filing.refresh_from_db()
        page = _edit_forms(filing, _with_version(request.POST, filing.version))
        page.alert = exc.message + " " + _("What you typed is still here: save again to keep it.")
        return _render_edit(request, page, status=409)

    saved = _("Draft saved at %(time)s.") % {"time": _local_time(filing.updated_at)}
    if remove:
        evidence = filing.evidence.filter(pk=remove if str(remove).isdigit() else 0).first()
        if evidence is None:
            raise _not_found(request, remove, "filing.filingevidence")
        services.remove_evidence(request.user, evidence)
        messages.success(request, saved + " " + _("“%(title)s” was removed.") % {"title": evidence.title})
        return redirect(reverse("filing:edit", args=[filing.pk]) + "#evidence-title")
    if action == "upload":
        return _upload(request, filing, saved)
    if action == "add_party":
        messages.success(request, saved)
        return redirect(reverse("filing:edit", args=[filing.pk]) + "?more=1#parties-title")
    if action == "continue":
        problems = services.submission_problems(filing)
        if not problems:
            return redirect("filing:review", filing.pk)
        page = _edit_forms(filing, _with_version(request.POST, filing.version))
        _place_problems(page, problems, page.formset.kept_forms())
        page.alert = saved + " " + _("Before it can be submitted, please complete the marked fields.")
        return _render_edit(request, page, status=400)
    messages.success(request, saved)
    return redirect("filing:edit", filing.pk)


def _upload(request: HttpRequest, filing: Filing, saved: str) -> HttpResponse:
    """The draft is saved; now the document (checked, converted and hashed by the documents app)."""
    from xiezhi.documents.uploads import UploadRejected

    page = _edit_forms(filing, _with_version(request.POST, filing.version), request.FILES, upload=True)
    if page.upload.is_valid():
        data = page.upload.cleaned_data
        uploaded = data["file"]
        try:
            evidence = services.add_evidence(
                request.user,
                filing,
                uploaded,
                data["kind"],
                data["title"],
                data["purpose"],
                name=uploaded.name,
            )
        except UploadRejected as exc:
            page.upload.add_error("file", exc.message)
        except ValidationError as exc:
            details = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
            for key, texts in details.items():
                page.upload.add_error(key if key in page.upload.fields else None, texts)
        except services.FilingError as exc:
            page.upload.add_error(None, exc.message)
        else:
            messages.success(
                request, saved + " " + _("“%(title)s” was uploaded.") % {"title": evidence.title}
            )
            return redirect(reverse("filing:edit", args=[filing.pk]) + "#evidence-title")
    page.alert = saved + " " + _("The document was not uploaded.")
    return _render_edit(request, page, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole application as the court will receive it, the fee itemised, then submission.

    The form carries a fresh random key: the same key posted twice (a double click, a retried
    request) submits once.
    """
    filing = _own_filing(request, pk)
    policy.require(request.user, "filing.edit", filing)
    alert, problems, status = "", {}, 200
    if request.method == "POST":
        key = request.POST.get("idempotency_key", "")
        version = request.POST.get("expected_version", "")
        try:
            services.submit(request.user, filing, key, int(version) if version.isdigit() else None)
        except ValidationError as exc:
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            alert, status = _("The application cannot be submitted yet."), 400
        except services.FilingError as exc:
            if exc.code == "not_editable":
                messages.info(request, exc.message)
                return redirect("filing:track", filing.pk)
            alert, status = exc.message, 409 if exc.code == "conflict" else 400
        else:
            messages.success(request, _("Your application was submitted. Keep the receipt number."))
            return redirect("filing:track", filing.pk)
        filing = _own_filing(request, pk)
    if not filing.editable:
        return redirect("filing:track", filing.pk)
    if not problems:
        problems = services.submission_problems(filing)
    context = {
        "filing": filing,
        "kind_label": forms.kind_label(filing.case_type, filing.procedure) if filing.case_type else "",
        "parties": [(p, forms.role_label(p.role)) for p in filing.parties.all()],
        "evidence": list(filing.evidence.select_related("stored")),
        "advice": services.jurisdiction_advice(filing),
        "fee": _fee_view(filing),
        "problems": [(key, text) for key, texts in problems.items() for text in texts],
        "alert": alert,
        "idempotency_key": secrets.token_urlsafe(24),
    }
    return render(request, "filing/review.html", context, status=status)


@login_required
@require_GET
def track(request: HttpRequest, pk: int) -> HttpResponse:
    """Where my application stands: receipt, files with their SHA-256, every step, the decision."""
    filing = _own_filing(request, pk)
    policy.require(request.user, "filing.view", filing)
    refusal = _latest(filing, Decision.REFUSE) if filing.status == FilingStatus.REFUSED else None
    notices = []
    if filing.case_id and policy.can(request.user, "case.view", filing.case):
        from xiezhi.fees.selectors import case_fee_context

        notices = case_fee_context(request.user, filing.case)["notices"]
    context = {
        "filing": filing,
        "kind_label": forms.kind_label(filing.case_type, filing.procedure) if filing.case_type else "",
        "evidence": list(filing.evidence.select_related("stored")),
        "events": _events(filing),
        "corrections": _latest(filing, Decision.CORRECTIONS)
        if filing.status == FilingStatus.CORRECTIONS
        else None,
        "refusal": refusal,
        "refusal_reason": forms.reason_label(refusal.reason_code) if refusal else "",
        "appeal_days": APPEAL_DAYS,
        "notices": notices,
        "days_left": days_text((filing.review_due_on - timezone.localdate()).days)
        if filing.review_due_on and filing.status == FilingStatus.SUBMITTED
        else "",
    }
    return render(request, "filing/track.html", context)


@login_required
@require_GET
def download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """A document of an application, for whoever may see the application (others: 404, audited)."""
    filing = _load(pk)
    if filing is None or not policy.can(request.user, "filing.view", filing):
        raise _not_found(request, pk)
    evidence = filing.evidence.select_related("stored").filter(pk=evidence_pk).first()
    if evidence is None:
        raise _not_found(request, evidence_pk, "filing.filingevidence")
    stored = evidence.stored
    try:
        handle = stored.file.storage.open(stored.file.name, "rb")
    except OSError:
        logger.error("stored file %s of filing evidence %s is missing", stored.pk, evidence.pk)
        raise Http404(_("The file is missing from storage; the court has been told.")) from None
    record(AuditAction.EXPORT, evidence, detail=f"download {stored.sha256[:16]}")
    response = FileResponse(
        handle, as_attachment=True, filename=stored.download_name, content_type=stored.content_type
    )
    # The bytes are the uploader's: never let a browser run anything in them on our origin.
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the filing division's review (/workspace/filings/) ---------------------------------------------


def _queue_court(request: HttpRequest) -> Any:
    profile = getattr(request.user, "staff_profile", None)
    court = profile.court if profile is not None else None
    policy.require(request.user, "filing.queue", court)
    return court


@dataclass(frozen=True)
class QueueRow:
    filing: Filing
    days_left: int | None
    state: str

    @property
    def days_text(self) -> str:
        return days_text(self.days_left)

    @property
    def state_label(self) -> str:
        return str(DUE_LABELS.get(self.state, ""))

    @property
    def kind_label(self) -> str:
        return forms.kind_label(self.filing.case_type, self.filing.procedure)


def queue_rows(filings: list[Filing], today: date) -> list[QueueRow]:
    return [
        QueueRow(
            filing,
            (filing.review_due_on - today).days if filing.review_due_on else None,
            services.review_due_status(filing, today),
        )
        for filing in filings
    ]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submitted applications of my court, the least time left in the review limit first."""
    policy.require(request.user, "workspace.view")
    court = _queue_court(request)
    today = timezone.localdate()
    waiting = Filing.objects.review_queue(court).select_related("filer", "cause", "court")
    corrections = (
        Filing.objects.filter(court=court, status=FilingStatus.CORRECTIONS)
        .select_related("filer", "cause")
        .order_by("-updated_at")
    )
    context = {
        "court": court,
        "rows": queue_rows(list(waiting), today),
        "corrections": list(corrections[:50]),
    }
    return render(request, "filing/queue.html", context)


@dataclass
class VersionRow:
    version: FilingVersion
    changes: list[tuple[str, str, str]]  # (what, before, after)
    is_latest: bool = False


_DIFF_FIELDS = (
    ("court", gettext_lazy("Court")),
    ("case_type", gettext_lazy("Case type")),
    ("procedure", gettext_lazy("Procedure")),
    ("cause", gettext_lazy("Cause of action")),
    ("claim_amount", gettext_lazy("Claim amount (yuan)")),
    ("claims", gettext_lazy("Claims")),
    ("facts", gettext_lazy("Facts and reasons")),
)


def _short(value: Any, limit: int = 80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _party_line(party: dict[str, Any]) -> str:
    return f"{forms.role_label(party.get('role', ''))} {party.get('name', '')}".strip()


def snapshot_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What changed between two submitted versions, field by field (a simple, readable diff)."""
    changes: list[tuple[str, str, str]] = []
    for key, label in _DIFF_FIELDS:
        if before.get(key) != after.get(key):
            changes.append((str(label), _short(before.get(key)), _short(after.get(key))))
    old_parties, new_parties = before.get("parties", []), after.get("parties", [])
    if old_parties != new_parties:
        old_lines = [_party_line(p) for p in old_parties]
        new_lines = [_party_line(p) for p in new_parties]
        if old_lines == new_lines:
            changes.append((_("Parties"), _("identity or contact data"), _("changed")))
        else:
            changes.append((_("Parties"), "、".join(old_lines) or "—", "、".join(new_lines) or "—"))
    old_files = {e["sha256"]: e for e in before.get("evidence", [])}
    new_files = {e["sha256"]: e for e in after.get("evidence", [])}
    for sha in new_files.keys() - old_files.keys():
        changes.append((_("Document added"), "—", f"{new_files[sha]['title']} ({sha[:12]}…)"))
    for sha in old_files.keys() - new_files.keys():
        changes.append((_("Document removed"), f"{old_files[sha]['title']} ({sha[:12]}…)", "—"))
    return changes


def version_rows(filing: Filing) -> list[VersionRow]:
    """Submitted versions, newest first, each with what changed since the one before."""
    versions = list(filing.versions.order_by("number"))
    rows = [
        VersionRow(v, snapshot_changes(versions[i - 1].snapshot, v.snapshot) if i else [])
        for i, v in enumerate(versions)
    ]
    if rows:
        rows[-1].is_latest = True
    return rows[::-1]


def _decision_forms(filing: Filing, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    advice = services.jurisdiction_advice(filing)
    return {
        "accept": bound.get("accept") or forms.AcceptForm(filing=filing, prefix="accept"),
        "corrections": bound.get("corrections") or forms.CorrectionsForm(filing=filing, prefix="corrections"),
        "refuse": bound.get("refuse")
        or forms.RefuseForm(
            filing=filing, prefix="refuse", default_reason="no_jurisdiction" if not advice.ok else "other"
        ),
    }


def _render_detail(
    request: HttpRequest,
    filing: Filing,
    bound: dict[str, Any] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    parties = list(filing.parties.all())
    # Identity numbers, addresses and phones of the parties are on this page: log the read.
    record_personal_read(filing, ["parties"], purpose="filing review")
    can_review = filing.status == FilingStatus.SUBMITTED and policy.can(request.user, "filing.review", filing)
    today = timezone.localdate()
    context = {
        "filing": filing,
        "kind_label": forms.kind_label(filing.case_type, filing.procedure) if filing.case_type else "",
        "parties": [(p, forms.role_label(p.role)) for p in parties],
        "evidence": list(filing.evidence.select_related("stored")),
        "versions": version_rows(filing),
        "decisions": [
            (d, forms.reason_label(d.reason_code) if d.reason_code else "")
            for d in filing.decisions.select_related("decided_by")
        ],
        "events": _events(filing),
        "advice": services.jurisdiction_advice(filing),
        "problems": [t for texts in services.submission_problems(filing).values() for t in texts]
        if filing.status == FilingStatus.SUBMITTED
        else [],
        "fee": _fee_view(filing),
        "can_review": can_review,
        "decision_forms": _decision_forms(filing, bound) if can_review else {},
        "alert": alert,
        "alert_target": next(iter(bound or {}), ""),
        "due_state": services.review_due_status(filing, today)
        if filing.status == FilingStatus.SUBMITTED
        else "",
        "due_label": DUE_LABELS.get(services.review_due_status(filing, today), ""),
        "days_left": days_text((filing.review_due_on - today).days)
        if filing.review_due_on and filing.status == FilingStatus.SUBMITTED
        else "",
    }
    return render(request, "filing/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application in full for the filing officer, its versions and the three decisions."""
    return _render_detail(request, _reviewable_filing(request, pk))


DECISION_FORMS = {
    "accept": forms.AcceptForm,
    "corrections": forms.CorrectionsForm,
    "refuse": forms.RefuseForm,
}


def _first_error(form: Any) -> str:
    for error in form.non_field_errors():
        return str(error)
    for bound_field in form:
        for error in bound_field.errors:
            return f"{bound_field.label}: {error}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, request corrections or refuse; a refusal of the service is shown on the form."""
    if action not in DECISION_FORMS:
        raise Http404(_("No such action."))
    if request.method == "GET":
        return redirect("filing:detail", pk)
    filing = _reviewable_filing(request, pk)
    policy.require(request.user, "filing.review", filing)
    form_class = DECISION_FORMS[action]
    form = form_class(request.POST, filing=filing, prefix=action)
    conflict = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "accept":
                case = services.accept(request.user, filing, data["expected_version"])
                text = _("Accepted: the case %(number)s is registered.") % {"number": case.number}
                if case.judge_id:
                    text += " " + _("Assigned to %(judge)s.") % {"judge": case.judge.display_name}
                messages.success(request, text)
                return redirect("cases:detail", case.pk)
            if action == "corrections":
                services.request_corrections(request.user, filing, data["defects"], data["expected_version"])
                messages.success(request, _("The filer was asked for corrections."))
            else:
                services.refuse(
                    request.user,
                    filing,
                    data["reason_code"],
                    data["defects"],
                    data["legal_ground"],
                    data["expected_version"],
                )
                messages.success(request, _("The ruling not to accept was recorded; the filer may appeal."))
            return redirect("filing:queue")
        except services.FilingError as exc:
            conflict = exc.code == "conflict"
            form.add_error(None, exc.message)
        except DocumentError as exc:  # acceptance files the documents into the case volume
            form.add_error(None, exc.message)
        except ValidationError as exc:
            details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for key, texts in details.items():
                form.add_error(key if key in form.fields else None, texts)
    filing = _reviewable_filing(request, pk)  # as it is now, after whatever someone else changed
    if conflict:
        # Keep what the officer typed, now based on the version the page shows.
        data = request.POST.copy()
        data[form.add_prefix("expected_version")] = str(filing.version)
        message = _first_error(form)
        form = form_class(data, filing=filing, prefix=action)
        form.is_valid()
        form.add_error(None, message)
    return _render_detail(
        request, filing, bound={action: form}, alert=_first_error(form), status=409 if conflict else 400
    )


@login_required
@require_GET
def ground(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the legal ground of the chosen refusal reason, to replace the prefilled one."""
    filing = _reviewable_filing(request, pk)
    code = request.GET.get("refuse-reason_code", "")
    form = forms.RefuseForm(filing=filing, prefix="refuse", default_reason=code)
    return render(request, "filing/_ground.html", {"field": form["legal_ground"]})
