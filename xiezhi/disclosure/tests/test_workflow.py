"""The publication workflow: queueing effective decisions (refusals, deadline, idempotency), the
Art. 4 grounds, flagged documents, and the state changes with their permissions and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import CauseOfAction
from xiezhi.disclosure import rules, services
from xiezhi.disclosure.factories import (
    UNSTRUCTURED_TEXT,
    EffectiveCaseFactory,
    JudgmentDocumentFactory,
)
from xiezhi.disclosure.models import Publication, PublicationState


def test_an_effective_judgment_is_redacted_and_waits_for_review_with_its_deadline(personas, judgment):
    publication = services.enqueue(judgment)
    assert publication.state == PublicationState.IN_REVIEW
    assert publication.policy == "full" and publication.pipeline_version
    assert "王建国" not in publication.redacted_text and "王某" in publication.redacted_text
    assert "周立平" in publication.redacted_text
    # 7 working days after the day of effect (Art. 7), by the court's calendar.
    from xiezhi.cases.services import court_calendar

    expected = rules.add_working_days(judgment.case.effective_on, 7, court_calendar().is_workday)
    assert publication.deadline_on == expected
    assert publication.deadline_on - judgment.case.effective_on >= timedelta(days=9)
    # Queued and prepared, both audited.
    assert (
        AuditEntry.objects.filter(object_type="disclosure.publication", object_id=str(publication.pk)).count()
        >= 2
    )


def test_a_case_that_is_not_effective_is_refused_with_the_reason(personas):
    case = EffectiveCaseFactory(court=personas.court, status="closed", effective_on=None)
    document = JudgmentDocumentFactory(case=case)
    with pytest.raises(services.PublicationRefused) as refused:
        services.enqueue(document, by=personas.clerk)
    assert refused.value.code == "not_effective"
    assert "Art. 7" in refused.value.message or "第七条" in refused.value.message  # English or Chinese UI
    assert not Publication.objects.exists()


def test_an_appealed_first_instance_judgment_waits_for_the_appeal(personas):
    first = EffectiveCaseFactory(court=personas.court, status="closed", effective_on=None)
    document = JudgmentDocumentFactory(case=first)
    appeal = EffectiveCaseFactory(
        court=personas.court,
        status="in_trial",
        effective_on=None,
        origin=first,
        origin_kind="appeal",
        procedure="second_instance",
    )
    with pytest.raises(services.PublicationRefused) as refused:
        services.enqueue(document)
    assert refused.value.code == "appeal_pending"
    # The appeal takes effect: both decisions are queued, the first with the appeal's deadline.
    appeal.status, appeal.effective_on = "effective", date.today() - timedelta(days=1)
    appeal.save()
    report = services.enqueue_effective()
    assert report.total_created == 1
    assert Publication.objects.get(document=document).effective_on == appeal.effective_on


def test_enqueue_scans_effective_cases_once(personas, judgment):
    other = JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court, status="registered"))
    first = services.enqueue_effective()
    assert first.total_created == 1 and first.created == {"in_review": 1}
    again = services.enqueue_effective()
    assert again.total_created == 0 and again.existing == 1
    assert not Publication.objects.filter(document=other).exists()


def test_the_enqueue_command_is_idempotent(personas, judgment, capsys):
    from django.core.management import call_command

    call_command("disclosure", "enqueue")
    call_command("disclosure", "enqueue", "--court", personas.court.code)
    out = capsys.readouterr().out
    assert "queued 1 (in_review 1)" in out and "queued 0 (none); already queued 1" in out
    assert Publication.objects.count() == 1


def test_making_a_case_effective_queues_its_judgment(personas, django_capture_on_commit_callbacks):
    from xiezhi.cases import services as case_services

    case = EffectiveCaseFactory(
        court=personas.court,
        division=personas.civil,
        status="closed",
        effective_on=None,
        judge=personas.judge,
    )
    document = JudgmentDocumentFactory(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.transition(personas.judge, case, "make_effective", effective_on=date.today())
    assert Publication.objects.get(document=document).state == PublicationState.IN_REVIEW


@pytest.mark.parametrize(
    ("case_type", "cause", "kind", "title", "text", "reasons", "ground"),
    [
        ("civil", "民间借贷纠纷", "judgment", "民事判决书", "", (), None),
        ("civil", "离婚纠纷", "judgment", "民事判决书", "", (), "divorce"),
        ("civil", "离婚后财产纠纷", "judgment", "民事判决书", "", (), None),
        ("civil", "", "judgment", "民事判决书", "", ("not_publishable_divorce",), "divorce"),
        ("civil", "抚养纠纷", "judgment", "民事判决书", "", (), "custody"),
        ("criminal", "盗窃罪", "judgment", "刑事判决书", "被告人犯罪时未满十八周岁", (), "juvenile_crime"),
        (
            "criminal",
            "盗窃罪",
            "judgment",
            "刑事判决书",
            "",
            ("not_publishable_juvenile_crime",),
            "juvenile_crime",
        ),
        ("criminal", "故意泄露国家秘密罪", "judgment", "刑事判决书", "", (), "state_secret"),
        ("civil", "民间借贷纠纷", "mediation", "民事调解书", "", (), "mediation"),
        ("administrative", "行政许可", "mediation", "行政调解书", "", (), None),
        ("civil", "环境污染民事公益诉讼", "mediation", "民事调解书", "", (), None),
        ("special_procedure", "申请确认人民调解协议", "ruling", "民事裁定书", "", (), "mediation"),
        ("civil", "民间借贷纠纷", "ruling", "民事裁定书", "", (), None),
        ("civil", "民间借贷纠纷", "other", "通知书", "", (), "kind"),
    ],
)
def test_withholding_grounds(case_type, cause, kind, title, text, reasons, ground):
    assert (
        rules.withholding_ground(
            case_type=case_type, cause=cause, kind=kind, title=title, text=text, review_reasons=reasons
        )
        == ground
    )


def test_a_divorce_judgment_is_withheld_with_its_ground(personas):
    case = EffectiveCaseFactory(court=personas.court, cause=CauseOfAction.objects.get(code="civil.divorce"))
    publication = services.enqueue(JudgmentDocumentFactory(case=case))
    assert publication.state == PublicationState.WITHHELD
    assert publication.ground == "divorce"
    assert "Art. 4(4)" in publication.reason or "第四条第（四）项" in publication.reason
    with pytest.raises(services.PublicationRefused):
        services.publish(personas.clerk, publication)


def test_a_document_without_structure_is_flagged_and_never_published_unconfirmed(personas):
    case = EffectiveCaseFactory(court=personas.court)
    document = JudgmentDocumentFactory(case=case, text=UNSTRUCTURED_TEXT)
    publication = services.enqueue(document)
    assert publication.state == PublicationState.IN_REVIEW
    assert publication.needs_review and "no_structure" in publication.review_reasons
    # Identifiers are removed all the same.
    assert "330106196003020019" not in publication.redacted_text
    with pytest.raises(services.PublicationRefused) as refused:
        services.publish(personas.clerk, publication)
    assert refused.value.code == "flagged"
    assert services.publish(personas.clerk, publication, confirm_flagged=True).state == "published"


def test_reviewers_add_and_undo_redactions(personas, judgment):
    publication = services.enqueue(judgment)
    # The reviewer hides the firm (as an example of a string the anonymizer kept) everywhere.
    publication = services.add_redaction(personas.clerk, publication, "湖墅南路")
    assert "湖墅南路" not in publication.redacted_text
    with pytest.raises(ValidationError):
        services.add_redaction(personas.clerk, publication, "不存在的文字")
    with pytest.raises(ValidationError):
        services.add_redaction(personas.clerk, publication, "李明远", "李明远先生")
    publication = services.add_redaction(personas.clerk, publication, "李明远")
    assert "李明远" not in publication.redacted_text and "李某" in publication.redacted_text
    publication = services.undo_redaction(personas.clerk, publication, f"m{len(publication.manual) - 1}")
    assert "李明远" in publication.redacted_text
    # Undoing one of the anonymizer's replacements of a name undoes it everywhere; restoring re-applies.
    index = next(i for i, r in enumerate(publication.auto_replacements) if r["original"] == "孙丽华")
    publication = services.undo_redaction(personas.clerk, publication, f"a{index}")
    assert "孙丽华" in publication.redacted_text
    publication = services.restore_redaction(personas.clerk, publication, f"a{index}")
    assert "孙丽华" not in publication.redacted_text
    with pytest.raises(ValidationError):
        services.undo_redaction(personas.clerk, publication, "a9999")


def test_a_reviewer_widens_a_name_the_anonymizer_cut_short():
    auto = [{"start": 0, "end": 2, "original": "王永", "replacement": "王某", "kind": "person"}]
    composed = rules.compose(
        "王永发说，王永发走了", auto, (), [{"original": "王永发", "replacement": "王某"}]
    )
    assert composed.text == "王某说，王某走了"


def test_who_may_review_and_unpublish(personas, judgment):
    publication = services.enqueue(judgment)
    for user in (
        personas.litigant,
        personas.lawyer,
        personas.stranger,
        personas.other_court_admin,
        personas.other_court_judge,
        personas.filing_officer,
        personas.judge,
    ):
        with pytest.raises(PermissionDenied):
            services.publish(user, publication)
    publication = services.publish(personas.assistant, publication)
    for user in (personas.clerk, personas.assistant, personas.judge):
        with pytest.raises(PermissionDenied):
            services.unpublish(user, publication, "wrong redaction")
    with pytest.raises(ValidationError):
        services.unpublish(personas.division_head, publication, "  ")
    publication = services.unpublish(personas.division_head, publication, "a party's name was missed")
    assert publication.state == PublicationState.UNPUBLISHED and publication.reason
    # Back to review for a correction, then published again.
    publication = services.reopen(personas.clerk, publication, "corrected")
    assert publication.state == PublicationState.IN_REVIEW
    assert services.publish(personas.clerk, publication).state == PublicationState.PUBLISHED


def test_withholding_needs_a_reason_and_a_known_ground(personas, judgment):
    publication = services.enqueue(judgment)
    with pytest.raises(ValidationError):
        services.withhold(personas.clerk, publication, "mediation", "")
    with pytest.raises(ValidationError):
        services.withhold(personas.clerk, publication, "nonsense", "x")
    publication = services.withhold(personas.clerk, publication, "mediation", "以调解方式结案")
    assert publication.state == "withheld" and publication.ground == "mediation"
    with pytest.raises(services.PublicationRefused):
        services.add_redaction(personas.clerk, publication, "王建国")


def test_other_grounds_are_not_withheld_directly_but_need_approval(personas, judgment):
    publication = services.enqueue(judgment)
    with pytest.raises(services.PublicationRefused) as refused:
        services.withhold(personas.president, publication, "other", "涉及商业秘密")
    assert refused.value.code == "approval_required"
    publication.refresh_from_db()
    assert publication.state == PublicationState.IN_REVIEW


@pytest.fixture
def judged(personas, judgment):
    """The judgment's case with the personas' judge in charge (civil division)."""
    judgment.case.judge = personas.judge
    judgment.case.save()
    return judgment


def test_art_4_5_approval_chain_judge_division_head_president(personas, judged):
    from xiezhi.disclosure.models import WithholdingRequest

    publication = services.enqueue(judged)
    # Only the judge in charge (or presiding judge) proposes, with written reasons.
    for user in (personas.clerk, personas.division_head, personas.president, personas.other_division_judge):
        with pytest.raises(PermissionDenied):
            services.propose_withholding(user, publication, "理由")
    with pytest.raises(ValidationError):
        services.propose_withholding(personas.judge, publication, "  ")
    request = services.propose_withholding(personas.judge, publication, "涉及商业秘密，公开将损害第三方利益")
    assert request.state == "proposed"
    with pytest.raises(services.PublicationRefused) as refused:
        services.propose_withholding(personas.judge, publication, "again")
    assert refused.value.code == "already_proposed"
    # Nothing is published while the proposal is open.
    with pytest.raises(services.PublicationRefused) as refused:
        services.publish(personas.clerk, publication)
    assert refused.value.code == "withholding_pending"
    # The president cannot skip the division head's review; the judge cannot review.
    with pytest.raises(services.PublicationRefused) as refused:
        services.decide_withholding(personas.president, request, approve=True)
    assert refused.value.code == "wrong_state"
    for user in (personas.judge, personas.clerk, personas.president):
        with pytest.raises(PermissionDenied):
            services.review_withholding(user, request, endorse=True)
    request = services.review_withholding(personas.division_head, request, endorse=True, note="同意")
    assert request.state == "endorsed" and request.reviewed_by == personas.division_head
    for user in (personas.judge, personas.division_head):
        with pytest.raises(PermissionDenied):
            services.decide_withholding(user, request, approve=True)
    request = services.decide_withholding(personas.president, request, approve=True)
    assert request.state == "approved" and request.decided_by == personas.president
    publication.refresh_from_db()
    assert publication.state == PublicationState.WITHHELD and publication.ground == "other"
    assert publication.reason.startswith("涉及商业秘密") and publication.decided_by == personas.president
    # Audited: the request's creation and every step, the reasons never in the log.
    entries = AuditEntry.objects.filter(
        object_type="disclosure.withholdingrequest", object_id=str(request.pk)
    )
    assert entries.count() >= 3
    assert not any("商业秘密" in str(e.after) + str(e.before) for e in entries)
    assert WithholdingRequest.objects.filter(publication=publication).count() == 1


def test_a_rejected_proposal_lets_the_document_be_published(personas, judged):
    publication = services.enqueue(judged)
    request = services.propose_withholding(personas.judge, publication, "不宜公开")
    with pytest.raises(ValidationError):
        services.review_withholding(personas.division_head, request, endorse=False, note="")
    request = services.review_withholding(personas.division_head, request, endorse=False, note="理由不充分")
    assert request.state == "rejected"
    with pytest.raises(services.PublicationRefused):
        services.review_withholding(personas.division_head, request, endorse=True)
    # A new proposal may follow; the president refuses it this time.
    second = services.propose_withholding(personas.judge, publication, "补充理由")
    second = services.review_withholding(personas.division_head, second, endorse=True)
    with pytest.raises(ValidationError):
        services.decide_withholding(personas.president, second, approve=False)
    second = services.decide_withholding(personas.president, second, approve=False, note="应当公开")
    assert second.state == "rejected"
    assert services.publish(personas.clerk, publication).state == PublicationState.PUBLISHED


def test_the_court_policy_chooses_the_anonymization_unless_the_call_does(personas, judgment, settings):
    settings.XIEZHI_ANONYMIZE_POLICY = "full"
    personas.court.anonymize_policy = "spc2016"
    personas.court.save()
    assert services.enqueue(judgment).policy == "spc2016"
    other = JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court, division=personas.civil))
    assert services.enqueue(other, policy_name="full").policy == "full"
    personas.court.anonymize_policy = ""
    personas.court.save()
    third = JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court, division=personas.civil))
    settings.XIEZHI_ANONYMIZE_POLICY = "spc2016"
    assert services.enqueue(third).policy == "spc2016"
    fourth = JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court, division=personas.civil))
    settings.XIEZHI_ANONYMIZE_POLICY = "full"
    assert services.enqueue(fourth).policy == "full"


def test_a_changed_text_must_be_redacted_again_before_publishing(personas, judgment):
    publication = services.enqueue(judgment)
    judgment.text += "\n补正：原告王建国的住址更正。"
    judgment.sha256 = "0" * 64
    judgment.save()
    with pytest.raises(services.PublicationRefused) as refused:
        services.publish(personas.clerk, publication)
    assert refused.value.code == "text_changed"
    publication = services.redact_again(personas.clerk, publication, "spc2016")
    assert publication.policy == "spc2016"
    assert services.publish(personas.clerk, publication).state == "published"
