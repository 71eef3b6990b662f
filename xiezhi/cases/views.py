"""Case pages: the workbench (工作台), registration (立案), the case page with its actions, and the
parties' own view of their cases (我的诉讼).

Views stay thin: forms turn input into clean values, ``services`` make every change (and check the
policy), ``selectors`` read. Whatever a service refuses — a workflow rule, a stale version, a
validation error — is shown next to what the user typed, never as an error page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from xiezhi import policy
from xiezhi.accounts.rules import mask_identity_number
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record, record_personal_read

from . import forms, rules, selectors, services, time_limits
from .models import Case, ExtensionStatus, Party

PAGE_SIZE = 50
EDITABLE_PANEL_STATUSES = ("assigned", "in_trial", "suspended")
OTHER_ACTIONS = ("panel", "exclusion", "extension")


# --- helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of a case list, with its time limit worked out for today."""

    case: Case
    days_left: int | None
    state: str  # normal / approaching / overdue, "" when the case has no running time limit

    @property
    def days_text(self) -> str:
        return days_text(self.days_left)


def days_text(days_left: int | None) -> str:
    """ "12 days left", "ends today", "3 days overdue"."""
    if days_left is None:
        return ""
    if days_left > 0:
        return ngettext("%(n)s day left", "%(n)s days left", days_left) % {"n": days_left}
    if days_left == 0:
        return _("Ends today")
    return ngettext("%(n)s day overdue", "%(n)s days overdue", -days_left) % {"n": -days_left}


def _rows(cases: list[Case], today: date) -> list[Row]:
    rows = []
    for case in cases:
        if case.deadline_on is None or not case.is_open:
            rows.append(Row(case, None, ""))
        else:
            rows.append(
                Row(case, (case.deadline_on - today).days, selectors.deadline_status(case.deadline_on, today))
            )
    return rows


def _is_htmx_fragment(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _not_found(request: HttpRequest, object_id: int | str, object_type: str = "cases.case") -> Http404:
    """A case the user may not see is reported missing (no hint that it exists), and the probe audited."""
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id),
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such case."))


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_for_page(case_id)
    if case is None or not policy.can(request.user, "case.view", case):
        raise _not_found(request, case_id)
    return case


def _staff_gate(request: HttpRequest) -> None:
    policy.require(request.user, "workspace.view")


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def _label(transition: rules.Transition) -> str:
    return forms.bilingual(transition.label_zh, transition.label_en)


# --- the workbench (工作台) --------------------------------------------------------------------


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """The staff member's case list: filters, urgency order, 50 a page; htmx gets only the list."""
    if policy.can(request.user, "portal.view"):
        return redirect("cases:portal_list")
    _staff_gate(request)
    form = forms.WorkbenchFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(selectors.workbench_cases(request.user, filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list), timezone.localdate()),
        "filters": filters,
    }
    if _is_htmx_fragment(request):
        return render(request, "cases/_workbench_list.html", context)
    profile = getattr(request.user, "staff_profile", None)
    context["can_register"] = profile is not None and policy.can(request.user, "case.register", profile.court)
    context["pending"] = [
        case
        for case in selectors.pending_assignments(request.user)
        if policy.can(request.user, "case.transition.assign", case)
    ]
    return render(request, "cases/workbench.html", context)


# --- registration (立案) -------------------------------------------------------------------------


def _registration_court(request: HttpRequest):  # type: ignore[no-untyped-def]
    profile = getattr(request.user, "staff_profile", None)
    court = profile.court if profile is not None else None
    policy.require(request.user, "case.register", court)
    return court


def _registration_forms(request: HttpRequest, court) -> tuple[forms.CaseRegistrationForm, Any]:  # type: ignore[no-untyped-def]
    if request.method != "POST":
        form = forms.CaseRegistrationForm(court=court)
        roles = forms.role_choices(form.selected_kind())
        return form, forms.PartyFormSet(prefix=forms.PARTY_PREFIX, roles=roles)
    form = forms.CaseRegistrationForm(request.POST, court=court)
    roles = forms.role_choices(form.selected_kind())
    formset = forms.PartyFormSet(request.POST, prefix=forms.PARTY_PREFIX, roles=roles)
    if "add_party" not in request.POST and "refresh" not in request.POST:
        return form, formset
    # Adding a party or changing the kind of case re-shows what was typed without judging it yet.
    count = formset.total_form_count() + (1 if "add_party" in request.POST else 0)
    count = min(count, formset.max_num)
    form = forms.CaseRegistrationForm(initial=forms.unbound_copy(form), court=court)
    initial = [forms.unbound_copy(f) for f in formset.forms]
    for entry in initial:
        if entry.get("role") not in dict(roles):
            entry.pop("role", None)
    formset = forms.PartyFormSet(prefix=forms.PARTY_PREFIX, roles=roles, initial=initial, count=count)
    return form, formset


def _registration_summary(form, formset, other: list[str]) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(anchor, text) for every error on the page, for the error summary at the top."""
    summary: list[tuple[str, str]] = [("", message) for message in other]
    summary += [("", str(error)) for error in form.non_field_errors()]
    summary += [(f.id_for_label, f"{f.label}: {e}") for f in form for e in f.errors]
    summary += [("", str(error)) for error in formset.non_form_errors()]
    for index, party_form in enumerate(formset.forms, start=1):
        label = _("Party %(n)s") % {"n": index}
        summary += [("", f"{label}: {error}") for error in party_form.non_field_errors()]
        summary += [(f.id_for_label, f"{label} · {f.label}: {e}") for f in party_form for e in f.errors]
    return summary


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """The filing officer registers a case with its parties (立案)."""
    court = _registration_court(request)
    form, formset = _registration_forms(request, court)
    errors: list[str] = []
    if request.method == "POST" and form.is_bound:
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            filled = formset.filled_forms()
            try:
                case = services.register_case(request.user, form.case_input(formset.party_inputs()))
            except ValidationError as exc:
                details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                errors = forms.apply_errors(
                    details,
                    form,
                    party_forms=filled,
                    aliases={"procedure": "kind", "case_type": "kind", "court": "kind"},
                )
            else:
                messages.success(
                    request, _("Case registered with the number %(number)s.") % {"number": case.number}
                )
                return redirect("cases:detail", case.pk)
    status = 400 if request.method == "POST" and form.is_bound else 200
    context = {
        "form": form,
        "formset": formset,
        "summary": _registration_summary(form, formset, errors) if form.is_bound else [],
        "court": court,
    }
    return render(request, "cases/register.html", context, status=status)


# --- the case page -------------------------------------------------------------------------------


@dataclass
class PartyView:
    party: Party
    masked_id: str
    masked_phone: str
    can_reveal: bool


def _mask_phone(value: str) -> str:
    if not value:
        return ""
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def _party_views(user, case: Case) -> list[PartyView]:  # type: ignore[no-untyped-def]
    return [
        PartyView(
            party,
            mask_identity_number(party.id_number) if party.id_number else "",
            _mask_phone(party.phone),
            policy.can(user, "party.view_identity", party),
        )
        for party in case.parties.all()
    ]


@dataclass
class ActionView:
    name: str
    label: str
    form: forms.ActionForm
    needs_input: bool


@dataclass
class SideAction:
    """A less frequent action in a collapsed section of the case page, its form fetched on demand."""

    name: str
    summary: str
    button: str
    form: forms.ActionForm | None = None


SIDE_ACTION_TEXT = {
    "panel": (_lazy("Form the collegial panel"), _lazy("Form the panel")),
    "exclusion": (_lazy("Exclude a judge"), _lazy("Exclude")),
    "extension": (_lazy("Ask for more time"), _lazy("Send the request")),
}


def _side_action_allowed(user, case: Case, action: str, pending_extensions: list | None = None) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``user`` may take the panel / exclusion / extension action on ``case`` now."""
    if action == "panel":
        return case.status in EDITABLE_PANEL_STATUSES and policy.can(user, "case.assign", case)
    if action == "exclusion":
        return case.is_open and policy.can(user, "case.assign", case)
    if action == "extension":
        if pending_extensions is None:
            pending_extensions = [e for e in case.extensions.all() if e.status == ExtensionStatus.REQUESTED]
        return case.is_open and not pending_extensions and policy.can(user, "case.extension.request", case)
    return False


def _related(user, case: Case) -> list[tuple[str, Case, bool]]:  # type: ignore[no-untyped-def]
    links = []
    labels = dict(Case._meta.get_field("origin_kind").choices)
    if case.origin is not None:
        links.append((_("Origin case"), case.origin, policy.can(user, "case.view", case.origin)))
    for derived in case.derived_cases.all():
        label = labels.get(derived.origin_kind, derived.origin_kind)
        links.append((str(label), derived, policy.can(user, "case.view", derived)))
    return links


def _render_case(
    request: HttpRequest,
    case: Case,
    bound: dict[str, forms.ActionForm] | None = None,
    alert: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    deadline, deadline_problem = None, ""
    try:
        deadline = services.time_limit_for(case, today)
    except time_limits.TimeLimitError as exc:
        deadline_problem = str(exc)
    actions = []
    for transition in services.available_transitions(user, case):
        form_class = forms.transition_form_class(transition.name)
        form = bound.get(transition.name) or form_class(case=case, prefix=transition.name)
        needs_input = any(not f.is_hidden for f in form)
        actions.append(ActionView(transition.name, _label(transition), form, needs_input))
    pending_extensions = [e for e in case.extensions.all() if e.status == ExtensionStatus.REQUESTED]
    # The panel, exclusion and extension forms are fetched when their section is opened (htmx; a
    # plain link without JavaScript): building and rendering their widgets was half of the page's
    # server time. A form that came back with errors is shown in place, open.
    side_actions = [
        SideAction(name, *SIDE_ACTION_TEXT[name], bound.get(name))
        for name in OTHER_ACTIONS
        if _side_action_allowed(user, case, name, pending_extensions)
    ]
    internal = policy.can(user, "case.view_internal", case)
    on_page = {a.name for a in actions} | {a.name for a in side_actions}
    context = {
        "case": case,
        "kind_label": forms.bilingual(case.kind.label_zh, case.kind.label_en),
        "deadline": deadline,
        "deadline_problem": deadline_problem,
        "days_text": days_text(deadline.days_left(today)) if deadline else "",
        "deadline_state": deadline.status(today, selectors.approaching_days()) if deadline else "",
        "parties": _party_views(user, case),
        "panel": list(case.panel.all()),
        "timeline": list(case.timeline.all()),
        "suspensions": list(case.suspensions.all()),
        "extensions": list(case.extensions.all()),
        "pending_extensions": pending_extensions,
        "can_approve": bool(pending_extensions) and policy.can(user, "case.extension.approve", case),
        "related": _related(user, case),
        "internal": internal,
        "assignments": list(case.assignments.select_related("judge", "assigned_by")) if internal else [],
        "exclusions": list(case.exclusions.select_related("user")) if internal else [],
        "actions": actions,
        "side_actions": side_actions,
        "alert": alert,
        "alert_target": next(iter(bound), "") if set(bound) & on_page else "",
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page for court staff; parties and lawyers are sent to their own view of it."""
    if policy.can(request.user, "portal.view"):
        return redirect("cases:portal_detail", pk)
    _staff_gate(request)
    return _render_case(request, _case_or_404(request, pk))


def _action_form_class(action: str) -> type[forms.ActionForm]:
    if action == "panel":
        return forms.PanelForm
    if action == "exclusion":
        return forms.ExclusionForm
    if action == "extension":
        return forms.ExtensionRequestForm
    return forms.transition_form_class(action)


def _perform(user, case: Case, action: str, form: forms.ActionForm) -> str:  # type: ignore[no-untyped-def]
    """Run one action through its service; returns the success message."""
    data = form.cleaned_data
    if action == "panel":
        presiding, members = form.seats()  # type: ignore[attr-defined]
        services.form_panel(user, case, presiding, members, expected_version=data["expected_version"])
        return _("The collegial panel has been formed.")
    if action == "exclusion":
        judge = form.people[data["judge"]]  # type: ignore[attr-defined]
        services.exclude_judge(user, case, judge, data["reason"], data["note"])
        return _("%(name)s is excluded from this case.") % {"name": judge.display_name}
    if action == "extension":
        services.request_extension(user, case, data["months"], data["days"], data["reason"])
        return _("The extension request has been sent for approval.")
    if action == "assign":
        updated = services.auto_assign(user, case, expected_version=data["expected_version"])
        return _("The case was assigned at random to %(judge)s.") % {"judge": updated.judge.display_name}
    updated = services.transition(user, case, action, data["expected_version"], **form.inputs())
    appeal_case = getattr(updated, "appeal_case", None)
    if appeal_case is not None:
        return _("Appeal recorded: the case %(number)s was registered at %(court)s.") % {
            "number": appeal_case.number,
            "court": appeal_case.court.name,
        }
    return _("Done: %(action)s. The case is now “%(status)s”.") % {
        "action": _label(rules.TRANSITIONS[action]),
        "status": updated.get_status_display(),
    }


def _first_error(form: forms.ActionForm) -> str:
    for error in form.non_field_errors():
        return str(error)
    for field in form:
        for error in field.errors:
            return f"{field.label}: {error}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action from the case page: a transition, the panel, an exclusion, an extension request.

    A refused action re-shows the case page at this address. A GET of a side action (panel,
    exclusion, extension) shows its form: the fragment the case page fetches with htmx when the
    section is opened, or a page of its own without JavaScript. Any other GET (the language switch,
    a reload) goes back to the case page.
    """
    if request.method == "GET":
        return _side_action_form(request, pk, action)
    if action not in rules.TRANSITIONS and action not in OTHER_ACTIONS:
        raise Http404(_("No such action."))
    _staff_gate(request)
    case = _case_or_404(request, pk)
    form_class = _action_form_class(action)
    form = form_class(request.POST, case=case, prefix=action)
    conflict: services.VersionConflict | None = None
    if form.is_valid():
        try:
            message = _perform(request.user, case, action, form)
        except services.VersionConflict as exc:
            conflict = exc
        except services.WorkflowError as exc:
            field = form.error_fields.get(exc.code)
            form.add_error(field if field in form.fields else None, exc.message)
        except ValidationError as exc:
            details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for leftover in forms.apply_errors(details, form):
                form.add_error(None, leftover)
        else:
            messages.success(request, message)
            return redirect(_safe_next(request) or reverse("cases:detail", args=[pk]))
    case = _case_or_404(request, pk)  # as it is now, after whatever someone else changed
    if conflict is not None:
        # Keep what the user typed; the page now shows the current case, so a resubmission is
        # based on the version they are looking at.
        data = request.POST.copy()
        data[form.add_prefix("expected_version")] = str(case.version)
        form = form_class(data, case=case, prefix=action)
        form.is_valid()
        form.add_error(None, conflict.message)
    return _render_case(
        request, case, bound={action: form}, alert=_first_error(form), status=409 if conflict else 400
    )


def _side_action_form(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in OTHER_ACTIONS:
        return redirect("cases:detail", pk)
    _staff_gate(request)
    case = _case_or_404(request, pk)
    refused = _("This action is not open to you on this case now.")
    if not _side_action_allowed(request.user, case, action):
        if _is_htmx_fragment(request):
            return HttpResponse(format_html('<p class="field-error">{}</p>', refused), status=403)
        messages.error(request, refused)
        return redirect("cases:detail", pk)
    form = _action_form_class(action)(case=case, prefix=action)
    side = SideAction(action, *SIDE_ACTION_TEXT[action], form)
    template = "cases/_side_action_form.html" if _is_htmx_fragment(request) else "cases/side_action.html"
    return render(request, template, {"case": case, "side": side})


@login_required
@require_POST
def decide_extension(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    """The approving authority approves or refuses a pending extension request."""
    _staff_gate(request)
    case = _case_or_404(request, pk)
    extension = next((e for e in case.extensions.all() if e.pk == extension_pk), None)
    if extension is None:
        raise Http404(_("No such extension request."))
    approve = request.POST.get("decision") == "approve"
    try:
        services.approve_extension(request.user, extension, approve=approve)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The extension has been approved.") if approve else _("The extension has been refused."),
        )
    return redirect("cases:detail", pk)


@login_required
@require_POST
def party_identity(request: HttpRequest, party_pk: int) -> HttpResponse:
    """htmx: a party's identity number and contact details in full, for those entitled (audited)."""
    party = Party.objects.select_related("case", "case__court").filter(pk=party_pk).first()
    if party is None or not policy.can(request.user, "case.view", party.case):
        raise _not_found(request, party_pk, "cases.party")
    policy.require(request.user, "party.view_identity", party)
    fields = [name for name in Party.PERSONAL_FIELDS if getattr(party, name)]
    if fields:
        record_personal_read(party, fields, purpose=f"case page {party.case.number or party.case_id}")
    return render(request, "cases/_party_identity.html", {"party": party, "revealed": True})


# --- the parties' portal (我的诉讼) ------------------------------------------------------------------


def _portal_gate(request: HttpRequest) -> HttpResponse | None:
    if policy.can(request.user, "workspace.view") and not policy.can(request.user, "portal.view"):
        return redirect("cases:workbench")
    policy.require(request.user, "portal.view")
    return None


@login_required
def portal_list(request: HttpRequest) -> HttpResponse:
    """A party's or lawyer's own cases."""
    if (response := _portal_gate(request)) is not None:
        return response
    cases = selectors.visible_cases(request.user).select_related("court").order_by("-registered_on", "-id")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/portal_list.html", {"page": page, "cases": page.object_list})


@login_required
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What a party sees of their case: status, parties, the public process information."""
    if policy.can(request.user, "workspace.view") and not policy.can(request.user, "portal.view"):
        return redirect("cases:detail", pk)
    policy.require(request.user, "portal.view")
    case = _case_or_404(request, pk)
    from xiezhi.disclosure.selectors import published_for_case
    from xiezhi.hearings.models import ACTIVE_STATUSES
    from xiezhi.hearings.selectors import visible_hearings

    # Process information (法释〔2018〕7号): the case's hearings as the party's own account may see
    # them, upcoming (still scheduled) and past or cancelled.
    now = timezone.now()
    hearings = list(visible_hearings(request.user).filter(case=case).order_by("starts_at", "pk"))
    upcoming = [h for h in hearings if h.status in ACTIVE_STATUSES and h.ends_at >= now]
    context = {
        "case": case,
        "kind_label": forms.bilingual(case.kind.label_zh, case.kind.label_en),
        "parties": _party_views(request.user, case),
        "timeline": [event for event in case.timeline.all() if event.public],
        "upcoming_hearings": upcoming,
        "past_hearings": [h for h in reversed(hearings) if h not in upcoming],
        "published_judgments": published_for_case(case.pk),
    }
    return render(request, "cases/portal_detail.html", context)


@login_required
@require_POST
def post_message(request: HttpRequest, party_pk: int) -> HttpResponse:
    """Send a message in a party's conversation with the court; back to the case page."""
    from xiezhi.cases import messaging

    party = Party.objects.select_related("case").filter(pk=party_pk).first()
    if party is None or not policy.can(request.user, "case.message", party):
        raise _not_found(request, party_pk, "cases.party")
    body = request.POST.get("body", "")
    try:
        messaging.post_message(request.user, party, body)
    except ValidationError as exc:
        request.session[f"message-draft-{party.pk}"] = body[: messaging.MAX_LENGTH * 2]
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Message sent."))
    name = "cases:detail" if request.user.kind == "staff" else "cases:portal_detail"
    return redirect(reverse(name, args=[party.case_id]) + "#messages")
