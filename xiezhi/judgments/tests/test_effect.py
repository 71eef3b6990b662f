"""Service of the final document starts each party's appeal window (holiday rules applied); the
scheduled job makes the decision effective the day after the last window ends, unless appealed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from xiezhi.cases import services as case_services
from xiezhi.cases.models import Case, EventKind
from xiezhi.documents import services as documents
from xiezhi.judgments import drafting
from xiezhi.judgments.models import JudgmentDraft

from .test_drafting import FILLED

pytestmark = pytest.mark.django_db


def _final(personas, case, key="civil_judgment", **sections):
    draft = drafting.start_draft(personas.judge, case, key)
    parts = {k: v for k, v in {**FILLED, **sections}.items() if k in draft.sections}
    draft = drafting.save_draft(personas.judge, draft, parts, draft.version)
    final = drafting.submit(personas.judge, draft, draft.version)
    assert final.status == "final"
    # The decision was made before the service dates below (the tests use 2025's calendar).
    Case.objects.filter(pk=case.pk).update(
        received_on=date(2025, 7, 1), registered_on=date(2025, 7, 1), closed_on=date(2025, 8, 1)
    )
    JudgmentDraft.objects.filter(pk=final.pk).update(decided_on=date(2025, 8, 1))
    final.refresh_from_db()
    return final


def _serve_by_notice(personas, final, published: date, party=None) -> None:
    """Public-notice service (公告送达): served 30 days after publication, whatever today is."""
    for item in [party] if party else final.case.parties.all():
        documents.serve(personas.clerk, final.pdf_file, item, "public_notice", published_on=published)


@pytest.fixture
def in_trial(personas, assigned_case):
    return case_services.transition(personas.judge, assigned_case, "start_trial")


def test_a_window_ending_in_the_2025_national_day_holiday_rolls_to_october_9(personas, in_trial):
    final = _final(personas, in_trial)
    assert drafting.effect_status(final).state == "unserved"
    # Published 2025-08-21 → served 2025-09-20; day 15 = 10-05, inside the 1–8 October holiday.
    _serve_by_notice(personas, final, date(2025, 8, 21))
    status = drafting.effect_status(final, today=date(2025, 10, 9))
    assert [w.due for w in status.windows] == [date(2025, 10, 9)] * 2
    assert status.state == "running" and status.last_day == date(2025, 10, 9)

    report = drafting.make_due_effective(today=date(2025, 10, 9))
    assert report.effective == [] and len(report.waiting) == 1
    in_trial.refresh_from_db()
    assert in_trial.status == "closed"

    report = drafting.make_due_effective(today=date(2025, 10, 10))
    assert [(d.pk, day) for d, day in report.effective] == [(final.pk, date(2025, 10, 10))]
    in_trial.refresh_from_db()
    final.refresh_from_db()
    assert in_trial.status == "effective" and in_trial.effective_on == date(2025, 10, 10)
    assert final.effective_on == date(2025, 10, 10)
    assert final.document.metadata["effective_on"] == "2025-10-10"
    event = in_trial.timeline.get(kind=EventKind.EFFECTIVE)
    assert event.actor is None and event.detail.startswith("2025-10-10")
    # Idempotent: a second run changes nothing.
    version = in_trial.version
    assert drafting.make_due_effective(today=date(2025, 10, 20)).effective == []
    in_trial.refresh_from_db()
    assert in_trial.version == version


def test_the_last_party_served_decides(personas, in_trial):
    final = _final(personas, in_trial)
    plaintiff, defendant = in_trial.parties.order_by("position", "pk")
    _serve_by_notice(personas, final, date(2025, 8, 21), plaintiff)  # served 09-20 → due 10-09
    assert drafting.effect_status(final, today=date(2025, 12, 1)).state == "unserved"
    _serve_by_notice(
        personas, final, date(2025, 9, 25), defendant
    )  # served 10-25 → day 15 = Sun 11-09 → 11-10
    status = drafting.effect_status(final, today=date(2025, 11, 10))
    assert {w.party.pk: w.due for w in status.windows} == {
        plaintiff.pk: date(2025, 10, 9),
        defendant.pk: date(2025, 11, 10),
    }
    assert status.state == "running"
    assert drafting.effect_status(final, today=date(2025, 11, 11)).effective_on == date(2025, 11, 11)


def test_an_appeal_in_time_prevents_effect_and_opens_the_second_instance(personas, in_trial):
    final = _final(personas, in_trial)
    _serve_by_notice(personas, final, date(2025, 8, 21))
    plaintiff = in_trial.parties.order_by("position", "pk").first()
    case = case_services.transition(
        personas.judge,
        Case.objects.get(pk=in_trial.pk),
        "appeal",
        appellant=plaintiff,
        filed_on=date(2025, 10, 8),
    )
    second = case.appeal_case
    assert second.court == in_trial.court.parent and second.origin_id == in_trial.pk
    status = drafting.effect_status(final, today=date(2025, 10, 20))
    assert status.state == "appealed" and second.number in status.message
    assert "after the last appeal window" not in status.message  # 10-08 is within the window (10-09)
    report = drafting.make_due_effective(today=date(2025, 10, 20))
    assert report.effective == [] and len(report.waiting) == 1
    in_trial.refresh_from_db()
    assert in_trial.status == "closed" and in_trial.effective_on is None


def test_a_ruling_has_a_ten_day_window(personas, in_trial):
    final = _final(personas, in_trial, "ruling_not_to_accept", operative="对原告的起诉，本院不予受理。")
    assert final.kind == "ruling" and final.case.outcome == "ruling"
    _serve_by_notice(personas, final, date(2025, 8, 27))  # served 09-26 → day 10 = 10-06 (holiday) → 10-09
    status = drafting.effect_status(final, today=date(2025, 10, 9))
    assert status.state == "running" and status.last_day == date(2025, 10, 9)
    assert drafting.effect_status(final, today=date(2025, 10, 10)).effective_on == date(2025, 10, 10)


def test_a_mediation_statement_takes_effect_when_every_party_has_signed(personas, in_trial):
    final = _final(
        personas, in_trial, "civil_mediation", operative="一、被告甲于2025年9月1日前偿还原告八万元。"
    )
    assert final.case.outcome == "mediation"
    plaintiff, defendant = in_trial.parties.order_by("position", "pk")
    _serve_by_notice(personas, final, date(2025, 8, 21), plaintiff)
    _serve_by_notice(personas, final, date(2025, 8, 25), defendant)
    # A mediation statement takes effect when the last party has signed for it: no appeal window.
    status = drafting.effect_status(final, today=date(2025, 9, 24))
    assert status.state == "due" and status.effective_on == date(2025, 9, 24)
    assert [w.due for w in status.windows] == [None, None]
    call_command("judgments", "effect", "--today", "2025-09-30")
    in_trial.refresh_from_db()
    assert in_trial.status == "effective" and in_trial.effective_on == date(2025, 9, 24)


def test_the_command_reports_and_is_idempotent(personas, in_trial, capsys):
    final = _final(personas, in_trial)
    _serve_by_notice(personas, final, date(2025, 8, 21))
    call_command("judgments", "effect", "--today", "2025-10-09")
    out = capsys.readouterr().out
    assert "0 took effect" in out and "1 waiting" in out
    call_command("judgments", "effect", "--today", "2025-10-10")
    assert "1 took effect" in capsys.readouterr().out
    call_command("judgments", "effect", "--today", "2025-10-11")
    assert "0 took effect" in capsys.readouterr().out


def test_a_late_appeal_is_named_as_late_and_left_to_the_judge(personas, in_trial):
    final = _final(personas, in_trial)
    _serve_by_notice(personas, final, date(2025, 8, 21))  # last day 2025-10-09
    plaintiff = in_trial.parties.order_by("position", "pk").first()
    case_services.transition(
        personas.judge,
        Case.objects.get(pk=in_trial.pk),
        "appeal",
        appellant=plaintiff,
        filed_on=date(2025, 10, 10),
    )
    status = drafting.effect_status(final, today=date(2025, 10, 20))
    assert status.state == "appealed" and "2025-10-09" in status.message
    assert drafting.make_due_effective(today=date(2025, 10, 20)).effective == []
