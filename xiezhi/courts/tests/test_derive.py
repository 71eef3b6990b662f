"""Region and parent court read from a court code (法院代字): the rules, the courts the judgment
import creates, and the backfill of existing courts (data migration and ``xiezhi courts_backfill``)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from xiezhi.audit.models import AuditEntry
from xiezhi.courts.backfill import backfill_courts
from xiezhi.courts.models import Court
from xiezhi.courts.rules import ancestor_codes_from_code, parent_code_from_code, region_from_code

SAMPLES = Path(__file__).resolve().parents[3] / "tests_nlp" / "judgments"


@pytest.mark.parametrize(
    ("code", "region", "parent", "ancestors"),
    [
        (
            "京0105",
            "110105",
            None,
            ("京", "最高法"),
        ),  # municipal district: its intermediate court is not told
        ("沪0120", "310120", None, ("沪", "最高法")),
        ("粤0703", "440703", "粤07", ("粤07", "粤", "最高法")),
        ("浙0192", "330192", "浙01", ("浙01", "浙", "最高法")),  # internet court: Hangzhou's digits
        ("粤07", "4407", "粤", ("粤", "最高法")),
        ("京01", "11", "京", ("京", "最高法")),  # municipalities number their intermediate courts
        ("沪72", "31", "沪", ("沪", "最高法")),  # special (maritime) court: no prefecture
        ("沪7101", "31", None, ("沪", "最高法")),  # under a special intermediate code: not told
        ("京", "11", "最高法", ("最高法",)),
        ("兵0101", "65", "兵01", ("兵01", "兵", "最高法")),
        ("军", "", "最高法", ("最高法",)),
        ("最高法", "", None, ()),
        ("X0105", "", None, ()),
        ("", "", None, ()),
    ],
)
def test_what_a_court_code_tells(code, region, parent, ancestors):
    assert region_from_code(code) == region
    assert parent_code_from_code(code) == parent
    assert ancestor_codes_from_code(code) == ancestors


def _court(code, name, level, parent=None, region=""):
    return Court.objects.create(code=code, name=name, level=level, parent=parent, region_code=region)


@pytest.fixture
def imported_like(db):
    """Courts as the judgment import used to leave them: no region, no parent below the high courts."""
    spc = _court("最高法", "最高人民法院", "supreme")
    return {
        "spc": spc,
        "yu": _court("豫", "河南省高级人民法院", "high", parent=spc),
        "yu01": _court("豫01", "河南省郑州市中级人民法院", "intermediate"),
        "yu0105": _court("豫0105", "河南省郑州市金水区人民法院", "basic"),
        "jing0105": _court("京0105", "北京市朝阳区人民法院", "basic"),
        "kept": _court("浙0106", "浙江省杭州市西湖区人民法院", "basic", region="330106"),
    }


def test_the_backfill_fills_empty_regions_and_parents_from_the_codes(imported_like):
    backfill_courts(Court)
    courts = {c.code: c for c in Court.objects.all()}
    assert courts["豫0105"].region_code == "410105" and courts["豫0105"].parent == courts["豫01"]
    assert courts["豫01"].region_code == "4101" and courts["豫01"].parent == courts["豫"]
    assert courts["京0105"].region_code == "110105" and courts["京0105"].parent is None  # 京01–京04: not told
    assert courts["浙0106"].region_code == "330106" and courts["浙0106"].parent is None  # 浙01 does not exist
    assert courts["最高法"].region_code == "" and courts["豫"].region_code == "41"
    assert backfill_courts(Court) == []  # nothing left to do; nothing set is changed


def test_the_backfill_command_is_audited_and_has_a_dry_run(imported_like):
    out = StringIO()
    call_command("courts_backfill", "--dry-run", stdout=out)
    assert "豫0105" in out.getvalue() and "would change" in out.getvalue()
    assert Court.objects.get(code="豫0105").region_code == ""
    call_command("courts_backfill", stdout=StringIO())
    court = Court.objects.get(code="豫0105")
    assert court.region_code == "410105"
    entry = AuditEntry.objects.filter(object_type="courts.court", object_id=str(court.pk)).latest("id")
    assert entry.action == "update" and entry.after["region_code"] == "410105"
    assert entry.after["parent_id"] == Court.objects.get(code="豫01").pk


def test_courts_created_from_judgment_headers_get_region_and_parent(db, tmp_path):
    from xiezhi.judgments.services import import_judgments

    intermediate = (SAMPLES / "07_criminal_second_instance.txt").read_text(encoding="utf-8")
    basic = (
        (SAMPLES / "01_criminal_several_defendants.txt")
        .read_text(encoding="utf-8")
        .replace("（2023）浙0106刑初587号", "（2023）豫0105刑初587号")
        .replace("浙江省杭州市西湖区人民法院", "河南省郑州市金水区人民法院")
    )
    municipal = (SAMPLES / "02_civil_first_instance.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(intermediate, encoding="utf-8")  # 豫01 first, then its district court
    (tmp_path / "b.txt").write_text(basic, encoding="utf-8")
    (tmp_path / "c.txt").write_text(municipal, encoding="utf-8")
    report = import_judgments(tmp_path)
    assert report.counts.courts_created == 3, report.reasons
    yu01, yu0105 = Court.objects.get(code="豫01"), Court.objects.get(code="豫0105")
    assert yu01.region_code == "4101"
    assert yu0105.region_code == "410105" and yu0105.parent == yu01
    assert yu0105.import_origin.note == ""
    shanghai = Court.objects.get(code="沪0112")
    assert shanghai.region_code == "310112" and shanghai.parent is None
