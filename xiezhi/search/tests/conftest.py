"""Search test fixtures: a fresh index per test on each backend, statutes, and a small court docket.

``backend`` is parametrised: every test that uses it runs on the Tantivy backend (a new index
directory per test) and again on the PostgreSQL backend — skipped unless the test database is
PostgreSQL (``XIEZHI_DATABASE_URL=postgresql://… pytest``). The PostgreSQL backend writes through
the test's own connection, so its rows vanish with the test's transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from xiezhi.search import backends


@pytest.fixture(params=["tantivy", "postgres"])
def backend(request, db, tmp_path):
    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL backend is tested on PostgreSQL only")
        from xiezhi.search.backends.postgres import PostgresBackend

        chosen = PostgresBackend()
    else:
        from xiezhi.search.backends.tantivy import TantivyIndex

        chosen = TantivyIndex(tmp_path / "index")
    backends.set_backend(chosen)
    yield chosen
    backends.set_backend(None)
    chosen.close()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- statutes -----------------------------------------------------------------------------------

THEFT = (
    "盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，处三年以下有期徒刑、"
    "拘役或者管制，并处或者单处罚金；数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金。"
)
DANGEROUS_DRIVING = (
    "在道路上驾驶机动车，有下列情形之一的，处拘役，并处罚金：\n"
    "（一）追逐竞驶，情节恶劣的；\n（二）醉酒驾驶机动车的。"
)
SELF_DEFENCE = (
    "为了使国家、公共利益、本人或者他人的人身、财产和其他权利免受正在进行的不法侵害，而采取的制止不法侵害的行为，"
    "对不法侵害人造成损害的，属于正当防卫，不负刑事责任。"
)
CARD_FRAUD = "有下列情形之一，进行信用卡诈骗活动，数额较大的，处五年以下有期徒刑或者拘役。"


@dataclass
class Statutes:
    law: object
    theft: object
    driving: object
    defence: object
    card_fraud: object
    old_theft: object


@pytest.fixture
def statutes(db) -> Statutes:
    """中华人民共和国刑法, current version with four articles; an amended older version whose article
    must not be indexed."""
    from xiezhi.laws.models import Article, Law, LawVersion

    law = Law.objects.create(name="中华人民共和国刑法", short_name="刑法")
    old = LawVersion.objects.create(
        law=law,
        version_date=date(2020, 12, 26),
        status="amended",
        valid_from=date(2021, 3, 1),
        is_current=False,
    )
    current = LawVersion.objects.create(
        law=law,
        version_date=date(2023, 12, 29),
        status="current",
        valid_from=date(2024, 3, 1),
        is_current=True,
    )

    def article(version, number, label, text, ordering, suffix=0):  # type: ignore[no-untyped-def]
        return Article.objects.create(
            version=version, number=number, suffix=suffix, label=label, text=text, ordering=ordering
        )

    return Statutes(
        law=law,
        defence=article(current, 20, "第二十条", SELF_DEFENCE, 1),
        driving=article(current, 133, "第一百三十三条之一", DANGEROUS_DRIVING, 2, suffix=1),
        card_fraud=article(current, 196, "第一百九十六条", CARD_FRAUD, 3),
        theft=article(current, 264, "第二百六十四条", THEFT, 4),
        old_theft=article(old, 264, "第二百六十四条", "旧文本：盗窃公私财物的，处罚金。", 1),
    )


@pytest.fixture
def many_thefts(statutes):
    """23 more current articles that all say 盗窃 the same way (equal scores: ordered by id)."""
    from xiezhi.laws.models import Article, LawVersion

    version = LawVersion.objects.get(law=statutes.law, is_current=True)
    return [
        Article.objects.create(
            version=version, number=300 + i, label=f"第{300 + i}条", text="盗窃行为的处理。", ordering=10 + i
        )
        for i in range(23)
    ]


# --- cases --------------------------------------------------------------------------------------


@dataclass
class Docket:
    civil: object  # the assigned case: judge, clerk, assistant; litigant v. (lawyer's client)
    criminal: object  # criminal division, other_division_judge in charge
    panel: object  # civil division, presiding_judge on the panel only
    enforcement: object  # enforcement case of the court, no judge yet
    other_court: object  # another court's case, other_court_judge in charge
    lower_court: object  # a court below ours, with an extension waiting for our president
    lower_court_quiet: object  # the same lower court, nothing requested


def _cause(code: str):  # type: ignore[no-untyped-def]
    from xiezhi.cases.models import CauseOfAction

    return CauseOfAction.objects.get(code=code)


@pytest.fixture
def docket(personas, assigned_case) -> Docket:
    from xiezhi.cases.factories import CaseFactory, PartyFactory
    from xiezhi.cases.models import Extension, PanelMember
    from xiezhi.courts.factories import BasicCourtFactory

    p = personas
    assigned_case.title = "张三诉李四民间借贷纠纷"
    assigned_case.summary = "原告请求被告归还借款八万元及利息。"
    assigned_case.save()
    criminal = CaseFactory(
        court=p.court,
        division=p.criminal,
        case_type="criminal",
        procedure="first_instance_ordinary",
        title="被告人王五盗窃案",
        cause=_cause("criminal.theft"),
        summary="被告人王五于夜间入户盗窃手机一部，价值人民币三千元。",
        judge=p.other_division_judge,
        status="assigned",
    )
    PartyFactory(case=criminal, role="defendant", name="王五")
    panel = CaseFactory(
        court=p.court,
        division=p.civil,
        title="赵六诉钱七买卖合同纠纷",
        cause=_cause("civil.sale_contract"),
        summary="原告主张被告拖欠货款。",
        judge=p.other_division_judge,
        status="assigned",
    )
    PanelMember.objects.create(case=panel, user=p.presiding_judge, role="presiding")
    enforcement = CaseFactory(
        court=p.court,
        division=None,
        case_type="enforcement",
        procedure="enforcement",
        title="申请执行人孙八与被执行人周九借款合同纠纷执行案",
        cause=None,
        summary="申请执行人申请强制执行生效判决确定的借款本金。",
        status="registered",
    )
    other_court = CaseFactory(
        court=p.other_court,
        title="吴十诉郑十一民间借贷纠纷",
        summary="原告请求被告归还借款。",
        judge=p.other_court_judge,
        status="assigned",
    )
    lower = BasicCourtFactory(parent=p.court)
    lower_court = CaseFactory(
        court=lower,
        title="冯十二诉陈十三房屋租赁合同纠纷",
        cause=_cause("civil.lease_house"),
        summary="租金纠纷。",
        status="assigned",
    )
    Extension.objects.create(
        case=lower_court,
        months=6,
        reason="案情复杂",
        requested_by=p.judge,
        requested_on=date.today() - timedelta(days=1),
        status="requested",
    )
    lower_court_quiet = CaseFactory(
        court=lower,
        title="褚十四诉卫十五房屋租赁合同纠纷",
        cause=_cause("civil.lease_house"),
        summary="押金纠纷。",
        status="assigned",
    )
    return Docket(
        civil=assigned_case,
        criminal=criminal,
        panel=panel,
        enforcement=enforcement,
        other_court=other_court,
        lower_court=lower_court,
        lower_court_quiet=lower_court_quiet,
    )


def add_file(case, by, data: bytes, *, title: str, internal: bool = False, content_type: str | None = None):  # type: ignore[no-untyped-def]
    """A document in ``case``'s volume with exactly these bytes (no upload checks: a file with a broken
    encoding must be representable, as it would be after a migration from an older system)."""
    from xiezhi.documents.models import CaseFile, StoredFile

    stored = StoredFile.objects.create(
        file=ContentFile(data, name="document.txt"),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=content_type or "text/plain; charset=utf-8",
        original_name=f"{title}.txt",
        download_name=f"{title}.txt",
        uploaded_by=by,
    )
    return CaseFile.objects.create(
        case=case, stored=stored, kind="evidence", internal=internal, title=title, added_by=by
    )
