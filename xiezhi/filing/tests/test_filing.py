"""Online filing and review: drafts, validation, idempotent submission, corrections, refusal, acceptance."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import CauseOfAction
from xiezhi.filing import services
from xiezhi.filing.models import FilingStatus

from .factories import civil_data, ready_filing, tiny_pdf

pytestmark = pytest.mark.django_db


def test_drafts_keep_whatever_was_typed_even_when_incomplete(personas):
    filing = services.new_draft(personas.litigant)
    partial = services.FilingData(court=personas.court, claims="只写了一半")
    filing = services.save_draft(personas.litigant, filing, partial, filing.version)
    filing.refresh_from_db()
    assert filing.claims == "只写了一半" and filing.status == "draft"
    problems = services.submission_problems(filing)
    assert {"procedure", "cause", "facts", "parties", "evidence"} <= set(problems)


def test_only_the_filer_edits_the_draft(personas):
    filing = services.new_draft(personas.litigant)
    with pytest.raises(PermissionDenied):
        services.save_draft(personas.stranger, filing, civil_data(personas))
    with pytest.raises(PermissionDenied):
        services.new_draft(personas.judge)


def test_submission_gives_a_receipt_with_file_hashes_and_starts_the_review_clock(personas):
    filing = ready_filing(personas)
    filing = services.submit(personas.litigant, filing, "key-1", filing.version)
    assert filing.status == FilingStatus.SUBMITTED
    assert filing.reference.startswith("XZ")
    assert filing.review_due_on is not None
    snapshot = filing.versions.get().snapshot
    assert len(snapshot["evidence"][0]["sha256"]) == 64
    assert [e.kind for e in filing.events.all()][-1] == "submitted"


def test_submitting_twice_files_once(personas):
    filing = ready_filing(personas)
    first = services.submit(personas.litigant, filing, "same-click", filing.version)
    again = services.submit(
        personas.litigant, filing, "same-click", filing.version
    )  # stale version, same key
    assert again.pk == first.pk and again.submission_count == 1
    assert first.versions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"claims": ""}, "claims"),
        ({"claim_amount": Decimal("-5")}, "claim_amount"),
        ({"cause": "criminal"}, "cause"),
        (
            {
                "parties": (
                    services.PartyData("plaintiff", "王某", id_number="11010519491231002X", is_filer=True),
                )
            },
            "parties",
        ),
        (
            {
                "parties": (
                    services.PartyData("plaintiff", "王某", id_number="110105194912310021", is_filer=True),
                    services.PartyData("defendant", "李某"),
                )
            },
            "parties.0.id_number",
        ),
        (
            {
                "parties": (
                    services.PartyData("plaintiff", "王某", id_number="11010519491231002X", is_filer=True),
                    services.PartyData("defendant", "某公司", kind="legal"),
                )
            },
            "parties.1.legal_representative",
        ),
    ],
)
def test_incomplete_applications_cannot_be_submitted(personas, changes, field):
    if changes.get("cause") == "criminal":
        changes["cause"] = CauseOfAction.objects.get(code="criminal.theft")
    filing = ready_filing(personas, **changes)
    with pytest.raises(ValidationError) as info:
        services.submit(personas.litigant, filing, "k", filing.version)
    assert field in info.value.message_dict
    filing.refresh_from_db()
    assert filing.status == "draft"


def test_a_court_of_the_wrong_level_is_refused_with_the_right_court_named(personas):
    higher = personas.court.parent
    filing = ready_filing(personas, court=higher)
    advice = services.jurisdiction_advice(filing)
    assert not advice.ok and advice.suggested_level == "basic"
    assert personas.court.name in advice.message
    big = ready_filing(personas, claim_amount=Decimal("80000000"))
    advice = services.jurisdiction_advice(big)
    assert not advice.ok and higher.name in advice.message


def test_a_lawyer_needs_the_power_of_attorney(personas):
    filing = ready_filing(personas, filer=personas.lawyer)
    assert filing.filer_is_lawyer
    problems = services.submission_problems(filing)
    assert any("委托书" in message for message in problems["evidence"])
    services.add_evidence(
        personas.lawyer, filing, io.BytesIO(tiny_pdf("poa")), "authorisation", "授权委托书", name="poa.pdf"
    )
    assert "evidence" not in services.submission_problems(filing)


def test_corrections_then_resubmission_then_acceptance(personas):
    filing = ready_filing(personas)
    filing = services.submit(personas.litigant, filing, "k1", filing.version)
    with pytest.raises(PermissionDenied):
        services.request_corrections(personas.judge, filing, ["补充借条原件照片"])
    filing = services.request_corrections(
        personas.filing_officer, filing, ["补充借条原件照片", ""], filing.version
    )
    assert filing.status == FilingStatus.CORRECTIONS
    assert filing.decisions.get().defects == ["补充借条原件照片"]
    services.add_evidence(
        personas.litigant,
        filing,
        io.BytesIO(tiny_pdf("iou")),
        "evidence",
        "借条",
        purpose="证明借贷关系",
        name="iou.pdf",
    )
    filing.refresh_from_db()
    filing = services.submit(personas.litigant, filing, "k2", filing.version)
    assert filing.submission_count == 2 and filing.versions.count() == 2
    case = services.accept(personas.filing_officer, filing, filing.version)
    filing.refresh_from_db()
    assert filing.status == FilingStatus.ACCEPTED and filing.case == case
    assert case.number and case.court == personas.court
    plaintiff = case.parties.get(role="plaintiff")
    assert plaintiff.user == personas.litigant
    assert sorted(case.case_files.values_list("kind", flat=True)) == ["complaint", "evidence"]
    assert case.fee_notices.exists()
    assert case.judge is not None  # assigned on acceptance
    kinds = [e.kind for e in filing.events.all()]
    assert kinds == ["draft_created", "submitted", "corrections_requested", "resubmitted", "accepted"]
    assert AuditEntry.objects.for_object(filing).filter(action="update").count() >= 4


def test_refusal_records_the_ground_and_defects(personas):
    filing = ready_filing(personas)
    filing = services.submit(personas.litigant, filing, "k1", filing.version)
    with pytest.raises(ValidationError):
        services.refuse(personas.filing_officer, filing, "made_up", ["x"])
    filing = services.refuse(
        personas.filing_officer,
        filing,
        "arbitration_agreement",
        ["合同第九条约定仲裁"],
        expected_version=filing.version,
    )
    decision = filing.decisions.get()
    assert decision.reason_code == "arbitration_agreement" and "第一百二十七条" in decision.legal_ground
    assert filing.status == FilingStatus.REFUSED
    with pytest.raises(services.FilingError):
        services.accept(personas.filing_officer, filing)


def test_a_submitted_application_cannot_be_changed(personas):
    filing = ready_filing(personas)
    filing = services.submit(personas.litigant, filing, "k1", filing.version)
    with pytest.raises(services.FilingError):
        services.save_draft(personas.litigant, filing, civil_data(personas))


def test_fee_estimate_for_the_summary_page(personas):
    filing = ready_filing(personas)
    estimate = services.fee_estimate(filing)
    assert estimate.amount == Decimal("2700")  # 120,000 × 2% + 300 (roles.md worked scenario)
