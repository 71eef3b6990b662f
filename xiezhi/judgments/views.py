"""The page of one decision document (裁判文书): its text with every statute citation linked to the
knowledge base and the wrong ones flagged, and what the parser read from it. The drafting pages:
the editor of a case's decision (/workspace/judgments/cases/<id>/draft/), approval, version diffs.

Who may read it follows the case (policy ``case.view``); anyone else gets the same "not found" as
for a case they may not see, and the probe is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.models import Case, Party
from xiezhi.cases.selectors import case_for_page
from xiezhi.laws.citations import check_text

from . import drafting, rules
from .forms import DraftForm, ReturnForm, StartForm
from .models import DraftStatus, JudgmentDocument, JudgmentDraft


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = JudgmentDocument.objects.select_related("case", "case__court").filter(pk=pk).first()
    if document is None or not policy.can(request.user, "case.view", document.case):
        record(
            AuditAction.NOT_FOUND,
            object_type="judgments.judgmentdocument",
            object_id=str(pk),
            detail=f"{request.method} {request.path}"[:300],
        )
        raise Http404(_("No such document."))
    staff = policy.can(request.user, "workspace.view")
    meta = document.metadata or {}
    context = {
        "document": document,
        "case": document.case,
        "staff": staff,
        "base_template": "workspace_base.html" if staff else "base.html",
        # Citations are checked against the law in force on the day of the decision.
        "result": check_text(document.text, on=document.decided_on),
        "parties": meta.get("parties") or [],
        "representatives": meta.get("representatives") or [],
        "panel": [*(meta.get("panel") or []), *(meta.get("clerks") or [])],
        "problems": meta.get("problems") or [],
    }
    return render(request, "judgments/detail.html", context)


# --- drafting: the editor, approval, versions ---------------------------------------------------------


def _hidden(request: HttpRequest, object_type: str, object_id: object) -> Http404:
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such case."))


def _case_for_drafts(request: HttpRequest, case_id: int) -> Case:
    case = case_for_page(case_id)
    if case is None or not policy.can(request.user, "case.judgment.view_drafts", case):
        raise _hidden(request, "cases.case", case_id)
    return case


def _draft_for(request: HttpRequest, pk: int) -> JudgmentDraft:
    draft = JudgmentDraft.objects.select_related("case").filter(pk=pk).first()
    if draft is None or not policy.can(request.user, "case.judgment.view_drafts", draft.case):
        raise _hidden(request, "judgments.judgmentdraft", pk)
    return draft


def _current_draft(case: Case) -> JudgmentDraft | None:
    return (
        JudgmentDraft.objects.open().filter(case=case).first()
        or JudgmentDraft.objects.final().filter(case=case).order_by("-pk").first()
    )


def _initial(draft: JudgmentDraft) -> dict[str, object]:
    return {
        "version": draft.version,
        "major": draft.major,
        "detained": list(draft.detained.values_list("pk", flat=True)),
        **{f"s_{k}": v for k, v in draft.sections.items()},
    }


def _defendants(case: Case) -> list[Party]:
    """The defendants whose custody the editor asks about (criminal cases only)."""
    if case.case_type != "criminal":
        return []
    return [p for p in case.parties.all() if p.role == "accused"]


@login_required
def draft_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """The drafting page of a case: choose a template, edit the narrative parts, submit; the
    citations flagged, the versions with their diffs, the approvals, and once final the files and
    the appeal windows. A save names the version it was based on: a stale one is refused (409)
    with the judge's text kept in the form."""
    case = _case_for_drafts(request, case_id)
    draft = _current_draft(case)
    may_draft = policy.can(request.user, "case.judgment.draft", case)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_draft:
        raise PermissionDenied("case.judgment.draft")
    start_form = form = conflict = None
    if draft is None or action == "start":
        start_form = StartForm(request.POST if action == "start" else None, case_type=case.case_type)
        if action == "start" and start_form.is_valid():
            try:
                drafting.start_draft(
                    request.user,
                    case,
                    start_form.cleaned_data["template"],
                    major=start_form.cleaned_data["major"],
                )
            except drafting.DraftError as exc:
                start_form.add_error("template" if exc.field == "template" else None, exc.message)
            else:
                return redirect("judgments:draft", case_id=case.pk)
    elif draft.editable:
        tpl = rules.template(draft.template)
        if action in ("save", "submit"):
            form = DraftForm(request.POST, template=tpl, defendants=_defendants(case))
            if form.is_valid():
                try:
                    draft = drafting.save_draft(
                        request.user, draft, form.sections(), form.cleaned_data["version"],
                        major=form.cleaned_data["major"],
                    )  # fmt: skip
                    if "detained" in form.fields:
                        draft = drafting.set_custody(request.user, draft, form.cleaned_data["detained"])
                    if action == "submit":
                        draft = drafting.submit(request.user, draft, draft.version)
                        messages.success(
                            request,
                            _("The draft was submitted.")
                            if draft.status != DraftStatus.FINAL
                            else _("The document is final; its files are in the case's volume."),
                        )
                    else:
                        messages.success(request, _("Saved as version %(n)s.") % {"n": draft.version})
                except drafting.DraftConflict as exc:
                    conflict = exc
                    form.add_error(None, exc.message)
                except drafting.DraftError as exc:
                    field = f"s_{exc.field}" if exc.field and f"s_{exc.field}" in form.fields else None
                    form.add_error(field, exc.message)
                else:
                    return redirect("judgments:draft", case_id=case.pk)
        else:
            form = DraftForm(initial=_initial(draft), template=tpl, defendants=_defendants(case))
    return _render_draft(request, case, draft, form, start_form, conflict, may_draft)


def _render_draft(request, case, draft, form, start_form, conflict, may_draft):  # type: ignore[no-untyped-def]
    context: dict[str, object] = {
        "case": case,
        "draft": draft,
        "form": form,
        "start_form": start_form,
        "conflict": conflict,
        "may_draft": may_draft,
        "placeholder": rules.PLACEHOLDER,
    }
    if draft is not None:
        preview_sections = form.sections() if form is not None and form.is_bound and form.is_valid() else None
        composition = drafting.compose(draft, preview_sections)
        context.update(
            {
                "template": rules.template(draft.template),
                "composition": composition,
                "result": drafting.check_citations(composition.text, on=draft.decided_on),
                "versions": list(draft.versions.select_related("saved_by").order_by("-number")),
                "approvals": list(draft.approvals.select_related("by")),
                "steps": drafting.steps_for(draft),
                "missing": drafting.missing_parts(draft),
                "may_approve": policy.can(request.user, "case.judgment.approve", draft),
                "return_form": ReturnForm(initial={"version": draft.version}),
            }
        )
        if draft.status == DraftStatus.FINAL:
            context["effect"] = drafting.effect_status(draft)
    return render(request, "judgments/draft.html", context, status=409 if conflict else 200)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_for(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        draft = drafting.approve(request.user, draft, version)
    except drafting.DraftError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Approved.")
            if draft.status != DraftStatus.FINAL
            else _("The document is final; its files are in the case's volume."),
        )
    return redirect("judgments:draft", case_id=draft.case_id)


@login_required
@require_POST
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_for(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            drafting.return_draft(
                request.user, draft, form.cleaned_data["reason"], form.cleaned_data["version"]
            )
        except drafting.DraftError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The draft was returned to the drafter."))
    else:
        messages.error(request, _("Say why the draft is returned."))
    return redirect("judgments:draft", case_id=draft.case_id)


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions of a draft side by side (``?a=1&b=3``; by default the last two)."""
    draft = _draft_for(request, pk)
    versions = {v.number: v for v in draft.versions.all()}
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a") or (numbers[-2] if len(numbers) > 1 else numbers[0]))
        b = int(request.GET.get("b") or numbers[-1])
    except ValueError:
        a = b = -1
    if a not in versions or b not in versions:
        return render(
            request, "judgments/diff.html",
            {"draft": draft, "case": draft.case, "numbers": numbers,
             "error": _("Choose two versions of this draft.")},
            status=400,
        )  # fmt: skip
    return render(
        request,
        "judgments/diff.html",
        {
            "draft": draft,
            "case": draft.case,
            "older": versions[a],
            "newer": versions[b],
            "table": drafting.diff_html(versions[a], versions[b]),
            "numbers": numbers,
        },
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """Drafts waiting for the user's approval (the division head's and judges' queue)."""
    if not policy.can(request.user, "workspace.view"):
        raise Http404(_("No such page."))
    profile = getattr(request.user, "staff_profile", None)
    pending = JudgmentDraft.objects.filter(
        status=DraftStatus.SUBMITTED, case__court_id=getattr(profile, "court_id", None)
    )
    drafts = [d for d in pending.select_related("case", "case__court").order_by("updated_at")
              if policy.can(request.user, "case.judgment.approve", d)]  # fmt: skip
    return render(request, "judgments/approvals.html", {"drafts": drafts})
