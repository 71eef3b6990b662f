"""Drafting a decision from its template, versions and the optimistic lock, the approval table and
its refusals, and the final DOCX and PDF read back with python-docx and pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document
from pypdf import PdfReader

from xiezhi import policy
from xiezhi.audit.models import AuditEntry
from xiezhi.cases import services as case_services
from xiezhi.documents.models import CaseFile
from xiezhi.judgments import drafting, rules
from xiezhi.judgments.models import DraftStatus, JudgmentDocument, JudgmentSource

pytestmark = pytest.mark.django_db

OPERATIVE = "一、被告甲于本判决生效之日起十日内偿还原告借款本金八万元；\n二、驳回原告的其他诉讼请求。"
FILLED = {
    "claims": "原告向本院提出诉讼请求：判令被告偿还借款本金八万元及利息。",
    "defence": "被告甲辩称：借款已部分归还。",
    "facts": "本院经审理认定事实如下：2024年3月1日，被告向原告借款八万元，约定于同年9月1日归还。",
    "reasoning": "本院认为，合法的借贷关系受法律保护。被告未按约还款，应承担还款责任。",
    "statutes": "依照《中华人民共和国民法典》第六百七十五条、《中华人民共和国民事诉讼法》第六十七条之规定",
    "operative": OPERATIVE,
}


@pytest.fixture
def in_trial(personas, assigned_case):
    return case_services.transition(personas.judge, assigned_case, "start_trial")


def _fill(judge, draft, **extra):
    return drafting.save_draft(judge, draft, {**FILLED, **extra}, draft.version)


# --- templates and composition ---------------------------------------------------------------------


def test_the_template_is_filled_from_the_case(personas, in_trial):
    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    assert draft.title == "民事判决书" and draft.kind == "judgment" and draft.version == 1
    text = drafting.compose(draft).text
    lines = text.splitlines()
    assert lines[0] == in_trial.court.name and lines[1] == "民事判决书" and lines[2] == in_trial.number
    assert f"原告：{personas.litigant.full_name}" in text and "被告：被告甲。" in text
    assert f"委托诉讼代理人：{personas.lawyer.full_name}，浙江天册律师事务所律师。" in text
    assert "民间借贷纠纷一案" in text and "依法适用普通程序" in text
    # Appeal notice: 15 days for a civil judgment, to the court above.
    assert "判决书送达之日起十五日内" in text and f"上诉于{in_trial.court.parent.name}" in text
    assert f"审判员　{personas.judge.full_name}" in text and f"书记员　{personas.clerk.full_name}" in text
    assert rules.PLACEHOLDER in text
    assert draft.versions.count() == 1


@pytest.mark.parametrize(
    ("key", "title", "lead", "notice"),
    [
        ("civil_judgment", "民事判决书", "判决如下：", "十五日内"),
        ("ruling_not_to_accept", "民事裁定书", "裁定如下：", "裁定书送达之日起十日内"),
        ("civil_mediation", "民事调解书", "经本院主持调解，当事人自愿达成如下协议：", None),
    ],
)
def test_each_civil_template(personas, in_trial, key, title, lead, notice):
    draft = drafting.start_draft(personas.judge, in_trial, key)
    text = drafting.compose(draft).text
    assert draft.title == title and lead in text
    if notice:
        assert notice in text
    else:
        assert "上诉" not in text and "本调解书经双方当事人签收后，即具有法律效力。" in text


def test_a_criminal_judgment(personas):
    from xiezhi.cases.models import CauseOfAction

    data = case_services.CaseInput(
        court=personas.court,
        division=personas.criminal,
        case_type="criminal",
        procedure="first_instance_ordinary",
        received_on=date.today(),
        cause=CauseOfAction.objects.filter(kind="criminal").first(),
        parties=(
            case_services.PartyInput("prosecutor", "某区人民检察院", kind="legal"),
            case_services.PartyInput(
                "accused", "李某", representatives=(case_services.RepresentativeInput("defender", "王律师"),)
            ),
        ),
    )
    case = case_services.register_case(personas.filing_officer, data)
    case.judge = personas.other_division_judge
    case.save()
    with pytest.raises(drafting.DraftError):
        drafting.start_draft(personas.other_division_judge, case, "civil_judgment")
    draft = drafting.start_draft(personas.other_division_judge, case, "criminal_judgment")
    text = drafting.compose(draft).text
    assert draft.title == "刑事判决书"
    assert "公诉机关：某区人民检察院" in text and "被告人：李某" in text and "辩护人：王律师" in text
    assert "接到判决书的第二日起十日内" in text
    assert "依法组成合议庭" in text  # criminal ordinary procedure is heard by a panel


def test_chinese_numerals():
    assert [rules.chinese_number(n) for n in (5, 10, 15, 21, 30)] == ["五", "十", "十五", "二十一", "三十"]
    assert rules.chinese_date(date(2025, 10, 9)) == "二〇二五年十月九日"
    assert rules.chinese_date(date(2026, 12, 31)) == "二〇二六年十二月三十一日"


# --- versions and the optimistic lock -----------------------------------------------------------------


def test_every_save_is_a_version_and_a_stale_save_is_refused(personas, in_trial):
    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    stale = draft.version
    saved = _fill(personas.judge, draft)
    assert saved.version == 2 and saved.versions.count() == 2
    with pytest.raises(drafting.DraftConflict) as conflict:
        drafting.save_draft(personas.assistant, draft, {"facts": "另一版本"}, stale)
    assert conflict.value.current == 2 and "2" in conflict.value.message
    assert saved.versions.count() == 2
    again = drafting.save_draft(personas.assistant, saved, {"facts": FILLED["facts"] + "另查明……"}, 2)
    older, newer = again.versions.get(number=2), again.versions.get(number=3)
    table = drafting.diff_html(older, newer)
    assert "另查明" in table and ("diff_add" in table or "diff_chg" in table)


def test_bad_input_is_refused_with_the_field(personas, in_trial):
    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    with pytest.raises(drafting.DraftError) as error:
        drafting.save_draft(personas.judge, draft, {"no_such_part": "x"}, 1)
    assert error.value.field == "no_such_part"
    with pytest.raises(drafting.DraftError) as error:
        drafting.submit(personas.judge, draft, 1)
    assert error.value.code == "incomplete" and error.value.field == "claims"
    with pytest.raises(drafting.DraftError) as error:
        drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    assert error.value.code == "exists"


def test_a_wrong_citation_is_flagged(personas, in_trial):
    from xiezhi.laws.services import import_laws

    import_laws(names=["中华人民共和国民事诉讼法"])
    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    draft = _fill(
        personas.judge, draft, statutes="依照《中华人民共和国民事诉讼法》第六十七条、第九百九十九条之规定"
    )
    result = drafting.check_citations(drafting.compose(draft).text)
    flagged = [c.citation.article.label for c in result.flagged]
    assert flagged == ["第九百九十九条"]


# --- approval ------------------------------------------------------------------------------------------


def test_a_sole_judge_signs_and_the_document_is_final_with_its_files(personas, in_trial):
    draft = _fill(personas.judge, drafting.start_draft(personas.judge, in_trial, "civil_judgment"))
    assert rules.required_steps(collegial=False, major=False)[0].key == "sign"
    final = drafting.submit(personas.judge, draft, draft.version)
    assert final.status == DraftStatus.FINAL and final.signed_by == personas.judge
    assert final.decided_on == date.today()
    in_trial.refresh_from_db()
    assert in_trial.status == "closed" and in_trial.outcome == "judgment"

    # DOCX and PDF are case files with their hashes; both say the case number and the operative part.
    docx_file, pdf_file = final.docx_file, final.pdf_file
    assert {docx_file.kind, pdf_file.kind} == {"judgment"} and len(pdf_file.stored.sha256) == 64
    assert CaseFile.objects.filter(case=in_trial, kind="judgment").count() == 2
    with docx_file.stored.file.open("rb") as handle:
        word = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
    with pdf_file.stored.file.open("rb") as handle:
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    for text in (word, pdf.replace("\n", "")):
        assert in_trial.number in text
        assert "被告甲于本判决生效之日起十日内偿还原告借款本金八万元" in text
        assert "驳回原告的其他诉讼请求" in text

    document = JudgmentDocument.objects.get(case=in_trial)
    assert document.source == JudgmentSource.DRAFTED and document.document_number == in_trial.number
    assert document.case_file == pdf_file and "驳回原告的其他诉讼请求" in document.text
    assert final.document == document


def test_a_major_case_needs_the_division_head(personas, in_trial):
    draft = drafting.start_draft(personas.assistant, in_trial, "civil_judgment", major=True)
    draft = _fill(personas.assistant, draft)
    submitted = drafting.submit(personas.assistant, draft, draft.version)
    assert submitted.status == DraftStatus.SUBMITTED and submitted.pending_step == "sign"
    # Neither the assistant, the clerk nor the division head may sign for the judge.
    for user in (personas.assistant, personas.clerk, personas.division_head, personas.other_division_judge):
        assert not policy.can(user, "case.judgment.approve", submitted)
        with pytest.raises(PermissionDenied):
            drafting.approve(user, submitted)
    signed = drafting.approve(personas.judge, submitted)
    assert signed.status == DraftStatus.SUBMITTED and signed.pending_step == "division_head"
    with pytest.raises(PermissionDenied):
        drafting.approve(personas.judge, signed)
    assert AuditEntry.objects.filter(
        action="permission_denied", detail="action=case.judgment.approve"
    ).exists()
    # A stale approval (the page showed an older version) is refused as a conflict.
    with pytest.raises(drafting.DraftConflict):
        drafting.approve(personas.division_head, signed, signed.version - 1)
    final = drafting.approve(personas.division_head, signed, signed.version)
    assert final.status == DraftStatus.FINAL and final.signed_by == personas.judge
    assert list(final.approvals.values_list("action", "step")) == [
        ("submitted", ""),
        ("approved", "sign"),
        ("approved", "division_head"),
    ]
    # Files are filed in the signing judge's name.
    assert final.pdf_file.added_by == personas.judge


def test_return_with_reason_then_resubmit(personas, in_trial):
    draft = _fill(
        personas.judge, drafting.start_draft(personas.judge, in_trial, "civil_judgment", major=True)
    )
    submitted = drafting.submit(personas.judge, draft, draft.version)
    assert submitted.pending_step == "division_head"  # the judge's submission is the signature
    with pytest.raises(drafting.DraftError) as error:
        drafting.return_draft(personas.division_head, submitted, "  ")
    assert error.value.code == "reason_required"
    returned = drafting.return_draft(personas.division_head, submitted, "事实部分需补充还款凭证。")
    assert returned.status == DraftStatus.RETURNED and returned.return_reason == "事实部分需补充还款凭证。"
    with pytest.raises(drafting.DraftError):
        drafting.approve(personas.division_head, returned)
    edited = drafting.save_draft(
        personas.judge, returned, {"facts": FILLED["facts"] + "有还款凭证为证。"}, returned.version
    )
    again = drafting.submit(personas.judge, edited, edited.version)
    assert again.pending_step == "division_head"
    assert drafting.approve(personas.division_head, again).status == DraftStatus.FINAL


def test_only_the_case_staff_draft(personas, in_trial):
    for user in (personas.clerk, personas.division_head, personas.litigant, personas.other_court_judge):
        with pytest.raises(PermissionDenied):
            drafting.start_draft(user, in_trial, "civil_judgment")
    assert policy.can(personas.clerk, "case.judgment.view_drafts", in_trial)
    assert not policy.can(personas.litigant, "case.judgment.view_drafts", in_trial)
    assert not policy.can(personas.lawyer, "case.judgment.view_drafts", in_trial)
