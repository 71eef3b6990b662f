"""Hearing pages: calendars (/workspace/hearings/), scheduling on a case, a hearing's page with its
history and notices, the party's own hearings (/portal/hearings/) and the public announcements
(/public/hearings/). Thin: the services decide, the selectors read, the policy permits.

A hearing or case the user may not see answers 404 like one that does not exist (audited)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.selectors import case_for_page
from xiezhi.courts.models import Courtroom

from . import forms, selectors, services
from .models import Hearing


def _not_found(request: HttpRequest, object_type: str, object_id: Any) -> Http404:
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return Http404(_("No such hearing."))


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return default


def _staff_court(request: HttpRequest) -> Any:
    policy.require(request.user, "workspace.view")
    profile = getattr(request.user, "staff_profile", None)
    return profile.court if profile is not None else None


# --- workspace: calendars ---------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The week (or list) of hearings of one courtroom, one judge, or — by default — my own."""
    court = _staff_court(request)
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    first = selectors.week_start(_day(request.GET.get("week"), today))
    view = "list" if request.GET.get("view") == "list" else "week"
    hearings = selectors.visible_hearings(user)
    room = judge = None
    rooms = Courtroom.objects.filter(court=court, is_active=True) if court else Courtroom.objects.none()
    judges = selectors.court_staff(court.pk, services.BENCH_ROLES) if court else User.objects.none()
    if room_id := _int(request.GET.get("courtroom")):
        room = rooms.filter(pk=room_id).first()
        if room is None:
            raise _not_found(request, "courts.courtroom", room_id)
        hearings = hearings.filter(courtroom=room)
        title = _("Courtroom calendar: %(room)s") % {"room": room.name}
    elif judge_id := _int(request.GET.get("judge")):
        judge = judges.filter(pk=judge_id).first()
        if judge is None:
            raise _not_found(request, "accounts.user", judge_id)
        hearings = hearings.involving_staff(judge)
        title = _("Judge's calendar: %(name)s") % {"name": judge.display_name}
    else:
        hearings = hearings.involving_staff(user)
        title = _("My hearings")
    context: dict[str, Any] = {
        "title": title,
        "rooms": rooms,
        "judges": judges,
        "room": room,
        "judge": judge,
        "first": first,
        "previous": first - timedelta(days=7),
        "next": first + timedelta(days=7),
        "view": view,
        "today": today,
    }
    if view == "list":
        start, _end = selectors.bounds(first, 0)
        context["hearings"] = list(hearings.filter(ends_at__gte=start).order_by("starts_at")[:200])
    else:
        context["days"] = selectors.week(hearings, first)
    return render(request, "hearings/calendar.html", context)


# --- workspace: scheduling on a case ----------------------------------------------------------------


def _case(request: HttpRequest, case_pk: int) -> Any:
    policy.require(request.user, "workspace.view")
    case = case_for_page(case_pk)
    if case is None or not policy.can(request.user, "case.view", case):
        raise _not_found(request, "cases.case", case_pk)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The case's hearings and the form to schedule another; a refusal keeps what was typed and
    puts each problem next to its field."""
    case = _case(request, case_pk)
    policy.require(request.user, "case.hearing.schedule", case)
    form = forms.HearingForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                hearing = services.schedule_hearing(request.user, case, form.to_input())  # type: ignore[arg-type]
            except services.SchedulingError as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(request, _("The hearing was scheduled and the parties notified."))
                return redirect("hearings:detail", hearing.pk)
    hearings = list(case.hearings.select_related("courtroom").prefetch_related("panel"))
    hours = "、".join(str(w) for w in services.sitting_hours())
    return render(
        request,
        "hearings/schedule.html",
        {"case": case, "form": form, "hearings": hearings, "hours": hours},
        status=status,
    )


# --- workspace: one hearing --------------------------------------------------------------------------


def _hearing(request: HttpRequest, pk: int) -> Hearing:
    hearing = selectors.hearing_for(request.user, pk)  # type: ignore[arg-type]
    if hearing is None:
        raise _not_found(request, "hearings.hearing", pk)
    return hearing


def _render_detail(
    request: HttpRequest, hearing: Hearing, *, reschedule: Any = None, cancel: Any = None, status: int = 200
) -> HttpResponse:
    may_change = hearing.is_active and policy.can(request.user, "case.hearing.schedule", hearing.case)
    context = {
        "hearing": hearing,
        "case": hearing.case,
        "changes": hearing.changes.select_related("changed_by"),
        "notifications": hearing.notifications.select_related("case_file", "service"),
        "announcements": hearing.announcements.all(),
        "may_change": may_change,
        "started": hearing.starts_at <= timezone.now(),
        "may_record": hearing.status != "cancelled"
        and hearing.starts_at <= timezone.now()
        and policy.can(request.user, "case.hearing.record", hearing.case),
        "reschedule_form": reschedule
        or (forms.RescheduleForm(case=hearing.case, hearing=hearing) if may_change else None),
        "cancel_form": cancel or (forms.CancelForm() if may_change else None),
    }
    return render(request, "hearings/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "workspace.view")
    return _render_detail(request, _hearing(request, pk))


@login_required
@require_http_methods(["POST"])
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "workspace.view")
    hearing = _hearing(request, pk)
    policy.require(request.user, "case.hearing.schedule", hearing.case)
    form = forms.RescheduleForm(request.POST, case=hearing.case)
    if form.is_valid():
        try:
            services.reschedule_hearing(
                request.user,
                hearing,
                form.to_input(),
                form.cleaned_data["reason"],  # type: ignore[arg-type]
                gap_exception=bool(form.cleaned_data.get("gap_exception")),
            )
        except services.SchedulingError as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, _("The hearing was moved; everyone affected was notified."))
            return redirect("hearings:detail", hearing.pk)
    return _render_detail(request, hearing, reschedule=form, status=400)


@login_required
@require_http_methods(["POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "workspace.view")
    hearing = _hearing(request, pk)
    policy.require(request.user, "case.hearing.schedule", hearing.case)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_hearing(request.user, hearing, form.cleaned_data["reason"])  # type: ignore[arg-type]
        except services.SchedulingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The hearing was cancelled; everyone affected was notified."))
            return redirect("hearings:detail", hearing.pk)
    return _render_detail(request, hearing, cancel=form, status=400)


@login_required
@require_http_methods(["POST"])
def held(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the hearing took place."""
    policy.require(request.user, "workspace.view")
    hearing = _hearing(request, pk)
    try:
        services.mark_held(request.user, hearing)  # type: ignore[arg-type]
    except services.SchedulingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The hearing was recorded as held."))
    return redirect("hearings:detail", hearing.pk)


# --- portal and public ---------------------------------------------------------------------------------


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    """My hearings: those of the cases where I am a party or a party's lawyer, nothing else."""
    if not policy.can(request.user, "portal.view"):
        raise PermissionDenied("portal.view")
    today = timezone.localdate()
    start, _end = selectors.bounds(today - timedelta(days=30), 0)
    hearings = (
        selectors.visible_hearings(request.user)  # type: ignore[arg-type]
        .filter(ends_at__gte=start)
        .annotate(
            # the record, once out for signature (a draft stays with the court)
            open_record=Case(When(~Q(record__status="draft"), then=F("record__id")), default=None)
        )
        .order_by("starts_at", "id")
    )
    return render(request, "hearings/portal.html", {"hearings": list(hearings[:200]), "today": today})


def announcements(request: HttpRequest) -> HttpResponse:
    """开庭公告: the public hearings to come, open to everyone (no personal data but names)."""
    court_code = (request.GET.get("court") or "").strip()[:10]
    items = selectors.public_announcements()
    if court_code:
        items = items.filter(hearing__case__court__code=court_code)
    return render(
        request, "hearings/announcements.html", {"items": list(items[:300]), "court_code": court_code}
    )


# --- hearing records (庭审笔录) ----------------------------------------------------------------------


def _record_context(request: HttpRequest, record: Any, **forms_: Any) -> dict[str, Any]:
    from .models import RecordStatus

    editable = record.status == RecordStatus.DRAFT
    lines = "\n".join(f"{p['role']}：{p['name']}" for p in record.participants)
    return {
        "record": record,
        "hearing": record.hearing,
        "case": record.hearing.case,
        "entries": record.entries.select_related("party"),
        "signatures": record.signatures.select_related("party", "signed_by"),
        "editable": editable,
        "participants_form": forms_.get("participants")
        or (forms.ParticipantsForm(initial={"participants": lines}) if editable else None),
        "entry_form": forms_.get("entry")
        or (forms.EntryForm(participants=record.participants) if editable else None),
        "error": forms_.get("error"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk's editor: participants, statements by step and speaker; then out for signature; then
    locked into the case volume."""
    from . import records

    policy.require(request.user, "workspace.view")
    hearing = _hearing(request, pk)
    policy.require(request.user, "case.hearing.record", hearing.case)
    user: User = request.user  # type: ignore[assignment]
    try:
        record = records.start_record(user, hearing)
    except records.RecordError as exc:
        messages.error(request, exc.message)
        return redirect("hearings:detail", hearing.pk)
    if request.method == "GET":
        return render(request, "hearings/record.html", _record_context(request, record))
    action = request.POST.get("action", "")
    bound: dict[str, Any] = {}
    try:
        if action == "participants":
            form = forms.ParticipantsForm(request.POST)
            bound["participants"] = form
            if form.is_valid():
                records.set_participants(user, record, form.cleaned_data["participants"])
                return redirect("hearings:record", hearing.pk)
        elif action == "add":
            form = forms.EntryForm(request.POST, participants=record.participants)
            bound["entry"] = form
            if form.is_valid():
                records.add_entry(
                    user,
                    record,
                    form.cleaned_data["step"],
                    form.cleaned_data["speaker"],
                    form.cleaned_data["text"],
                )
                return redirect(f"{request.path}#entries")
        elif action == "delete":
            entry = record.entries.filter(pk=_int(request.POST.get("entry"))).first()
            if entry is not None:
                records.delete_entry(user, entry)
            return redirect("hearings:record", hearing.pk)
        elif action == "submit":
            records.submit_for_signing(user, record)
            messages.success(request, _("The record was given to the parties to read and sign."))
            return redirect("hearings:record", hearing.pk)
        elif action == "lock":
            records.lock(user, record)
            messages.success(request, _("The record was locked and filed in the case volume."))
            return redirect("hearings:record", hearing.pk)
        else:
            bound["error"] = _("Unknown action.")
    except records.RecordError as exc:
        bound["error"] = exc.message
        form = bound.get("participants") or bound.get("entry")
        if form is not None:
            field = exc.problems[0].field
            form.add_error(field if field in form.fields else None, exc.message)
    record.refresh_from_db()
    return render(request, "hearings/record.html", _record_context(request, record, **bound), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def portal_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A party reads the record on the portal and signs it, with any correction request."""
    from . import records
    from .models import HearingRecord, RecordStatus

    if not policy.can(request.user, "portal.view"):
        raise PermissionDenied("portal.view")
    user: User = request.user  # type: ignore[assignment]
    record = (
        HearingRecord.objects.select_related("hearing__case__court", "hearing__courtroom")
        .filter(pk=pk)
        .exclude(status=RecordStatus.DRAFT)
        .first()
    )
    if record is None or not policy.can(user, "case.view", record.hearing.case):
        raise _not_found(request, "hearings.hearingrecord", pk)
    signed = {s.party_id for s in record.signatures.all()}
    parties = [p for p in records.parties_to_sign(user, record) if p.pk not in signed]
    form = forms.SignForm(request.POST or None, parties=parties) if parties else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            party = next(p for p in parties if p.pk == form.cleaned_data["party"])
            try:
                records.sign(user, record, party, form.cleaned_data["correction"])
            except records.RecordError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("You signed the hearing record."))
                return redirect("hearings:portal_record", record.pk)
    context = {
        "record": record,
        "hearing": record.hearing,
        "entries": record.entries.all(),
        "signatures": record.signatures.select_related("party"),
        "form": form if record.status == RecordStatus.SIGNING else None,
        "own": {p.pk for p in records.parties_to_sign(user, record)},
    }
    return render(request, "hearings/portal_record.html", context, status=status)
