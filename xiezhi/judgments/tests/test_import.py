"""The judgment import: counts, courts, closed cases, idempotency, conflicts, numbering, resuming."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from xiezhi.audit.models import AuditEntry
from xiezhi.audit.services import verify_chain
from xiezhi.cases import services as case_services
from xiezhi.cases.models import Case, CaseNumberCounter, Party, Representative
from xiezhi.courts.models import Court
from xiezhi.judgments import selectors
from xiezhi.judgments.models import ImportCheckpoint, ImportedCourt, ImportRun, JudgmentDocument
from xiezhi.judgments.services import JudgmentImportError, import_judgments

from .conftest import sample

pytestmark = pytest.mark.django_db


def test_a_folder_is_imported_into_closed_cases(folder):
    report = import_judgments(folder, batch_size=4)
    counts = report.counts
    assert (counts.read, counts.imported, counts.unchanged, counts.conflicts, counts.failed) == (
        16,
        12,
        0,
        0,
        4,
    )
    assert report.finished and report.files == 9
    assert report.unsupported_files == [str(folder / "notes.md")]
    assert report.reason_counts == {"unreadable": 3, "no_case_number": 1}
    reasons = "\n".join(report.reasons)
    assert "broken.pdf: damaged PDF that cannot be read" in reasons
    assert "batch.jsonl:3: line is not JSON" in reasons
    assert 'batch.jsonl:5: no "text" (the judgment as a string) in the object' in reasons
    assert "23_unstructured.txt: no case number in the header" in reasons

    # Courts the database did not know were created from the headers, level from the code.
    assert counts.courts_created == 7 == ImportedCourt.objects.count()
    court = Court.objects.get(code="浙0106")
    assert (court.name, court.level, court.parent) == ("浙江省杭州市西湖区人民法院", "basic", None)
    assert court.import_origin.note == "parent court unknown: set it in the admin"
    assert Court.objects.get(code="川01").level == "intermediate"

    assert Case.objects.count() == 12 == JudgmentDocument.objects.count()
    case = Case.objects.get(number="（2023）浙0106刑初587号")
    assert (case.status, case.outcome, case.case_type, case.procedure, case.type_code) == (
        "closed", "judgment", "criminal", "first_instance_ordinary", "刑初",
    )  # fmt: skip
    assert (case.year, case.sequence, case.closed_on, case.received_on, case.registered_on) == (
        2023, 587, date(2023, 8, 15), date(2023, 8, 15), None,
    )  # fmt: skip
    assert case.title == "钱卫东、孙美玲、吴天宇诈骗罪案"
    assert case.is_collegial and case.judge is None
    parties = list(case.parties.order_by("position").values_list("role", "name", "kind", "sex", "birth_date"))
    assert parties == [
        ("prosecutor", "杭州市西湖区人民检察院", "legal", "", None),
        ("accused", "钱卫东", "natural", "M", date(1985, 3, 14)),
        ("accused", "孙美玲", "natural", "F", date(1990, 7, 30)),
        ("accused", "吴天宇", "natural", "M", date(2002, 1, 5)),
    ]
    defenders = Representative.objects.filter(party__name="钱卫东").values_list("kind", "name", "law_firm")
    assert sorted(defenders, key=lambda rep: rep[1] != "孔令辉") == [
        ("defender", "孔令辉", "浙江六和律师事务所"),
        ("defender", "严小芳", "浙江六和律师事务所"),
    ]

    document = case.judgment_documents.get()
    assert document.text == sample("01_criminal_several_defendants")
    assert (document.kind, document.title, document.document_number) == (
        "judgment",
        "刑事判决书",
        case.number,
    )
    assert (document.decided_on, document.source) == (date(2023, 8, 15), "imported")
    assert document.metadata["panel"][0] == {"role": "presiding", "role_label": "审判长", "name": "陆明远",
                                             "start": document.metadata["panel"][0]["start"],
                                             "end": document.metadata["panel"][0]["end"]}  # fmt: skip
    assert [s["months"] for s in document.metadata["sentences"]] == [90, 34, 8]
    assert document.metadata["import"]["procedure_basis"] == "inferred: collegial panel"
    assert document.problem_count == 0 and document.parser_version == "1"

    # Final documents make the case effective; a mediation statement is final.
    statuses = dict(Case.objects.values_list("number", "status"))
    assert statuses["（2023）川01民终14208号"] == "effective"
    assert statuses["（2023）京0108民初66016号"] == "effective"  # the GB18030 text file
    assert statuses["（2021）豫03民终6021号"] == "effective"  # the Word document
    assert Case.objects.get(number="（2023）京0108民初66016号").outcome == "mediation"
    pdf_doc = JudgmentDocument.objects.get(document_number="（2024）浙0106执恢88号之一")
    assert pdf_doc.case.number == "（2024）浙0106执恢88号" and pdf_doc.case.outcome == "termination"
    assert pdf_doc.source_path.endswith("pdf/10_enforcement.pdf")
    # The PDF's lines were broken at the page width; the parties are read whole all the same.
    assert list(
        pdf_doc.case.parties.order_by("position").values_list("role", "name", "legal_representative")
    ) == [
        ("enforcement_applicant", "杭州联华小额贷款股份有限公司", "施国强"),
        ("judgment_debtor", "鲍小雨", ""),
    ]
    docx_case = Case.objects.get(number="（2021）豫03民终6021号")
    assert list(docx_case.parties.order_by("position").values_list("role", "name")) == [
        ("appellant", "屈海峰"), ("appellee", "边红梅"), ("third_party", "景晓燕"),
    ]  # fmt: skip
    synthetic = JudgmentDocument.objects.get(source_name="01_criminal_several_defendants-0")
    assert synthetic.case.number == "（2023）浙0106刑初100000号"
    assert synthetic.source_path.endswith("batch.jsonl:1")

    # The series counters stand at the highest imported sequence.
    counter = CaseNumberCounter.objects.get(court=court, year=2023, type_code="刑初")
    assert counter.last_sequence == 100000

    # One audit entry per batch names the cases it created; the chain still verifies.
    entries = AuditEntry.objects.filter(
        actor_label="system", object_type="cases.case", detail__startswith="judgment import"
    )
    assert sum(len(e.after["cases"]) for e in entries) == 12
    assert sorted(i for e in entries for i in e.after["cases"]) == sorted(
        Case.objects.values_list("pk", flat=True)
    )
    assert verify_chain().ok

    run = ImportRun.objects.get(pk=report.run_id)
    assert run.finished_at is not None and run.counts["imported"] == 12 and run.counts["read"] == 16
    assert ImportCheckpoint.objects.filter(run=run, done=True).count() == 9


def test_a_second_run_finds_everything_unchanged(folder):
    import_judgments(folder)
    again = import_judgments(folder)
    assert not again.resumed
    assert (again.counts.read, again.counts.imported, again.counts.unchanged, again.counts.failed) == (
        16,
        0,
        12,
        4,
    )
    assert Case.objects.count() == 12 and JudgmentDocument.objects.count() == 12 and Party.objects.count() > 0


def test_a_different_text_with_the_same_number_is_a_conflict_and_never_overwrites(folder, tmp_path):
    import_judgments(folder)
    changed = tmp_path / "changed.txt"
    changed.write_text(sample("02_civil_first_instance").replace("1263500元", "1263600元"), encoding="utf-8")
    report = import_judgments(changed)
    assert (report.counts.conflicts, report.counts.imported) == (1, 0)
    assert report.reasons == [
        f"{changed}: （2022）沪0112民初31527号 民事判决书 was imported before with a different text; "
        "kept the earlier one (nothing overwritten)"
    ]
    document = JudgmentDocument.objects.get(document_number="（2022）沪0112民初31527号")
    assert "1263500元" in document.text


def test_another_document_of_an_imported_case_is_attached(folder, tmp_path):
    import_judgments(folder)
    ruling = tmp_path / "ruling.txt"
    text = (
        sample("02_civil_first_instance").replace("民事判决书", "民事裁定书").replace("判决如下", "裁定如下")
    )
    ruling.write_text(text, encoding="utf-8")
    report = import_judgments(ruling)
    assert (report.counts.attached, report.counts.imported, report.counts.conflicts) == (1, 0, 0)
    case = Case.objects.get(number="（2022）沪0112民初31527号")
    assert sorted(case.judgment_documents.values_list("title", flat=True)) == ["民事判决书", "民事裁定书"]


def test_registering_after_an_import_never_reissues_an_imported_number(personas, tmp_path):
    year = timezone.localdate().year
    court = personas.court
    text = (
        sample("04_civil_ruling_withdrawal")
        .replace("（2024）粤0305民初2291号", f"（{year}）{court.code}民初5号")
        .replace("广东省深圳市南山区人民法院", court.name)
        .replace("二〇二四年三月六日", f"{year}年1月2日")
    )
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    report = import_judgments(tmp_path / "one.txt")
    assert report.counts.imported == 1 and report.counts.courts_created == 0
    imported = Case.objects.get(number=f"（{year}）{court.code}民初5号")
    assert (imported.court, imported.sequence, imported.status) == (court, 5, "closed")
    assert selectors.imported_series_ceilings() == {(court.pk, year, "民初"): 5}

    data = case_services.CaseInput(
        court=court,
        case_type="civil",
        procedure="first_instance_ordinary",
        received_on=timezone.localdate(),
        parties=(
            case_services.PartyInput("plaintiff", "原告甲"),
            case_services.PartyInput("defendant", "被告乙"),
        ),
    )
    registered = case_services.register_case(personas.filing_officer, data)
    assert registered.number == f"（{year}）{court.code}民初6号"
    # 1–4 were the earlier system's and never imported: not gaps of Xiezhi's. A gap above the
    # imported ceiling still is.
    verify = StringIO()
    call_command("cases", "verify-numbers", "--court", court.code, stdout=verify)
    assert "all gap-free" in verify.getvalue()
    Case.objects.filter(pk=registered.pk).update(sequence=7, number=f"（{year}）{court.code}民初7号")
    with pytest.raises(CommandError, match="have problems"):
        call_command("cases", "verify-numbers", "--court", court.code, stdout=StringIO())


def test_an_import_below_the_counter_leaves_the_counter_alone(personas, tmp_path):
    year = timezone.localdate().year
    court = personas.court
    CaseNumberCounter.objects.create(court=court, year=year, type_code="民初", last_sequence=40)
    text = sample("04_civil_ruling_withdrawal").replace(
        "（2024）粤0305民初2291号", f"（{year}）{court.code}民初7号"
    )
    (tmp_path / "one.txt").write_text(
        text.replace("广东省深圳市南山区人民法院", court.name), encoding="utf-8"
    )
    import_judgments(tmp_path / "one.txt")
    assert CaseNumberCounter.objects.get(court=court, year=year, type_code="民初").last_sequence == 40


def test_a_number_registered_here_is_a_conflict(assigned_case, tmp_path):
    court = assigned_case.court
    text = sample("04_civil_ruling_withdrawal").replace("（2024）粤0305民初2291号", assigned_case.number)
    (tmp_path / "one.txt").write_text(
        text.replace("广东省深圳市南山区人民法院", court.name), encoding="utf-8"
    )
    report = import_judgments(tmp_path / "one.txt")
    assert report.counts.conflicts == 1
    assert "is the number of a case registered in Xiezhi" in report.reasons[0]
    assert not assigned_case.judgment_documents.exists()


def test_a_legacy_number_needs_a_court_and_stays_outside_the_series(personas, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_text(sample("11_legacy_number"), encoding="utf-8")
    failed = import_judgments(path)
    assert failed.reason_counts == {"no_court": 1}
    assert "pass --court-code or give court_code in the metadata" in failed.reasons[0]

    report = import_judgments(path, court_code=personas.court.code)
    assert report.counts.imported == 1
    case = Case.objects.get(number="（2015）碑民初字第01234号")
    assert (case.court, case.year, case.type_code, case.sequence) == (personas.court, 2015, "民初", None)
    assert case.procedure == "first_instance_summary"  # heard by one judge (独任审判) at a basic court
    problems = case.judgment_documents.get().metadata["problems"]
    assert problems == [
        f"court: the header names 陕西省西安市碑林区人民法院, the court with code {personas.court.code} is "
        f"{personas.court.name}"
    ]


def test_json_lines_metadata_fills_gaps_and_contradictions_are_refused(tmp_path):
    no_header = sample("04_civil_ruling_withdrawal").split("\n", 3)[3]
    records = [
        {
            "id": "a",
            "text": no_header,
            "case_number": "(2024)粤0305民初2291号",
            "court": "广东省深圳市南山区人民法院",
        },
        {"id": "b", "text": sample("05_mediation"), "case_number": "（2023）京0108民初1号"},
        {
            "id": "c",
            "text": sample("06_administrative"),
            "date": "2022-07-23",
            "title": "钮立新诉某局行政处罚",
        },
    ]
    path = tmp_path / "meta.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = import_judgments(path)
    assert (report.counts.imported, report.counts.failed) == (2, 1)
    assert report.reason_counts == {"metadata_mismatch": 1}
    from_metadata = JudgmentDocument.objects.get(source_name="a")
    assert from_metadata.case.number == "（2024）粤0305民初2291号"
    assert from_metadata.case.court.name == "广东省深圳市南山区人民法院"
    assert from_metadata.metadata["import"]["case_number_from"] == "metadata"
    admin = JudgmentDocument.objects.get(source_name="c")
    assert admin.case.title == "钮立新诉某局行政处罚"
    assert "metadata: date 2022-07-23 differs from the document's 2022-07-22" in admin.metadata["problems"]


def test_an_interrupted_run_is_resumed_without_loss_or_duplicates(folder):
    first = import_judgments(folder, batch_size=3, limit=7)
    assert not first.finished and first.counts.read == 7
    second = import_judgments(folder, batch_size=3, limit=4)
    assert second.resumed and second.run_id == first.run_id and not second.finished
    third = import_judgments(folder, batch_size=3)
    assert third.resumed and third.finished
    assert first.counts.read + second.counts.read + third.counts.read == 16
    assert (
        third.run_counts["read"] == 16
        and third.run_counts["imported"] == 12
        and third.run_counts["failed"] == 4
    )
    assert Case.objects.count() == 12 == JudgmentDocument.objects.count()
    # A finished run is not resumed: the next one reads everything again and finds it unchanged.
    fourth = import_judgments(folder)
    assert not fourth.resumed and fourth.counts.unchanged == 12


def test_bad_paths_and_options_are_refused(tmp_path):
    with pytest.raises(JudgmentImportError, match="no such file or folder"):
        import_judgments(tmp_path / "missing")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(JudgmentImportError, match="--court-code 京9999: no court has this code"):
        import_judgments(tmp_path, court_code="京9999")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00binary",
            "binary file, not text (is it a .doc or an image renamed .txt?)",
        ),
        (b"\xff\xfe" + "乱".encode("utf-16-le")[:1], "text file with a UTF-16 mark that is not UTF-16"),
        (b"\x80\x80\xff\xfe\x81", "text file in neither UTF-8 nor GB18030/GBK: save it as UTF-8"),
    ],
)
def test_unreadable_text_files_are_answered_clearly(tmp_path, content, reason):
    (tmp_path / "bad.txt").write_bytes(content)
    report = import_judgments(tmp_path)
    assert report.counts.failed == 1
    assert report.reasons == [f"{tmp_path / 'bad.txt'}: {reason}"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "gb18030"])
def test_text_files_in_the_usual_encodings_are_read(tmp_path, encoding):
    text = sample("04_civil_ruling_withdrawal").replace("\n", "\r\n")
    (tmp_path / "one.txt").write_bytes(text.encode(encoding))
    report = import_judgments(tmp_path)
    assert report.counts.imported == 1
    assert JudgmentDocument.objects.get().text == sample("04_civil_ruling_withdrawal")


def test_not_a_word_document(tmp_path):
    (tmp_path / "fake.docx").write_text("plain text named .docx", encoding="utf-8")
    report = import_judgments(tmp_path)
    assert report.reasons == [
        f"{tmp_path / 'fake.docx'}: not a Word .docx document (old .doc files must be saved as .docx or PDF)"
    ]


def test_the_command_prints_the_report(folder):
    out = StringIO()
    call_command("import", "judgments", str(folder), "--batch", "5", stdout=out)
    text = out.getvalue()
    assert f"Source:     {folder}" in text
    assert "Files:      9, 1 skipped (not .txt/.docx/.pdf/.jsonl)" in text
    assert "Judgments:  16 read" in text
    assert "  imported  12 new closed cases" in text
    assert "  failed    4" in text
    assert "Courts:     7 created from judgment headers" in text
    assert "  3 × unreadable" in text
    assert "judgments/s." in text
    entry = AuditEntry.objects.filter(detail__startswith="judgment import").first()
    assert entry.actor_label == "cli:import judgments"


def test_the_command_refuses_bad_options(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import", "judgments", str(tmp_path / "nothing"))
    with pytest.raises(CommandError, match="--batch must be at least 1"):
        call_command("import", "judgments", str(tmp_path), "--batch", "0")


def test_judgment_documents_have_help_text_on_every_field():
    for model in (JudgmentDocument, ImportRun, ImportCheckpoint, ImportedCourt):
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                assert field.help_text, f"{model.__name__}.{field.name}"
