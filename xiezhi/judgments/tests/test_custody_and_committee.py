"""A detained defendant's appeal window is not extended by holidays (CrimPL Art. 105 ¶4, configurable);
a criminal case flagged major goes to the judicial committee (审判委员会), whose step the president holds."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from xiezhi.accounts.factories import StaffFactory
from xiezhi.accounts.models import StaffRole
from xiezhi.cases import services as case_services
from xiezhi.cases.models import CauseOfAction, PanelMember
from xiezhi.documents import selectors
from xiezhi.documents import services as documents
from xiezhi.judgments import drafting, rules

from .test_drafting import FILLED

pytestmark = pytest.mark.django_db

CHINA = timezone.get_fixed_timezone(8 * 60)
CRIMINAL = {
    "charge": "公诉机关指控：2025年3月1日，被告人李某在某商场内窃取他人手机一部，价值人民币三千元。",
    "defence": "被告人李某对指控的事实和罪名无异议。",
    "facts": "本院经审理查明的事实与指控一致。",
    "reasoning": "本院认为，被告人李某以非法占有为目的，秘密窃取他人财物，数额较大，其行为已构成盗窃罪。",
    "statutes": "依照《中华人民共和国刑法》第二百六十四条之规定",
    "operative": "被告人李某犯盗窃罪，判处有期徒刑六个月，并处罚金人民币二千元。",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(monkeypatch):
    state = {"now": datetime(2025, 9, 1, 9, 0, tzinfo=CHINA)}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_day(day: date, hh: int = 9) -> None:
        state["now"] = datetime.combine(day, time(hh), tzinfo=CHINA)

    return set_day


@pytest.fixture
def criminal_head(personas):
    return StaffFactory(role=StaffRole.DIVISION_HEAD, division=personas.criminal).user


@pytest.fixture
def criminal_case(personas, clock):
    clock(date(2025, 9, 1))
    data = case_services.CaseInput(
        court=personas.court,
        division=personas.criminal,
        case_type="criminal",
        procedure="first_instance_ordinary",
        received_on=date(2025, 9, 1),
        cause=CauseOfAction.objects.filter(kind="criminal").first(),
        parties=(
            case_services.PartyInput("prosecutor", "某区人民检察院", kind="legal"),
            case_services.PartyInput("accused", "李某"),
        ),
    )
    case = case_services.register_case(personas.filing_officer, data)
    case.judge, case.clerk, case.status = personas.other_division_judge, personas.clerk, "assigned"
    case.save()
    # The collegial panel: the judge in charge presiding, two judges of the division.
    PanelMember.objects.create(case=case, user=personas.other_division_judge, role="presiding")
    for _n in range(2):
        member = StaffFactory(role=StaffRole.JUDGE, division=personas.criminal).user
        PanelMember.objects.create(case=case, user=member, role="judge")
    return case_services.transition(personas.other_division_judge, case, "start_trial")


def _draft(personas, case, *, major=False):  # type: ignore[no-untyped-def]
    judge = personas.other_division_judge
    draft = drafting.start_draft(judge, case, "criminal_judgment", major=major)
    return drafting.save_draft(judge, draft, CRIMINAL, draft.version)


# --- custody (CrimPL Art. 105 ¶4) ------------------------------------------------------------------


def _final_served(personas, case, criminal_head, clock, served_on):  # type: ignore[no-untyped-def]
    judge = personas.other_division_judge
    draft = drafting.submit(judge, _draft(personas, case), None)
    assert draft.pending_step == "division_head"  # criminal ordinary procedure: a collegial panel
    draft = drafting.approve(criminal_head, draft)
    assert draft.status == "final"
    prosecutor, accused = case.parties.order_by("position", "pk")
    draft = drafting.set_custody(judge, draft, [accused])
    clock(served_on)
    for party in (prosecutor, accused):  # served in person (the defendant in the detention centre)
        service = documents.serve(personas.clerk, draft.pdf_file, party, "in_person")
        documents.mark_served(personas.clerk, service, served_on)
    return draft, prosecutor, accused


def test_a_detained_defendants_window_ends_on_a_holiday(personas, criminal_case, criminal_head, clock):
    clock(date(2025, 9, 15))
    draft, prosecutor, accused = _final_served(
        personas, criminal_case, criminal_head, clock, date(2025, 9, 22)
    )
    # Served Mon 2025-09-22: day 10 (CrimPL Art. 230) = Thu 10-02, inside the 1–8 October holiday.
    status = drafting.effect_status(draft, today=date(2025, 10, 5))
    windows = {w.party.pk: w for w in status.windows}
    assert windows[accused.pk].in_custody and windows[accused.pk].due == date(2025, 10, 2)
    assert any("not applied by configuration" in step for step in windows[accused.pk].explanation)
    # The procuratorate's window rolls forward to the first working day after the holiday.
    assert not windows[prosecutor.pk].in_custody and windows[prosecutor.pk].due == date(2025, 10, 9)
    assert status.state == "running" and status.last_day == date(2025, 10, 9)


def test_the_clerks_service_table_counts_the_detained_defendants_window_as_the_judgment_does(
    client, personas, criminal_case, criminal_head, clock
):
    clock(date(2025, 9, 15))
    _draft, prosecutor, accused = _final_served(
        personas, criminal_case, criminal_head, clock, date(2025, 9, 22)
    )
    panel = selectors.case_panel(personas.clerk, criminal_case)
    served = {row.party.pk: row.records[0] for row in panel.parties}
    # Judgment: day 10 (Thu 10-02, a holiday) stays for the detained defendant; ruling: day 5 (09-27).
    assert (served[accused.pk].appeal_judgment, served[accused.pk].appeal_ruling) == (
        date(2025, 10, 2),
        date(2025, 9, 27),
    )
    assert served[accused.pk].appeal_in_custody
    assert served[prosecutor.pk].appeal_judgment == date(2025, 10, 9)
    assert not served[prosecutor.pk].appeal_in_custody

    client.force_login(personas.clerk)
    page = client.get(reverse("cases:detail", args=[criminal_case.pk])).content.decode()
    assert page.count('data-testid="appeal-in-custody"') == 1
    assert "2025-10-02" in page and "2025-10-09" in page


def test_the_custody_rule_can_be_switched_off(personas, criminal_case, criminal_head, clock, settings):
    settings.XIEZHI_CUSTODY_NO_ROLL_FORWARD = False
    clock(date(2025, 9, 15))
    draft, _prosecutor, accused = _final_served(
        personas, criminal_case, criminal_head, clock, date(2025, 9, 22)
    )
    window = next(w for w in drafting.effect_status(draft).windows if w.party.pk == accused.pk)
    assert window.in_custody and window.due == date(2025, 10, 9)


def test_released_before_the_deadline_the_window_rolls_forward_again(
    personas, criminal_case, criminal_head, clock
):
    clock(date(2025, 9, 15))
    draft, _prosecutor, accused = _final_served(
        personas, criminal_case, criminal_head, clock, date(2025, 9, 22)
    )
    draft = drafting.set_custody(personas.other_division_judge, draft, [])
    window = next(w for w in drafting.effect_status(draft).windows if w.party.pk == accused.pk)
    assert not window.in_custody and window.due == date(2025, 10, 9)


def test_custody_is_recorded_only_for_defendants_by_the_drafters(personas, assigned_case, criminal_case):
    draft = _draft(personas, criminal_case)
    prosecutor, accused = criminal_case.parties.order_by("position", "pk")
    with pytest.raises(drafting.DraftError) as refused:
        drafting.set_custody(personas.other_division_judge, draft, [prosecutor])
    assert refused.value.field == "detained" and "李某" not in refused.value.message
    with pytest.raises(PermissionDenied):
        drafting.set_custody(personas.clerk, draft, [accused])
    version = draft.version
    draft = drafting.set_custody(personas.other_division_judge, draft, [accused])
    assert list(draft.detained.all()) == [accused] and draft.version == version + 1
    assert drafting.set_custody(personas.other_division_judge, draft, [accused]).version == version + 1
    case_services.transition(personas.judge, assigned_case, "start_trial")
    civil = drafting.start_draft(personas.judge, assigned_case, "civil_judgment")
    with pytest.raises(drafting.DraftError):
        drafting.set_custody(personas.judge, civil, [assigned_case.parties.first()])


def test_the_editor_asks_about_custody_in_criminal_cases(client, personas, criminal_case):
    draft = _draft(personas, criminal_case)
    accused = criminal_case.parties.get(role="accused")
    client.force_login(personas.other_division_judge)
    url = reverse("judgments:draft", args=[criminal_case.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="detained"' in page.content.decode()
    data = {"action": "save", "version": draft.version, "detained": [accused.pk]}
    data.update({f"s_{k}": v for k, v in draft.sections.items()})
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert list(draft.detained.all()) == [accused]


# --- the judicial committee (审判委员会) ---------------------------------------------------------------


def test_the_approval_table():
    keys = lambda **kw: [s.key for s in rules.required_steps(**kw)]  # noqa: E731
    assert keys(collegial=False, major=False, case_type="criminal") == ["sign"]
    assert keys(collegial=True, major=False, case_type="criminal") == ["sign", "division_head"]
    assert keys(collegial=True, major=True, case_type="criminal") == ["sign", "division_head", "committee"]
    assert keys(collegial=False, major=True, case_type="civil") == ["sign", "division_head"]
    assert keys(collegial=False, major=True) == ["sign", "division_head"]


def test_a_major_criminal_case_is_decided_by_the_committee(
    client, personas, criminal_case, criminal_head, clock
):
    clock(date(2025, 9, 15))
    judge = personas.other_division_judge
    draft = drafting.submit(judge, _draft(personas, criminal_case, major=True), None)
    draft = drafting.approve(criminal_head, draft)
    assert draft.status == "submitted" and draft.pending_step == "committee"
    with pytest.raises(PermissionDenied):  # the division head's step is done; the president's is next
        drafting.approve(criminal_head, draft)
    # The president finds it in the approval queue.
    client.force_login(personas.president)
    queue = client.get(reverse("judgments:approvals")).content.decode()
    assert reverse("judgments:draft", args=[criminal_case.pk]) in queue
    # Referral refused (or the committee decided otherwise): back to the judge with the reason.
    draft = drafting.return_draft(personas.president, draft, "审判委员会决定：量刑部分重新评议。")
    assert draft.status == "returned" and draft.return_reason.startswith("审判委员会")
    draft = drafting.submit(judge, draft, draft.version)
    draft = drafting.approve(criminal_head, draft)
    draft = drafting.approve(personas.president, draft, draft.version)
    assert draft.status == "final" and draft.pdf_file is not None
    steps = [(a.step, a.action) for a in draft.approvals.order_by("pk")]
    assert steps[-3:] == [("sign", "approved"), ("division_head", "approved"), ("committee", "approved")]


def test_a_major_civil_case_stops_at_the_division_head(personas, assigned_case):
    case = case_services.transition(personas.judge, assigned_case, "start_trial")
    draft = drafting.start_draft(personas.judge, case, "civil_judgment", major=True)
    draft = drafting.save_draft(personas.judge, draft, FILLED, draft.version)
    draft = drafting.submit(personas.judge, draft, draft.version)
    assert draft.pending_step == "division_head"
    assert drafting.approve(personas.division_head, draft).status == "final"


def test_the_api_sets_custody_and_shows_it(client, personas, assigned_case, criminal_case):
    from xiezhi.accounts.services import issue_api_token

    draft = _draft(personas, criminal_case)
    accused = criminal_case.parties.get(role="accused")
    _token, raw = issue_api_token(personas.other_division_judge, "test")
    headers = {"Authorization": f"Bearer {raw}"}
    url = f"/api/v1/cases/{criminal_case.pk}/drafts/{draft.pk}/custody"
    other = assigned_case.parties.first()
    response = client.put(url, {"detained": [other.pk]}, content_type="application/json", headers=headers)
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "detained"
    response = client.put(url, {"detained": [accused.pk]}, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["detained"] == [accused.pk]
    _token, raw = issue_api_token(personas.clerk, "test")
    response = client.put(
        url, {"detained": []}, content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 403
