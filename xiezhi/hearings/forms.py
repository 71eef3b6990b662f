"""The scheduling form: local date, start and end times, room, mode, publicity, bench and clerk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezhi.accounts.models import User
from xiezhi.cases.models import Case
from xiezhi.courts.models import Courtroom

from . import selectors, services
from .models import ClosedGround, Hearing, HearingMode


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


class CourtroomField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Courtroom) -> str:
        return f"{obj.name}（{_('equipped for online hearings')}）" if obj.supports_online else obj.name


class HearingForm(forms.Form):
    """Schedule (or move) a hearing; the field errors come from the service's problems."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    mode = forms.ChoiceField(label=_("Mode"), choices=HearingMode.choices, initial=HearingMode.IN_PERSON)
    courtroom = CourtroomField(
        label=_("Courtroom"),
        queryset=Courtroom.objects.none(),
        required=False,
        empty_label=_("— none (online hearing) —"),
    )
    is_public = forms.TypedChoiceField(
        label=_("Publicity"),
        choices=[("1", _("Public hearing (公开审理)")), ("0", _("Closed hearing (不公开审理)"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    closed_ground = forms.ChoiceField(
        label=_("Ground for a closed hearing"),
        choices=[("", "—"), *ClosedGround.choices],
        required=False,
        help_text=_("Required for a closed hearing."),
    )
    closed_note = forms.CharField(label=_("Note on the ground"), max_length=200, required=False)
    panel = PersonChoiceField(
        label=_("Bench"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Judges and people's assessors; none chosen: the case's panel or judge in charge."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    clerk = PersonField(
        label=_("Clerk"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— the case's clerk —"),
    )

    def __init__(self, *args: Any, case: Case, hearing: Hearing | None = None, **kwargs: Any) -> None:
        if hearing is not None and not args and "initial" not in kwargs:
            start, end = timezone.localtime(hearing.starts_at), timezone.localtime(hearing.ends_at)
            kwargs["initial"] = {
                "day": start.date(),
                "start": start.time(),
                "end": end.time(),
                "mode": hearing.mode,
                "courtroom": hearing.courtroom_id,
                "is_public": "1" if hearing.is_public else "0",
                "closed_ground": hearing.closed_ground,
                "closed_note": hearing.closed_note,
                "panel": [u.pk for u in hearing.panel.all()],
                "clerk": hearing.clerk_id,
            }
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["courtroom"].queryset = Courtroom.objects.filter(court=case.court, is_active=True)
        self.fields["panel"].queryset = selectors.court_staff(case.court_id, services.BENCH_ROLES)
        self.fields["clerk"].queryset = selectors.court_staff(case.court_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The hearing must end after it starts."))
        return data

    def to_input(self) -> services.HearingInput:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return services.HearingInput(
            starts_at=datetime.combine(data["day"], data["start"], tzinfo=tz),
            ends_at=datetime.combine(data["day"], data["end"], tzinfo=tz),
            courtroom=data["courtroom"],
            mode=data["mode"],
            is_public=data["is_public"],
            closed_ground=data["closed_ground"],
            closed_note=data["closed_note"],
            panel=list(data["panel"]),
            clerk=data["clerk"],
        )

    #: Service problem fields → form fields.
    FIELD_MAP = {"starts_at": "day", "ends_at": "end", "case": None, "hearing": None, "reason": None}

    def add_problems(self, problems: list[services.Problem]) -> None:
        for problem in problems:
            name = self.FIELD_MAP.get(problem.field, problem.field)
            if name == "day" and problem.code in ("outside_hours",):
                name = "start"
            self.add_error(name if name in self.fields else None, problem.message)


class RescheduleForm(HearingForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)
    gap_exception = forms.BooleanField(
        label=_("Force majeure, or the parties agree to a later date"),
        required=False,
        help_text=_("A postponed civil hearing is otherwise held within one month (SPC 2019 rule Art. 5)."),
    )

    field_order = ["reason"]

    def add_problems(self, problems: list[services.Problem]) -> None:
        for problem in problems:
            if problem.field == "reason":
                self.add_error("reason", problem.message)
        super().add_problems([p for p in problems if p.field != "reason"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class ParticipantsForm(forms.Form):
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: role, a colon, the name (e.g. 原告：张三)."),
        max_length=5000,
    )


class EntryForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    speaker = forms.TypedChoiceField(label=_("Speaker"), coerce=int)
    text = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)

    def __init__(self, *args: Any, participants: list[dict[str, Any]], **kwargs: Any) -> None:
        from .models import RecordStep

        super().__init__(*args, **kwargs)
        self.fields["step"].choices = RecordStep.choices
        self.fields["speaker"].choices = [
            (i, f"{p['role']}：{p['name']}") for i, p in enumerate(participants)
        ]


class SignForm(forms.Form):
    party = forms.TypedChoiceField(label=_("Signing for"), coerce=int)
    correction = forms.CharField(
        label=_("Corrections to your statements (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If a statement of yours is missing or wrong, say what should be corrected."),
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(p.pk, p.name) for p in parties]
