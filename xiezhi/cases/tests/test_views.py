"""The case pages: workbench, registration, the case page and its actions, and the parties' portal.

Every case is registered through ``services.register_case`` so that numbers, timelines and time
limits are the real ones; the pages are driven through Django's test client as a browser would.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from xiezhi.audit.models import AuditEntry
from xiezhi.cases import services
from xiezhi.cases.factories import CaseFactory
from xiezhi.cases.models import AssignmentRecord, Case, CauseOfAction, EventKind, Extension
from xiezhi.lib import fake

pytestmark = pytest.mark.django_db

TODAY = date.today()
_rng = random.Random(2026)
PLAINTIFF_ID = fake.identity_number(_rng)
DEFENDANT_ID = fake.identity_number(_rng)
SECRET_NOTE = "内部：审委会讨论前勿告知当事人"


def register(personas, **changes) -> Case:
    """A civil first-instance case: the litigant persona is the plaintiff, the lawyer persona
    represents the defendant."""
    values = {
        "court": personas.court,
        "division": personas.civil,
        "case_type": "civil",
        "procedure": "first_instance_ordinary",
        "received_on": TODAY - timedelta(days=1),
        "cause": CauseOfAction.objects.get(code="civil.private_lending"),
        "claim_amount": Decimal("80000"),
        "parties": (
            services.PartyInput(
                "plaintiff",
                personas.litigant.full_name,
                id_number=PLAINTIFF_ID,
                phone="13812345678",
                user=personas.litigant,
            ),
            services.PartyInput(
                "defendant",
                "李大伟",
                id_number=DEFENDANT_ID,
                address="浙江省杭州市西湖区文三路1号",
                representatives=(
                    services.RepresentativeInput(
                        "lawyer",
                        personas.lawyer.full_name,
                        user=personas.lawyer,
                        law_firm="浙江天册律师事务所",
                    ),
                ),
            ),
        ),
    }
    values.update(changes)
    return services.register_case(personas.filing_officer, services.CaseInput(**values))


def assigned(personas, **changes) -> Case:
    """A registered case given to the judge persona, with clerk, assistant and an internal note."""
    case = register(personas, **changes)
    case.judge, case.clerk, case.assistant = personas.judge, personas.clerk, personas.assistant
    case.status, case.internal_note = "assigned", SECRET_NOTE
    case.save()
    return case


def page(client, user, url, **kwargs):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(url, **kwargs)


def act(client, user, case, action, **data):  # type: ignore[no-untyped-def]
    """POST one action form of the case page, with the version the user saw unless given."""
    client.force_login(user)
    fields = {f"{action}-{name}": value for name, value in data.items()}
    fields.setdefault(f"{action}-expected_version", Case.objects.get(pk=case.pk).version)
    return client.post(reverse("cases:act", args=[case.pk, action]), fields)


def zh(message_factory):  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        return str(message_factory())


# --- the workbench ---------------------------------------------------------------------------------


def test_workbench_lists_the_users_cases_with_time_limit_and_textual_badge(client, personas):
    case = assigned(personas)
    html = page(client, personas.judge, reverse("cases:workbench")).content.decode()
    assert case.number in html and case.title in html
    assert personas.judge.full_name in html
    assert case.deadline_on.isoformat() in html
    assert 'data-state="normal"' in html and "正常" in html  # the badge says it in words
    assert "天" in html  # days left, in words
    other = page(client, personas.other_court_judge, reverse("cases:workbench")).content.decode()
    assert case.number not in other


def test_workbench_filters_by_time_limit_status_and_text_and_htmx_gets_the_list_only(client, personas):
    normal = assigned(personas)
    overdue = assigned(personas, claim_amount=Decimal("1"))
    Case.objects.filter(pk=overdue.pk).update(deadline_on=TODAY - timedelta(days=3))
    url = reverse("cases:workbench")
    html = page(client, personas.judge, url, query_params={"deadline": "overdue"}).content.decode()
    assert overdue.number in html and normal.number not in html
    assert 'data-state="overdue"' in html and "超期 3 天" in html
    fragment = client.get(url, {"q": normal.number}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert normal.number in fragment and overdue.number not in fragment
    # Closed cases only appear when asked for.
    Case.objects.filter(pk=normal.pk).update(status="closed")
    assert normal.number not in client.get(url).content.decode()
    assert normal.number in client.get(url, {"status": "all"}).content.decode()
    # Nonsense filter values are ignored, not an error.
    assert client.get(url, {"status": "nope", "sort": "x", "page": "zz"}).status_code == 200


def test_workbench_puts_the_most_urgent_time_limit_first_and_sorts_by_number(client, personas):
    later, sooner = assigned(personas), assigned(personas)
    Case.objects.filter(pk=sooner.pk).update(deadline_on=TODAY + timedelta(days=5))
    html = page(client, personas.judge, reverse("cases:workbench")).content.decode()
    assert html.index(sooner.number) < html.index(later.number)
    assert 'data-state="approaching"' in html
    by_number = client.get(reverse("cases:workbench"), {"sort": "number"}).content.decode()
    assert by_number.index(later.number) < by_number.index(sooner.number)


def test_workbench_pages_by_fifty_and_scope_mine(client, personas):
    CaseFactory.create_batch(51, court=personas.court, division=personas.civil, judge=personas.judge)
    url = reverse("cases:workbench")
    first = page(client, personas.division_head, url).content.decode()
    assert first.count('<tr data-number="') == 50
    assert "共 51 件" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<tr data-number="') == 1
    # The division head handles none of them personally.
    assert "共 0 件" in client.get(url, {"scope": "mine"}).content.decode()


def test_division_head_sees_pending_assignments_and_assigns_at_random(client, personas):
    case = register(personas)
    html = page(client, personas.division_head, reverse("cases:workbench")).content.decode()
    assert 'data-testid="pending-assignments"' in html and case.number in html
    judge_html = page(client, personas.judge, reverse("cases:workbench")).content.decode()
    assert 'data-testid="pending-assignments"' not in judge_html
    response = act(client, personas.division_head, case, "assign", next=reverse("cases:workbench"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "assigned" and case.judge is not None
    assert AssignmentRecord.objects.filter(case=case, method="random").exists()


def test_auto_assign_with_a_stale_version_is_refused_with_the_conflict_message(client, personas):
    case = register(personas)
    client.force_login(personas.division_head)
    response = client.post(
        reverse("cases:act", args=[case.pk, "assign"]),
        {"assign-expected_version": case.version + 5, "next": reverse("cases:workbench")},
    )
    assert response.status_code == 409
    assert zh(lambda: services.VersionConflict(case.version).message) in response.content.decode()
    case.refresh_from_db()
    assert case.judge is None


def test_workbench_is_for_staff(client, personas):
    url = reverse("cases:workbench")
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert page(client, personas.litigant, url)["Location"] == reverse("cases:portal_list")
    assert page(client, personas.agency, url).status_code == 403
    for persona in ("judge", "clerk", "filing_officer", "president", "court_admin"):
        assert page(client, getattr(personas, persona), url).status_code == 200, persona


# --- registration (立案) ---------------------------------------------------------------------------


def registration_data(**changes) -> dict[str, str]:
    data = {
        "kind": "civil:first_instance_ordinary",
        "division": "",
        "cause": str(CauseOfAction.objects.get(code="civil.private_lending").pk),
        "claim_amount": "50000",
        "received_on": (TODAY - timedelta(days=1)).isoformat(),
        "title": "",
        "summary": "借款五万元到期未还。",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "30",
        "parties-0-role": "plaintiff",
        "parties-0-kind": "natural",
        "parties-0-name": "王小明",
        "parties-0-sex": "M",
        "parties-0-id_number": PLAINTIFF_ID,
        "parties-0-phone": "13900001111",
        "parties-0-rep_kind": "lawyer",
        "parties-0-rep_name": "张律",
        "parties-0-rep_law_firm": "浙江天册律师事务所",
        "parties-0-rep_licence": "33012015000000001",
        "parties-1-role": "defendant",
        "parties-1-kind": "legal",
        "parties-1-name": "杭州某某科技有限公司",
        "parties-1-credit_code": "91330106MA27XXXX1A",
        "parties-1-legal_representative": "赵某",
        "parties-1-rep_kind": "lawyer",
    }
    data.update(changes)
    return data


def test_registration_form_is_for_filing_officers(client, personas):
    url = reverse("cases:new")
    html = page(client, personas.filing_officer, url).content.decode()
    assert "民事一审普通程序" in html and "民间借贷纠纷" in html
    assert 'name="parties-1-name"' in html and 'name="parties-2-name"' not in html
    assert "盗窃罪" not in html  # causes follow the kind of case
    for persona in ("judge", "division_head", "court_admin", "other_court_admin"):
        assert page(client, getattr(personas, persona), url).status_code == 403, persona
    assert page(client, personas.litigant, url).status_code == 403


def test_registration_registers_the_case_with_parties_and_lawyer(client, personas):
    client.force_login(personas.filing_officer)
    response = client.post(reverse("cases:new"), registration_data(division=str(personas.civil.pk)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.number.endswith("民初1号") and case.division == personas.civil
    assert case.title == "王小明诉杭州某某科技有限公司民间借贷纠纷"
    assert case.claim_amount == Decimal("50000")
    plaintiff, defendant = case.parties.order_by("position")
    assert (plaintiff.role, plaintiff.id_number, plaintiff.sex) == ("plaintiff", PLAINTIFF_ID, "M")
    assert (defendant.kind, defendant.legal_representative) == ("legal", "赵某")
    rep = plaintiff.representatives.get()
    assert (rep.name, rep.law_firm, rep.licence_number) == ("张律", "浙江天册律师事务所", "33012015000000001")
    page_html = client.get(response["Location"]).content.decode()
    assert case.number in page_html


def _cause(code: str) -> str:
    return str(CauseOfAction.objects.get(code=code).pk)


BAD_INPUTS = [
    pytest.param({"parties-0-name": "  "}, "id_parties-0-name", id="party without a name"),
    pytest.param({"claim_amount": "-5"}, "id_claim_amount", id="negative claim"),
    pytest.param({"cause": "criminal.theft"}, "id_cause", id="cause of another case type"),
    pytest.param(
        {"received_on": (TODAY + timedelta(days=2)).isoformat()},
        "id_received_on",
        id="received in the future",
    ),
    pytest.param(
        {"parties-0-id_number": "110105194912310021"}, "id_parties-0-id_number", id="bad ID check digit"
    ),
    pytest.param({"parties-1-role": "prosecutor"}, "id_parties-1-role", id="role not in civil cases"),
    pytest.param(
        {"parties-0-birth_date": (TODAY + timedelta(days=30)).isoformat()},
        "id_parties-0-birth_date",
        id="born in the future",
    ),
    pytest.param({"parties-1-rep_law_firm": "某律所"}, "id_parties-1-rep_name", id="law firm without lawyer"),
    pytest.param({"kind": "civil:no_such_procedure"}, "id_kind", id="unknown kind"),
]


@pytest.mark.parametrize(("changes", "field_id"), BAD_INPUTS)
def test_registration_errors_appear_on_the_field_and_keep_what_was_typed(client, personas, changes, field_id):
    if changes.get("cause") == "criminal.theft":
        changes = {**changes, "cause": _cause("criminal.theft")}
    client.force_login(personas.filing_officer)
    response = client.post(reverse("cases:new"), registration_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert f'id="{field_id}_error"' in html, html[
        html.find("error-summary") : html.find("error-summary") + 800
    ]
    assert f'href="#{field_id}"' in html  # the summary links to the field
    # Everything typed is still there.
    assert "杭州某某科技有限公司" in html and "借款五万元到期未还。" in html and "赵某" in html
    for name, value in changes.items():
        if value.strip() and name != "kind":  # a kind that does not exist cannot be shown selected
            assert f'value="{value}"' in html, value
    assert not Case.objects.exists()


def test_registration_needs_two_parties(client, personas):
    client.force_login(personas.filing_officer)
    data = registration_data(
        **{"parties-1-name": "", "parties-1-kind": "natural", "parties-1-credit_code": ""}
    )
    data.pop("parties-1-legal_representative")
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 400
    assert 'id="id_parties-1-name_error"' in response.content.decode()
    assert not Case.objects.exists()


def test_add_party_shows_another_empty_party_without_judging_the_form(client, personas):
    client.force_login(personas.filing_officer)
    response = client.post(reverse("cases:new"), registration_data(add_party="1", claim_amount="-1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="parties-2-name"' in html and 'value="3"' in html  # TOTAL_FORMS
    assert "error-summary" not in html
    assert 'value="-1"' in html and "杭州某某科技有限公司" in html
    # The third party is optional: registering with it left empty works.
    data = registration_data(**{"parties-TOTAL_FORMS": "3", "parties-2-role": "defendant"})
    data.update({"parties-2-kind": "natural", "parties-2-rep_kind": "lawyer"})
    assert client.post(reverse("cases:new"), data).status_code == 302
    assert Case.objects.get().parties.count() == 2


def test_changing_the_kind_offers_its_causes_and_roles(client, personas):
    client.force_login(personas.filing_officer)
    data = registration_data(refresh="1", kind="criminal:first_instance_ordinary")
    html = client.post(reverse("cases:new"), data).content.decode()
    assert "盗窃罪" in html and "民间借贷纠纷" in html  # the chosen civil cause is kept visible
    assert 'value="prosecutor"' in html and 'value="accused"' in html
    assert "error-summary" not in html


# --- the case page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["judge", "clerk", "assistant", "division_head", "filing_officer", "president"]
)
def test_case_page_renders_for_the_courts_people(client, personas, persona):
    case = assigned(personas)
    response = page(client, getattr(personas, persona), reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.number in html and personas.court.name in html and "民事审判第一庭" in html
    assert SECRET_NOTE in html  # staff with a relation to the case see the internal note
    assert 'data-testid="time-limit"' in html and case.deadline_on.isoformat() in html
    assert "Rule civil-ordinary" in html and "CPL Art. 152" in html  # how the date was worked out
    assert 'data-kind="received"' in html and 'data-kind="registered"' in html


@pytest.mark.parametrize(
    "persona", ["other_court_judge", "other_division_judge", "other_court_admin", "court_admin"]
)
def test_case_page_is_404_for_staff_without_access_and_the_probe_is_audited(client, personas, persona):
    case = assigned(personas)
    response = page(client, getattr(personas, persona), reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert case.number not in response.content.decode()
    assert AuditEntry.objects.filter(action="not_found", object_id=str(case.pk)).exists()


def test_missing_case_is_404_and_parties_are_sent_to_their_portal(client, personas):
    case = assigned(personas)
    assert page(client, personas.judge, reverse("cases:detail", args=[case.pk + 999])).status_code == 404
    response = page(client, personas.litigant, reverse("cases:detail", args=[case.pk]))
    assert response["Location"] == reverse("cases:portal_detail", args=[case.pk])
    stranger = page(client, personas.stranger, reverse("cases:detail", args=[case.pk]), follow=True)
    assert stranger.status_code == 404


def test_identity_numbers_are_masked_and_revealing_one_is_audited(client, personas):
    case = assigned(personas)
    html = page(client, personas.judge, reverse("cases:detail", args=[case.pk])).content.decode()
    assert PLAINTIFF_ID not in html and DEFENDANT_ID not in html
    assert PLAINTIFF_ID[:3] + "*" * 13 + PLAINTIFF_ID[-2:] in html
    assert "13812345678" not in html and "138****5678" in html
    defendant = case.parties.get(role="defendant")
    response = client.post(
        reverse("cases:party_identity", args=[defendant.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert DEFENDANT_ID in response.content.decode() and "文三路1号" in response.content.decode()
    entry = AuditEntry.objects.for_object(defendant).get(action="read_personal")
    assert entry.actor == personas.judge and "id_number" in entry.detail
    # Someone who may not see the case gets a 404 for the party too.
    client.force_login(personas.other_court_judge)
    assert client.post(reverse("cases:party_identity", args=[defendant.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        action="not_found", object_type="cases.party", object_id=str(defendant.pk)
    ).exists()


def test_judge_takes_the_case_through_every_step_with_the_forms(client, personas):
    case = assigned(personas)
    url = reverse("cases:detail", args=[case.pk])
    html = page(client, personas.judge, url).content.decode()
    assert 'id="action-start_trial"' in html and 'id="action-close"' not in html
    assert act(client, personas.judge, case, "start_trial").status_code == 302
    assert (
        act(client, personas.judge, case, "suspend", kind="appraisal", reason="等待鉴定").status_code == 302
    )
    case.refresh_from_db()
    assert case.status == "suspended" and case.suspensions.get().reason == "等待鉴定"
    assert act(client, personas.judge, case, "resume").status_code == 302
    response = act(client, personas.judge, case, "close", outcome="judgment", closed_on=TODAY.isoformat())
    assert response.status_code == 302
    follow = client.get(url).content.decode()
    assert "已结案" in follow  # the success message names the new status
    assert (
        act(client, personas.clerk, case, "make_effective", effective_on=TODAY.isoformat()).status_code == 302
    )
    assert act(client, personas.clerk, case, "archive").status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on, case.effective_on) == (
        "archived",
        "judgment",
        TODAY,
        TODAY,
    )
    kinds = [e.kind for e in case.timeline.all()]
    assert kinds == [
        EventKind.RECEIVED,
        EventKind.REGISTERED,
        EventKind.TRIAL_STARTED,
        EventKind.SUSPENDED,
        EventKind.RESUMED,
        EventKind.CLOSED,
        EventKind.EFFECTIVE,
        EventKind.ARCHIVED,
    ]
    html = client.get(url).content.decode()
    assert 'data-testid="actions"' not in html  # nothing left to do


def test_a_suspension_without_reason_shows_the_message_on_the_field(client, personas):
    case = assigned(personas)
    services.transition(personas.judge, case, "start_trial", case.version)
    response = act(client, personas.judge, case, "suspend", kind="appraisal", reason=" ")
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("Give the reason for suspending the proceedings.") in html
    assert 'id="id_suspend-reason_error"' in html
    assert 'data-testid="action-error"' in html
    assert '<option value="appraisal" selected>' in html  # the chosen kind is kept
    assert Case.objects.get(pk=case.pk).status == "in_trial"


def test_closing_before_registration_is_refused_on_the_date_and_keeps_the_input(client, personas):
    case = assigned(personas)
    services.transition(personas.judge, case, "start_trial", case.version)
    before = (case.registered_on - timedelta(days=3)).isoformat()
    response = act(client, personas.judge, case, "close", outcome="mediation", closed_on=before)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_close-closed_on_error"' in html
    assert f'value="{before}"' in html and '<option value="mediation" selected>' in html
    with translation.override("zh-hans"):
        assert translation.gettext("A case cannot be closed before it was registered.") in html
    assert Case.objects.get(pk=case.pk).status == "in_trial"
    # The page now stands at the action's address: switching language or reloading returns to the case.
    again = client.get(reverse("cases:act", args=[case.pk, "close"]))
    assert again["Location"] == reverse("cases:detail", args=[case.pk])


def test_a_stale_version_shows_the_conflict_and_keeps_the_typed_reason(client, personas):
    case = assigned(personas)
    seen = case.version
    services.transition(personas.judge, case, "start_trial", seen)  # someone else moves on meanwhile
    client.force_login(personas.judge)
    response = client.post(
        reverse("cases:act", args=[case.pk, "suspend"]),
        {"suspend-expected_version": seen, "suspend-kind": "public_notice", "suspend-reason": "公告送达被告"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    current = Case.objects.get(pk=case.pk)
    assert zh(lambda: services.VersionConflict(current.version).message) in html
    assert "公告送达被告" in html and '<option value="public_notice" selected>' in html
    # The form now carries the version on screen, so submitting again works.
    assert f'name="suspend-expected_version" value="{current.version}"' in html
    assert current.status == "in_trial"


def test_an_action_the_user_may_not_take_is_forbidden_and_unknown_ones_404(client, personas):
    case = assigned(personas)
    assert act(client, personas.clerk, case, "start_trial").status_code == 403
    assert act(client, personas.judge, case, "no_such_action").status_code == 404
    assert act(client, personas.other_court_judge, case, "start_trial").status_code == 404
    assert Case.objects.get(pk=case.pk).status == "assigned"


def test_an_action_not_possible_in_this_status_shows_the_reason(client, personas):
    case = assigned(personas)
    response = act(client, personas.judge, case, "close", outcome="judgment", closed_on=TODAY.isoformat())
    assert response.status_code == 400
    assert 'data-testid="action-error"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "assigned"


def test_division_head_reassigns_with_a_reason(client, personas):
    case = assigned(personas)
    response = act(
        client, personas.division_head, case, "reassign", judge=str(personas.presiding_judge.pk), reason=""
    )
    assert response.status_code == 400
    assert 'id="id_reassign-reason_error"' in response.content.decode()
    response = act(
        client,
        personas.division_head,
        case,
        "reassign",
        judge=str(personas.presiding_judge.pk),
        reason="回避",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.judge == personas.presiding_judge
    assert AssignmentRecord.objects.get(case=case, method="manual").reason == "回避"


def test_appeal_opens_a_case_at_the_higher_court_and_links_both(client, personas):
    case = assigned(personas)
    services.transition(personas.judge, case, "start_trial", case.version)
    case.refresh_from_db()
    services.transition(personas.judge, case, "close", case.version, outcome="judgment", closed_on=TODAY)
    response = act(client, personas.judge, case, "appeal", appellant="", filed_on=TODAY.isoformat())
    assert response.status_code == 400
    assert 'id="id_appeal-appellant_error"' in response.content.decode()
    defendant = case.parties.get(role="defendant")
    response = act(
        client, personas.judge, case, "appeal", appellant=str(defendant.pk), filed_on=TODAY.isoformat()
    )
    assert response.status_code == 302
    second = Case.objects.get(origin=case)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert second.number in html and personas.court.parent.name in html
    assert f'href="{reverse("cases:detail", args=[second.pk])}"' not in html  # not the judge's to open


def test_panel_exclusion_and_extension_forms(client, personas):
    case = assigned(personas)
    judge, presiding, head = personas.judge, personas.presiding_judge, personas.division_head
    response = act(client, head, case, "panel", presiding=str(presiding.pk), judges=[str(judge.pk)])
    assert response.status_code == 400  # two members are not a panel
    assert 'data-testid="action-error"' in response.content.decode()
    response = act(
        client, head, case, "panel", presiding=str(presiding.pk), judges=[str(judge.pk), str(head.pk)]
    )
    assert response.status_code == 302
    assert set(case.panel.values_list("role", flat=True)) == {"presiding", "judge"}
    response = act(client, head, case, "exclusion", judge="", reason="recused")
    assert response.status_code == 400
    # Only judges of the case's division are offered.
    other = personas.other_division_judge
    exclusion_section = response.content.decode().split('id="action-exclusion"')[1]
    assert f'<option value="{presiding.pk}"' in exclusion_section
    assert f'<option value="{other.pk}"' not in exclusion_section
    assert act(client, head, case, "exclusion", judge=str(presiding.pk), reason="related").status_code == 302
    assert case.exclusions.get().user == presiding

    response = act(client, judge, case, "extension", months="0", days="0", reason="案情复杂")
    assert response.status_code == 400
    assert 'id="id_extension-months_error"' in response.content.decode()
    assert act(client, judge, case, "extension", months="3", days="0", reason="案情复杂").status_code == 302
    extension = Extension.objects.get(case=case)
    html = page(client, personas.president, reverse("cases:detail", args=[case.pk])).content.decode()
    assert "案情复杂" in html and f'id="action-decide-{extension.pk}"' in html
    response = client.post(
        reverse("cases:decide_extension", args=[case.pk, extension.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    extension.refresh_from_db()
    case.refresh_from_db()
    assert extension.status == "approved" and case.deadline_on > case.registered_on + timedelta(days=270)
    # The judge may not approve their own request.
    second = services.request_extension(judge, case, 1, 0, "再次延长")
    client.force_login(judge)
    assert (
        client.post(
            reverse("cases:decide_extension", args=[case.pk, second.pk]), {"decision": "approve"}
        ).status_code
        == 403
    )


# --- the parties' portal ------------------------------------------------------------------------


def test_party_sees_own_cases_only_with_public_events_and_no_internal_data(client, personas):
    mine = assigned(personas)
    services.request_extension(personas.judge, mine, 2, 0, "内部延长理由")  # a non-public event
    other = register(
        personas, parties=(services.PartyInput("plaintiff", "甲"), services.PartyInput("defendant", "乙"))
    )
    client.force_login(personas.litigant)
    landing = client.get(reverse("web:portal")).content.decode()
    assert mine.number in landing and other.number not in landing
    listing = client.get(reverse("cases:portal_list")).content.decode()
    assert mine.number in listing and other.number not in listing
    html = client.get(reverse("cases:portal_detail", args=[mine.pk])).content.decode()
    assert mine.number in html and "李大伟" in html
    assert SECRET_NOTE not in html and "内部延长理由" not in html
    assert DEFENDANT_ID not in html
    assert DEFENDANT_ID[:3] + "*" * 13 + DEFENDANT_ID[-2:] not in html  # not even masked
    assert PLAINTIFF_ID[:3] + "*" * 13 + PLAINTIFF_ID[-2:] in html  # their own, masked
    assert 'data-kind="extended"' not in html and 'data-kind="registered"' in html
    assert 'data-testid="hearings"' in html
    assert client.get(reverse("cases:portal_detail", args=[other.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="not_found", object_id=str(other.pk)).exists()


def test_lawyer_sees_the_client_but_not_the_other_partys_identity(client, personas):
    case = assigned(personas)
    html = page(client, personas.lawyer, reverse("cases:portal_detail", args=[case.pk])).content.decode()
    assert DEFENDANT_ID[:3] + "*" * 13 + DEFENDANT_ID[-2:] in html
    assert PLAINTIFF_ID not in html and PLAINTIFF_ID[:3] + "*" * 13 + PLAINTIFF_ID[-2:] not in html
    plaintiff = case.parties.get(role="plaintiff")
    assert client.post(reverse("cases:portal_party_identity", args=[plaintiff.pk])).status_code == 403
    defendant = case.parties.get(role="defendant")
    revealed = client.post(reverse("cases:portal_party_identity", args=[defendant.pk]))
    assert DEFENDANT_ID in revealed.content.decode()


def test_staff_are_sent_from_the_portal_to_the_workspace(client, personas):
    case = assigned(personas)
    assert page(client, personas.judge, reverse("cases:portal_list"))["Location"] == reverse(
        "cases:workbench"
    )
    response = page(client, personas.judge, reverse("cases:portal_detail", args=[case.pk]))
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert page(client, personas.agency, reverse("cases:portal_list")).status_code == 403


def test_side_action_forms_are_fetched_when_their_section_opens(client, personas):
    """The panel / exclusion / extension forms are not built with the case page: the collapsed
    section fetches its form (htmx) or links to a page holding it (no JavaScript)."""
    case = assigned(personas)
    head, judge = personas.division_head, personas.judge
    client.force_login(head)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    panel_url = reverse("cases:act", args=[case.pk, "panel"])
    assert f'hx-get="{panel_url}"' in page and f'href="{panel_url}"' in page
    assert 'name="panel-presiding"' not in page  # not rendered until asked for

    fragment = client.get(panel_url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert 'name="panel-presiding"' in html and f'action="{panel_url}"' in html
    assert f'<option value="{personas.presiding_judge.pk}"' in html

    standalone = client.get(panel_url)
    assert standalone.status_code == 200 and "<html" in standalone.content.decode()
    assert 'name="panel-presiding"' in standalone.content.decode()

    # A judge may ask for more time but not form the panel: refused, not an empty form.
    client.force_login(judge)
    assert client.get(panel_url, headers={"HX-Request": "true"}).status_code == 403
    assert client.get(panel_url)["Location"] == reverse("cases:detail", args=[case.pk])
    extension = client.get(reverse("cases:act", args=[case.pk, "extension"]), headers={"HX-Request": "true"})
    assert extension.status_code == 200 and 'name="extension-months"' in extension.content.decode()
    # A transition's address still sends a GET back to the case page.
    assert client.get(reverse("cases:act", args=[case.pk, "start_trial"]))["Location"] == reverse(
        "cases:detail", args=[case.pk]
    )
