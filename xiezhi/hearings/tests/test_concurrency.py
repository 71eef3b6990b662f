"""Two schedulers booking the same courtroom at the same moment: exactly one wins.

Real threads with their own connections, so it needs PostgreSQL's row locks (SQLite serialises
whole-database writes and would prove nothing)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from xiezhi.accounts.factories import StaffFactory
from xiezhi.accounts.models import StaffRole
from xiezhi.hearings import services
from xiezhi.hearings.models import Hearing

from .conftest import make_case, slot, workday_ahead

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 4


def test_one_booking_wins(personas, room):
    day = workday_ahead()
    jobs = []
    for n in range(THREADS):
        case = make_case(personas, plaintiff_name=f"原告{n}")
        judge = StaffFactory(role=StaffRole.JUDGE, division=personas.civil).user
        clerk = StaffFactory(role=StaffRole.CLERK, division=personas.civil).user
        jobs.append((case, slot(day, courtroom=room, panel=[judge], clerk=clerk)))
    barrier = threading.Barrier(THREADS)
    results: list[str] = []

    def book(case, data) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.schedule_hearing(personas.clerk, case, data)
            results.append("ok")
        except services.SchedulingError as exc:
            results.append(",".join(sorted({p.code for p in exc.problems})))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ["courtroom_busy"] * (THREADS - 1) + ["ok"]
    assert Hearing.objects.filter(courtroom=room).count() == 1
