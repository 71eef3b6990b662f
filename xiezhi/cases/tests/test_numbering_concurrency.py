"""Case numbers under concurrent registration: unique, gap-free, and given back on rollback.

Real threads with their own database connections, so it needs PostgreSQL's row locks (SQLite
serialises whole-database writes and would prove nothing); ``scripts/test.sh`` runs it there.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from xiezhi.cases import services
from xiezhi.cases.models import Case, CaseNumberCounter
from xiezhi.cases.services import CaseInput, PartyInput

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks and concurrent connections (scripts/test.sh runs it there)",
    ),
    # Real commits, seen by the other threads; the database is restored afterwards for later tests
    # (the audit chain head and the cause table are rows written by migrations).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 8
PER_THREAD = 6


class StorageFailed(Exception):
    """Stands for anything that goes wrong after the number was issued (e.g. saving a document)."""


def _input(personas, label: str) -> CaseInput:
    return CaseInput(
        court=personas.court,
        case_type="civil",
        procedure="first_instance_ordinary",
        received_on=timezone.localdate() - timedelta(days=1),
        parties=(PartyInput("plaintiff", f"原告{label}"), PartyInput("defendant", f"被告{label}")),
    )


def _sequences(personas) -> list[int]:
    return sorted(
        Case.objects.filter(
            court=personas.court, year=timezone.localdate().year, type_code="民初"
        ).values_list("sequence", flat=True)
    )


def _register_then_fail(personas, label: str) -> None:
    """Register, then fail inside the same transaction: everything, the number too, rolls back."""
    with transaction.atomic():
        case = services.register_case(personas.filing_officer, _input(personas, label))
        assert case.sequence is not None
        raise StorageFailed(case.number)


def test_concurrent_registrations_get_unique_gap_free_numbers(personas):
    start = threading.Barrier(THREADS)
    problems: list[BaseException] = []
    failed = []

    def worker(index: int) -> None:
        try:
            start.wait(timeout=30)
            for n in range(PER_THREAD):
                label = f"{index}-{n}"
                if n == 2 and index % 2 == 0:
                    # Half the threads lose a registration after its number was issued, while
                    # the others are queued behind the counter's row lock.
                    with pytest.raises(StorageFailed):
                        _register_then_fail(personas, label)
                    failed.append(label)
                else:
                    services.register_case(personas.filing_officer, _input(personas, label))
        except BaseException as exc:  # reported below: an assert in a thread would be lost
            problems.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a registration thread hung"
    assert not problems, problems

    expected = THREADS * PER_THREAD - len(failed)
    assert len(failed) == THREADS // 2
    assert _sequences(personas) == list(range(1, expected + 1))
    numbers = list(Case.objects.filter(court=personas.court).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) == expected
    counter = CaseNumberCounter.objects.get(court=personas.court, year=timezone.localdate().year)
    assert counter.last_sequence == expected
    assert not Case.objects.filter(title__contains="原告0-2").exists()
    call_command("cases", "verify-numbers")  # raises CommandError on any gap or duplicate


def test_a_registration_that_fails_after_issuing_leaves_no_gap(personas):
    first = services.register_case(personas.filing_officer, _input(personas, "a"))
    with pytest.raises(StorageFailed):
        _register_then_fail(personas, "b")
    third = services.register_case(personas.filing_officer, _input(personas, "c"))
    assert (first.sequence, third.sequence) == (1, 2)
    assert _sequences(personas) == [1, 2]
    year = timezone.localdate().year
    assert third.number == f"（{year}）{personas.court.code}民初2号"
