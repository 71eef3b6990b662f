"""The online filing pages, the filing review pages and the filing API, driven as a browser would.

Applications are built through ``services`` (``factories.ready_filing``) so receipts, versions,
events and audit entries are the real ones; every step a person takes goes through the views.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from xiezhi.accounts.factories import StaffFactory
from xiezhi.accounts.models import ApiToken, StaffRole
from xiezhi.accounts.rules import identity_number_problem, mobile_problem
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import CauseOfAction
from xiezhi.courts.factories import DivisionFactory
from xiezhi.courts.models import DivisionKind
from xiezhi.filing import forms, rules, services
from xiezhi.filing.models import Filing, FilingStatus

from . import factories
from .factories import ready_filing, tiny_pdf

pytestmark = pytest.mark.django_db

GOOD_ID = "11010519491231002X"


# --- helpers ---------------------------------------------------------------------------------------


class _Inputs(HTMLParser):
    """Attributes of every input, select and textarea of a page, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "select", "textarea"):
            values = dict(attrs)
            if values.get("id"):
                self.by_id[values["id"]] = values


def inputs(response) -> dict[str, dict[str, str | None]]:  # type: ignore[no-untyped-def]
    parser = _Inputs()
    parser.feed(response.content.decode())
    return parser.by_id


def as_user(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def not_found_entries(object_id: Any) -> int:
    return AuditEntry.objects.filter(
        action="not_found", object_type="filing.filing", object_id=str(object_id)
    ).count()


def post_data(filing: Filing, **overrides: Any) -> dict[str, Any]:
    """What the edit page posts for ``filing`` as it stands (every field, as the browser sends it)."""
    parties = list(filing.parties.all())
    data: dict[str, Any] = {
        "version": filing.version,
        "court": filing.court_id or "",
        "kind": forms.kind_value(filing.case_type, filing.procedure),
        "cause": filing.cause_id or "",
        "claim_amount": "" if filing.claim_amount is None else str(filing.claim_amount),
        "claims": filing.claims,
        "facts": filing.facts,
        "parties-TOTAL_FORMS": len(parties),
        "parties-INITIAL_FORMS": len(parties),
        "parties-MIN_NUM_FORMS": 0,
        "parties-MAX_NUM_FORMS": 30,
        "evidence-kind": "evidence",
        "evidence-title": "",
        "evidence-purpose": "",
    }
    for index, party in enumerate(parties):
        prefix = f"parties-{index}-"
        for name in ("role", "kind", "name", "sex", "id_number", "credit_code", "legal_representative"):
            data[prefix + name] = getattr(party, name)
        data[prefix + "address"] = party.address
        data[prefix + "phone"] = party.phone
        data[prefix + "birth_date"] = party.birth_date.isoformat() if party.birth_date else ""
        if party.is_filer:
            data[prefix + "is_filer"] = "on"
    data.update(overrides)
    return data


def submit_via_page(client, filing: Filing, key: str = ""):  # type: ignore[no-untyped-def]
    page = client.get(reverse("filing:review", args=[filing.pk]))
    assert page.status_code == 200, page.content.decode()[:2000]
    key = key or page.context["idempotency_key"]
    return client.post(
        reverse("filing:review", args=[filing.pk]),
        {"idempotency_key": key, "expected_version": filing.version},
    )


def submitted(personas, **changes: Any) -> Filing:
    filing = ready_filing(personas, **changes)
    return services.submit(personas.litigant, filing, f"key-{filing.pk}", filing.version)


# --- the filer's pages -------------------------------------------------------------------------------


def test_a_new_application_starts_with_the_filers_own_data(client, personas):
    litigant = personas.litigant
    litigant.mobile = "13800571234"
    litigant.save(update_fields=["mobile"])
    as_user(client, litigant)
    assert client.get(reverse("filing:mine")).status_code == 200
    assert client.get(reverse("filing:new")).status_code == 200
    response = client.post(reverse("filing:new"))
    filing = Filing.objects.get(filer=litigant)
    assert response.status_code == 302 and response.url == reverse("filing:edit", args=[filing.pk])

    page = client.get(response.url)
    assert page.status_code == 200
    fields = inputs(page)
    assert fields["id_parties-0-name"]["value"] == litigant.full_name
    assert fields["id_parties-0-phone"]["value"] == litigant.mobile
    assert fields["id_parties-0-id_number"]["value"] == litigant.litigant_profile.identity_number
    assert "checked" in fields["id_parties-0-is_filer"]
    assert "checked" not in fields["id_parties-1-is_filer"]
    assert fields["id_parties-1-role"] is not None  # the opposing party is offered too
    # Prefilling read the account's identity data: that read is logged.
    assert AuditEntry.objects.filter(
        action="read_personal", detail__contains="online filing prefill"
    ).exists()
    mine = client.get(reverse("filing:mine"))
    assert reverse("filing:edit", args=[filing.pk]) in mine.content.decode()


def test_links_to_filing_from_the_portal_home_and_workspace(client, personas):
    as_user(client, personas.litigant)
    assert reverse("filing:new") in client.get(reverse("web:portal")).content.decode()
    assert reverse("filing:mine") in client.get(reverse("web:home")).content.decode()
    as_user(client, personas.filing_officer)
    assert reverse("filing:queue") in client.get(reverse("web:workspace")).content.decode()
    as_user(client, personas.judge)
    assert reverse("filing:queue") not in client.get(reverse("web:workspace")).content.decode()


def test_court_staff_do_not_file_and_anonymous_visitors_log_in(client, personas):
    assert client.get(reverse("filing:mine")).status_code == 302
    as_user(client, personas.judge)
    assert client.post(reverse("filing:new")).status_code == 403
    assert not Filing.objects.exists()


@pytest.mark.parametrize("name", ["track", "edit", "review"])
def test_someone_elses_application_is_not_found_and_the_probe_audited(client, personas, name):
    filing = ready_filing(personas)
    as_user(client, personas.stranger)
    response = client.get(reverse(f"filing:{name}", args=[filing.pk]))
    assert response.status_code == 404
    assert not_found_entries(filing.pk) == 1
    # A missing id looks exactly the same.
    assert client.get(reverse(f"filing:{name}", args=[filing.pk + 1000])).status_code == 404
    assert not_found_entries(filing.pk + 1000) == 1


def test_save_draft_keeps_incomplete_input(client, personas):
    filing = services.new_draft(personas.litigant)
    as_user(client, personas.litigant)
    data = post_data(
        filing,
        court=personas.court.pk,
        claims="判令被告",
        claim_amount="-5",  # a draft keeps even what submission will refuse
        **{
            "parties-TOTAL_FORMS": 2,
            "parties-0-role": "plaintiff",
            "parties-0-kind": "natural",
            "parties-0-name": "王某",
            "parties-0-id_number": "123",
            "parties-0-is_filer": "on",
            "parties-1-role": "defendant",
            "parties-1-kind": "natural",
            "parties-1-name": "",
            "action": "save",
        },
    )
    response = client.post(reverse("filing:edit", args=[filing.pk]), data)
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT and filing.claims == "判令被告"
    assert filing.claim_amount == Decimal("-5") and filing.court == personas.court
    assert [(p.name, p.id_number) for p in filing.parties.all()] == [
        ("王某", "123")
    ]  # the empty one left out
    page = client.get(response.url)
    assert "Draft saved at" in page.content.decode() or "草稿已于" in page.content.decode()
    assert page.context["saved_at"] == filing.updated_at


def test_a_value_that_cannot_be_stored_is_explained_and_nothing_typed_is_lost(client, personas):
    filing = ready_filing(personas)
    version = filing.version
    as_user(client, personas.litigant)
    data = post_data(filing, claims="新的诉讼请求文字", **{"parties-0-birth_date": "明年", "action": "save"})
    response = client.post(reverse("filing:edit", args=[filing.pk]), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["birth_date"]
    assert "新的诉讼请求文字" in response.content.decode()
    assert inputs(response)["id_parties-0-birth_date"]["value"] == "明年"
    filing.refresh_from_db()
    assert filing.version == version and filing.claims != "新的诉讼请求文字"


def test_continue_to_review_shows_the_problems_on_the_fields_with_the_input_kept(client, personas):
    filing = services.new_draft(personas.litigant)
    as_user(client, personas.litigant)
    data = post_data(
        filing,
        court=personas.court.pk,
        kind="civil:first_instance_ordinary",
        claims="判令被告还款",
        facts="太短",
        **{
            "parties-TOTAL_FORMS": 2,
            "parties-0-role": "plaintiff",
            "parties-0-kind": "natural",
            "parties-0-name": "王某",
            "parties-0-id_number": "110105194912310021",  # wrong check character
            "parties-0-is_filer": "on",
            "parties-1-role": "defendant",
            "parties-1-kind": "legal",
            "parties-1-name": "某某有限公司",
            "action": "continue",
        },
    )
    response = client.post(reverse("filing:edit", args=[filing.pk]), data)
    assert response.status_code == 400
    form, parties = response.context["form"], response.context["formset"].forms
    assert form.errors["cause"] and form.errors["facts"]
    assert parties[0].errors["id_number"] and parties[1].errors["legal_representative"]
    assert response.context["evidence_errors"]  # no complaint uploaded
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert inputs(response)["id_parties-0-id_number"]["value"] == "110105194912310021"
    assert inputs(response)["id_parties-1-name"]["value"] == "某某有限公司"
    # The draft was saved all the same, and the page is based on the saved version.
    filing.refresh_from_db()
    assert filing.claims == "判令被告还款" and filing.parties.count() == 2
    assert inputs(response)["id_version"]["value"] == str(filing.version)


def test_adding_a_party_and_removing_a_document_save_what_was_typed_first(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    url = reverse("filing:edit", args=[filing.pk])
    response = client.post(
        url, post_data(filing, facts="补充后的事实与理由，共计二十个字以上的描述。", action="add_party")
    )
    assert response.status_code == 302 and response.url.startswith(url + "?more=1")
    page = client.get(response.url)
    assert len(page.context["formset"].forms) == 3 and "id_parties-2-name" in inputs(page)
    filing.refresh_from_db()
    assert filing.facts.startswith("补充后的事实与理由")
    evidence = filing.evidence.get()
    response = client.post(url, post_data(filing, claims="判令被告还款八万元。", remove=str(evidence.pk)))
    assert response.status_code == 302
    filing.refresh_from_db()
    assert not filing.evidence.exists() and filing.claims == "判令被告还款八万元。"
    # A party marked for removal is left out on the next save.
    response = client.post(url, post_data(filing, action="save", **{"parties-1-DELETE": "on"}))
    assert [p.role for p in filing.parties.all()] == ["plaintiff"]


def test_a_stale_draft_is_a_conflict_that_keeps_what_was_typed(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    stale = post_data(filing, claims="另一个标签页里写的请求", action="save")
    services.save_draft(personas.litigant, filing, factories.civil_data(personas), filing.version)
    response = client.post(reverse("filing:edit", args=[filing.pk]), stale)
    assert response.status_code == 409
    filing.refresh_from_db()
    assert "另一个标签页里写的请求" in response.content.decode() and filing.claims != "另一个标签页里写的请求"
    assert inputs(response)["id_version"]["value"] == str(filing.version)  # saving again now works
    again = client.post(reverse("filing:edit", args=[filing.pk]), {**stale, "version": filing.version})
    assert again.status_code == 302
    filing.refresh_from_db()
    assert filing.claims == "另一个标签页里写的请求"


def test_continue_with_a_complete_application_goes_to_the_summary(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    response = client.post(reverse("filing:edit", args=[filing.pk]), post_data(filing, action="continue"))
    assert response.status_code == 302 and response.url == reverse("filing:review", args=[filing.pk])


def test_a_court_of_the_wrong_level_gets_advice_naming_the_court_that_would_hear_it(client, personas):
    filing = ready_filing(personas, court=personas.court.parent)
    as_user(client, personas.litigant)
    review = client.get(reverse("filing:review", args=[filing.pk]))
    assert review.status_code == 200
    assert personas.court.name in review.content.decode()
    assert not review.context["advice"].ok
    assert 'data-testid="submit-form"' not in review.content.decode()
    edit = client.post(reverse("filing:edit", args=[filing.pk]), post_data(filing, action="continue"))
    assert edit.status_code == 400
    assert any(personas.court.name in str(e) for e in edit.context["form"].errors["court"])


def test_the_summary_itemises_the_fee_and_each_render_carries_a_fresh_key(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    first = client.get(reverse("filing:review", args=[filing.pk]))
    second = client.get(reverse("filing:review", args=[filing.pk]))
    html = first.content.decode()
    assert first.context["fee"]["amount"] == Decimal("2700")
    assert "2,700.00" in html and 'data-testid="fee-working"' in html
    assert len(first.context["fee"]["rows"]) >= 1 and first.context["fee"]["explain"]
    assert "民事起诉状" in html and "李大伟" in html
    key_1, key_2 = inputs(first), inputs(second)
    hidden = [a for a in key_1.values() if a.get("name") == "idempotency_key"]
    assert not hidden  # hidden inputs have no id: read them from the context instead
    assert first.context["idempotency_key"] != second.context["idempotency_key"]
    assert f'name="expected_version" value="{filing.version}"' in html
    assert key_2 is not None


def test_submitting_twice_with_the_same_key_files_once(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    page = client.get(reverse("filing:review", args=[filing.pk]))
    body = {"idempotency_key": page.context["idempotency_key"], "expected_version": filing.version}
    first = client.post(reverse("filing:review", args=[filing.pk]), body)
    again = client.post(reverse("filing:review", args=[filing.pk]), body)  # double click / retry
    track = reverse("filing:track", args=[filing.pk])
    assert first.status_code == again.status_code == 302 and first.url == again.url == track
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.submission_count == 1
    assert filing.versions.count() == 1
    assert [e.kind for e in filing.events.all()].count("submitted") == 1


def test_the_tracking_page_shows_the_receipt_file_hashes_and_steps(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    submit_via_page(client, filing)
    filing.refresh_from_db()
    page = client.get(reverse("filing:track", args=[filing.pk]))
    html = page.content.decode()
    evidence = filing.evidence.select_related("stored").get()
    assert filing.reference in html
    assert evidence.stored.sha256 in html and f">{evidence.stored.size}<" in html
    assert [item["event"].kind for item in page.context["events"]] == ["draft_created", "submitted"]
    assert filing.review_due_on.isoformat() in html
    # The filer's own file downloads; a stranger's attempt is not found and audited.
    download = client.get(reverse("filing:download", args=[filing.pk, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="export", object_type="filing.filingevidence").exists()
    as_user(client, personas.stranger)
    assert client.get(reverse("filing:download", args=[filing.pk, evidence.pk])).status_code == 404
    assert not_found_entries(filing.pk) == 1


def test_a_submitted_application_cannot_be_edited(client, personas):
    filing = submitted(personas)
    as_user(client, personas.litigant)
    response = client.post(reverse("filing:edit", args=[filing.pk]), post_data(filing, claims="改了"))
    assert response.status_code == 302 and response.url == reverse("filing:track", args=[filing.pk])
    filing.refresh_from_db()
    assert filing.claims != "改了"


# --- the filing review ---------------------------------------------------------------------------


def test_corrections_then_resubmission_then_acceptance_through_the_pages(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    submit_via_page(client, filing)
    filing.refresh_from_db()

    as_user(client, personas.filing_officer)
    queue = client.get(reverse("filing:queue"))
    assert filing.reference in queue.content.decode()
    detail = client.get(reverse("filing:detail", args=[filing.pk]))
    assert detail.status_code == 200
    assert GOOD_ID in detail.content.decode()  # identity data in full for the review …
    reads = AuditEntry.objects.filter(
        action="read_personal", object_type="filing.filing", object_id=str(filing.pk)
    )
    assert reads.count() == 1 and "filing review" in reads.get().detail  # … and the read logged once
    response = client.post(
        reverse("filing:decide", args=[filing.pk, "corrections"]),
        {
            "corrections-expected_version": filing.version,
            "corrections-defects": "补充借条照片\n\n写明利息计算方式",
        },
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.CORRECTIONS

    as_user(client, personas.litigant)
    track = client.get(reverse("filing:track", args=[filing.pk]))
    html = track.content.decode()
    assert "补充借条照片" in html and "写明利息计算方式" in html
    assert reverse("filing:edit", args=[filing.pk]) in html
    upload = post_data(
        filing,
        action="upload",
        **{
            "evidence-kind": "evidence",
            "evidence-title": "借条",
            "evidence-purpose": "证明借贷关系",
            "evidence-file": SimpleUploadedFile("iou.pdf", tiny_pdf("iou"), "application/pdf"),
        },
    )
    response = client.post(reverse("filing:edit", args=[filing.pk]), upload)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert sorted(filing.evidence.values_list("kind", flat=True)) == ["complaint", "evidence"]
    filing.refresh_from_db()
    assert submit_via_page(client, filing).status_code == 302
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and filing.submission_count == 2

    as_user(client, personas.filing_officer)
    detail = client.get(reverse("filing:detail", args=[filing.pk]))
    versions = detail.context["versions"]
    assert [row.version.number for row in versions] == [2, 1]  # newest first
    assert any("借条" in after for _what, _before, after in versions[0].changes)
    response = client.post(
        reverse("filing:decide", args=[filing.pk, "accept"]), {"accept-expected_version": filing.version}
    )
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED and filing.case is not None
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[filing.case.pk])

    as_user(client, personas.litigant)
    track = client.get(reverse("filing:track", args=[filing.pk]))
    html = track.content.decode()
    assert filing.case.number in html
    assert reverse("cases:portal_detail", args=[filing.case.pk]) in html
    notice = filing.case.fee_notices.get()
    assert track.context["notices"][0].amount == notice.amount == Decimal("2700")
    assert "2,700.00" in html
    kinds = [item["event"].kind for item in track.context["events"]]
    assert kinds == ["draft_created", "submitted", "corrections_requested", "resubmitted", "accepted"]


def test_a_refusal_with_its_ground_defects_and_the_right_to_appeal(client, personas):
    filing = submitted(personas)
    as_user(client, personas.filing_officer)
    detail = client.get(reverse("filing:detail", args=[filing.pk]))
    refuse = detail.context["decision_forms"]["refuse"]
    prefilled = refuse["legal_ground"].value()
    assert prefilled in {ground for _zh, _en, ground in rules.REFUSAL_REASONS.values()}
    response = client.post(
        reverse("filing:decide", args=[filing.pk, "refuse"]),
        {
            "refuse-expected_version": filing.version,
            "refuse-reason_code": "arbitration_agreement",
            "refuse-legal_ground": prefilled,  # left as prefilled: follows the ground chosen
            "refuse-defects": "借款合同第九条约定仲裁",
        },
    )
    assert response.status_code == 302
    decision = filing.decisions.get()
    assert decision.legal_ground == rules.REFUSAL_REASONS["arbitration_agreement"][2]

    as_user(client, personas.litigant)
    html = client.get(reverse("filing:track", args=[filing.pk])).content.decode()
    assert rules.REFUSAL_REASONS["arbitration_agreement"][0] in html
    assert "第一百二十七条" in html and "借款合同第九条约定仲裁" in html
    assert 'data-testid="appeal-note"' in html and "10" in html


def test_the_ground_follows_the_chosen_reason_with_scripts(client, personas):
    filing = submitted(personas)
    as_user(client, personas.filing_officer)
    response = client.get(
        reverse("filing:ground", args=[filing.pk]),
        {"refuse-reason_code": "res_judicata"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert rules.REFUSAL_REASONS["res_judicata"][2] in response.content.decode()


def test_decision_errors_are_shown_with_the_input_kept_never_a_500(client, personas):
    filing = submitted(personas)
    as_user(client, personas.filing_officer)
    url = reverse("filing:decide", args=[filing.pk, "corrections"])
    empty = client.post(url, {"corrections-expected_version": filing.version, "corrections-defects": "  \n "})
    assert empty.status_code == 400 and empty.context["alert"]
    stale = client.post(
        url, {"corrections-expected_version": filing.version - 1, "corrections-defects": "补充证据"}
    )
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "补充证据" in html and 'data-testid="action-error"' in html
    form = stale.context["decision_forms"]["corrections"]
    assert form["expected_version"].value() == str(filing.version)  # resubmitting now works
    assert (
        client.post(
            url, {"corrections-expected_version": filing.version, "corrections-defects": "补充证据"}
        ).status_code
        == 302
    )
    # A decision on an application no longer waiting for review is refused on the page.
    again = client.post(
        reverse("filing:decide", args=[filing.pk, "accept"]), {"accept-expected_version": filing.version + 1}
    )
    assert again.status_code == 400


def test_the_queue_puts_the_least_time_left_first_with_a_textual_badge(client, personas):
    today = timezone.localdate()
    filings = [submitted(personas) for _ in range(3)]
    for filing, days in zip(filings, (5, -1, 1), strict=True):
        Filing.objects.filter(pk=filing.pk).update(review_due_on=today + timedelta(days=days))
    draft = ready_filing(personas)  # never submitted: not in the queue
    as_user(client, personas.filing_officer)
    response = client.get(reverse("filing:queue"))
    rows = response.context["rows"]
    assert [row.filing.pk for row in rows] == [filings[1].pk, filings[2].pk, filings[0].pk]
    assert [row.state for row in rows] == ["overdue", "approaching", "normal"]
    html = response.content.decode()
    assert (
        html.index(filings[1].reference) < html.index(filings[2].reference) < html.index(filings[0].reference)
    )
    assert draft.pk not in [row.filing.pk for row in rows]
    assert 'data-testid="due-badge"' in html


def test_review_pages_are_for_the_filing_division_of_the_court(client, personas):
    filing = submitted(personas)
    as_user(client, personas.judge)
    assert client.get(reverse("filing:queue")).status_code == 403
    assert client.get(reverse("filing:detail", args=[filing.pk])).status_code == 404
    filing_division = DivisionFactory(court=personas.other_court, kind=DivisionKind.FILING, name="立案庭")
    other_officer = StaffFactory(
        role=StaffRole.FILING_OFFICER, division=filing_division, court=personas.other_court
    )
    as_user(client, other_officer.user)
    assert client.get(reverse("filing:detail", args=[filing.pk])).status_code == 404
    assert (
        client.post(
            reverse("filing:decide", args=[filing.pk, "accept"]), {"accept-expected_version": filing.version}
        ).status_code
        == 404
    )
    assert not_found_entries(filing.pk) == 3
    assert client.get(reverse("filing:queue")).status_code == 200  # their own court's queue
    draft = ready_filing(personas)
    as_user(client, personas.filing_officer)
    assert client.get(reverse("filing:detail", args=[draft.pk])).status_code == 404  # a draft is the filer's
    evidence = filing.evidence.get()
    assert client.get(reverse("filing:staff_download", args=[filing.pk, evidence.pk])).status_code == 200


# --- the browser is told the server's rules ------------------------------------------------------------


PHONES = [
    "13800571234",
    "19912345678",
    "12800571234",
    "1380057123",
    "0571-88888888",
    "88888888",
    "-",
    "abc",
    "1380-0571",
]
ID_NUMBERS = [
    GOOD_ID,
    GOOD_ID.lower(),
    "110105194912310021",
    "11010519491231002",
    "1101051949123100211",
    "A10105194912310021",
    "",
]


def _server_phone_ok(personas, phone: str) -> bool:
    filing = ready_filing(personas)
    party = filing.parties.get(is_filer=True)
    party.phone = phone
    party.save()
    return "parties.0.phone" not in services.submission_problems(filing)


def test_the_browser_is_told_the_same_rules_as_the_server(client, personas):
    filing = ready_filing(personas)
    as_user(client, personas.litigant)
    fields = inputs(client.get(reverse("filing:edit", args=[filing.pk])))

    for name in (
        "id_court",
        "id_kind",
        "id_cause",
        "id_claims",
        "id_facts",
        "id_parties-0-name",
        "id_parties-0-role",
    ):
        assert "required" in fields[name], name
    assert "required" in fields["id_parties-0-id_number"]  # the filing party, a natural person
    assert "required" not in fields["id_parties-1-id_number"]
    assert fields["id_claims"]["minlength"] == str(forms.CLAIMS_MIN_LENGTH)
    assert fields["id_facts"]["minlength"] == str(forms.FACTS_MIN_LENGTH)
    assert fields["id_claim_amount"]["min"] == "0" and fields["id_claim_amount"]["type"] == "number"
    assert fields["id_parties-0-name"]["maxlength"] == "120"
    assert fields["id_parties-0-id_number"]["maxlength"] == "18"
    phone_pattern = fields["id_parties-0-phone"]["pattern"]
    id_pattern = fields["id_parties-0-id_number"]["pattern"]
    assert phone_pattern == forms.PHONE_PATTERN and id_pattern == forms.ID_NUMBER_PATTERN
    assert forms.MOBILE_PATTERN in phone_pattern

    # A ``pattern`` must match the whole value, which is what re.fullmatch does.
    for value in ["13800571234", "12800571234", "1380057123", "138005712345", "23800571234"]:
        assert (re.fullmatch(forms.MOBILE_PATTERN, value) is not None) == (mobile_problem(value) is None), (
            value
        )
    for phone in PHONES:
        assert (re.fullmatch(phone_pattern, phone) is not None) == _server_phone_ok(personas, phone), phone
    format_problem = identity_number_problem("x")
    for number in ID_NUMBERS:
        if not number:
            continue
        browser_ok = re.fullmatch(id_pattern, number) is not None
        assert browser_ok == (identity_number_problem(number) != format_problem), number
        if identity_number_problem(number) is None:
            assert browser_ok  # the browser never refuses what the server accepts

    # Lengths and the amount: what the browser refuses is what the server refuses.
    for field, minimum in (("claims", forms.CLAIMS_MIN_LENGTH), ("facts", forms.FACTS_MIN_LENGTH)):
        for text, ok in (("字" * (minimum - 1), False), ("字" * minimum, True)):
            setattr(filing, field, text)
            assert (field not in services.submission_problems(filing)) is ok, (field, text)
        filing.refresh_from_db()
    for amount, ok in ((Decimal("-0.01"), False), (Decimal("0"), True)):
        filing.claim_amount = amount
        assert ("claim_amount" not in services.submission_problems(filing)) is ok


# --- the API ----------------------------------------------------------------------------------------------


def _token(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A token made directly (the token endpoint issues them to staff and agencies only)."""
    raw, prefix, key_hash = ApiToken.new_secret()
    ApiToken.objects.create(
        user=user, name="test", prefix=prefix, key_hash=key_hash, expires_at=ApiToken.default_expiry()
    )
    return {"Authorization": f"Bearer {raw}"}


def test_api_lists_mine_or_my_courts_queue_and_shows_one_application(client, personas):
    filing = submitted(personas)
    draft = ready_filing(personas)
    litigant, officer = _token(personas.litigant), _token(personas.filing_officer)
    mine = client.get("/api/v1/filings", headers=litigant).json()
    assert mine["scope"] == "mine" and {i["id"] for i in mine["items"]} == {filing.pk, draft.pk}
    queue = client.get("/api/v1/filings", headers=officer).json()
    assert queue["scope"] == "queue" and [i["id"] for i in queue["items"]] == [filing.pk]
    detail = client.get(f"/api/v1/filings/{filing.pk}", headers=officer).json()
    assert detail["reference"] == filing.reference and detail["status"] == "submitted"
    assert [e["kind"] for e in detail["events"]] == ["draft_created", "submitted"]
    assert len(detail["files"][0]["sha256"]) == 64
    assert client.get("/api/v1/filings").status_code == 401
    judge = client.get("/api/v1/filings", headers=_token(personas.judge))
    assert judge.status_code == 403 and judge.json()["error"]["code"] == "forbidden"
    hidden = client.get(f"/api/v1/filings/{draft.pk}", headers=officer)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert not_found_entries(draft.pk) == 1


def test_api_submission_is_idempotent_and_errors_are_structured(client, personas):
    filing = ready_filing(personas)
    headers = _token(personas.litigant)
    url = f"/api/v1/filings/{filing.pk}/submit"
    body = {"idempotency_key": "retry-me", "expected_version": filing.version}
    first = client.post(url, body, content_type="application/json", headers=headers)
    again = client.post(url, body, content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"] and again.json()["submission_count"] == 1
    other = client.post(
        url,
        {"idempotency_key": "another", "expected_version": 1},
        content_type="application/json",
        headers=headers,
    )
    assert other.status_code == 409 and other.json()["error"]["code"] == "conflict"

    incomplete = services.new_draft(personas.litigant)
    response = client.post(
        f"/api/v1/filings/{incomplete.pk}/submit",
        {"idempotency_key": "k", "expected_version": incomplete.version},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "not_ready" and {"court", "claims", "evidence"} <= {
        d["field"] for d in error["details"]
    }
    bad = client.post(url, {"idempotency_key": ""}, content_type="application/json", headers=headers)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"
    stranger = client.post(url, body, content_type="application/json", headers=_token(personas.stranger))
    assert stranger.status_code == 404


def test_a_lawyer_files_for_a_client_with_the_power_of_attorney(client, personas):
    lawyer = personas.lawyer
    as_user(client, lawyer)
    response = client.post(reverse("filing:new"))
    filing = Filing.objects.get(filer=lawyer)
    page = client.get(response.url)
    assert inputs(page)["id_parties-0-name"].get("value") in (None, "")  # not the lawyer's own data
    services.save_draft(
        lawyer,
        filing,
        services.FilingData(
            court=personas.court,
            case_type="civil",
            procedure="first_instance_ordinary",
            cause=CauseOfAction.objects.get(code="civil.private_lending"),
            claim_amount=Decimal("50000"),
            claims="判令被告偿还借款。",
            facts="被告借款五万元，到期未还，经多次催讨无果。",
            parties=(
                services.PartyData("plaintiff", "委托人张三", id_number=GOOD_ID, is_filer=True),
                services.PartyData("defendant", "李四"),
            ),
        ),
    )
    services.add_evidence(lawyer, filing, io.BytesIO(tiny_pdf("c")), "complaint", "起诉状", name="c.pdf")
    filing.refresh_from_db()
    response = client.post(reverse("filing:edit", args=[filing.pk]), post_data(filing, action="continue"))
    assert response.status_code == 400
    assert any("授权委托书" in e for e in response.context["evidence_errors"])
