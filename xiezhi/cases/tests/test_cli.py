"""``xiezhi deadline`` and ``xiezhi cases verify-numbers``."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from xiezhi.cases import services
from xiezhi.cases.management.commands.cases import sequence_problems
from xiezhi.cases.models import Case, CaseNumberCounter

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db

CIVIL = ("--procedure", "civil-ordinary", "--from", "2026-01-05")


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def line(output: str, label: str) -> str:
    return next(row for row in output.splitlines() if row.startswith(label))


# --- deadline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "due"),
    [
        # 6 months from 2026-01-05; a court's own limit does not roll forward from Sunday by default.
        ((), "2026-07-05 (Sun)"),
        # 20 suspended days (1–20 February, both counted) push the end back by 20 days.
        (("--suspend", "2026-02-01:2026-02-20"), "2026-07-25 (Sat)"),
        (("--suspend", "2026-02-01:2026-02-20", "--extend", "court_president:6m"), "2027-01-25 (Mon)"),
        (("--extend", "court_president:1m15d"), "2026-08-20 (Thu)"),
    ],
)
def test_deadline_prints_the_due_day_and_its_explanation(extra, due):
    output = run("deadline", "--procedure", "civil-ordinary", "--from", "2026-01-05", *extra)
    assert line(output, "Due:") == f"Due:       {due}"
    assert "民事普通程序一审" in line(output, "Procedure:")
    steps = output.split("Explanation:\n", 1)[1].splitlines()
    assert steps[0].startswith("  1. Rule civil-ordinary")
    assert steps[-1].startswith(f"  {len(steps)}. Due: {due}")


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2026-03-01", "Status:    normal, 126 days left (as of 2026-03-01)"),
        ("2026-06-25", "Status:    approaching, 10 days left (as of 2026-06-25)"),
        ("2026-07-05", "Status:    approaching, 0 days left (as of 2026-07-05)"),
        ("2026-07-06", "Status:    overdue, 1 day overdue (as of 2026-07-06)"),
    ],
)
def test_deadline_reports_the_status_on_a_given_day(today, status):
    output = run("deadline", "--procedure", "civil-ordinary", "--from", "2026-01-05", "--today", today)
    assert line(output, "Status:") == status


def test_a_running_suspension_counts_up_to_today():
    output = run(
        "deadline", "--procedure", "civil-ordinary", "--from", "2026-01-05",
        "--suspend", "2026-02-01:", "--today", "2026-02-10",
    )  # fmt: skip
    assert line(output, "Due:") == "Due:       2026-07-15 (Wed)"
    assert "still running" in output


def test_deadline_lists_the_procedures():
    output = run("deadline", "--list")
    civil = line(output, "civil-ordinary ")
    assert "6 months" in civil and "民事普通程序一审" in civil and "CPL Art. 152" in civil
    assert "criminal-first-instance" in output
    # Rules with more than one version show when each is in force.
    assert any(row.startswith("civil-small-claims") and "[" in row for row in output.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--procedure", "civil-nonsense", "--from", "2026-01-05"), "unknown procedure 'civil-nonsense'"),
        (("--procedure", "civil-ordinary", "--from", "2026-02-30"), "is not a date"),
        (("--procedure", "civil-ordinary", "--from", "5 January"), "is not a date"),
        (("--procedure", "civil-ordinary"), "give --procedure and --from"),
        (("--from", "2026-01-05"), "give --procedure and --from"),
        ((*CIVIL, "--today", "tomorrow"), "--today"),
        ((*CIVIL, "--suspend", "2026-02-01"), "START:END"),
        ((*CIVIL, "--suspend", "2026-02-20:2026-02-01"), "ends before"),
        ((*CIVIL, "--extend", "mayor:6m"), "APPROVER"),
        ((*CIVIL, "--extend", "court_president:6y"), "period"),
        ((*CIVIL, "--extend", "court_president:9m"), "more than"),
        ((*CIVIL, "--extend", "spc:3m"), "must be approved by"),
        (("--procedure", "civil-ordinary", "--from", "2015-06-01"), "no version of rule"),
        (("--procedure", "civil-hearing-notice", "--from", "2026-01-05"), "counted back"),
    ],
)  # fmt: skip
def test_deadline_refuses_bad_input_with_a_message(args, message):
    with pytest.raises(CommandError) as raised:
        run("deadline", *args)
    assert message in str(raised.value)


def _cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XIEZHI_ENV": "test", "XIEZHI_VAR_DIR": str(tmp_path)}
    env.pop("XIEZHI_DATABASE_URL", None)  # the calculator needs no database of its own
    return subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_xiezhi_command_runs_deadline_and_fails_cleanly(tmp_path):
    ok = _cli(
        "deadline", "--procedure", "criminal-first-instance", "--from", "2026-03-02", "--today", "2026-03-10",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "Due:       2026-06-02" in ok.stdout
    assert "Status:    normal" in ok.stdout
    bad = _cli("deadline", "--procedure", "civil-ordinary", "--from", "2026-13-01", tmp_path=tmp_path)
    assert bad.returncode != 0
    assert "is not a date" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout


# --- verify-numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sequences", "counter", "problems"),
    [
        ([], None, []),
        ([1, 2, 3], 3, []),
        ([3, 1, 2], None, []),
        ([1, 2, 4], 4, ["missing: 3"]),
        ([1, 5, 6, 9], 9, ["missing: 2–4, 7–8"]),
        ([2, 3], 3, ["missing: 1"]),
        ([1, 2, 2, 3], 3, ["issued twice: 2 (2 cases)"]),
        ([1, 2], 4, ["the counter has issued up to 4 but the highest case is 2"]),
        ([1, 2, 3], 2, ["the counter stands at 2, below the highest case 3: the next number would be issued twice"]),  # noqa: E501
        ([0, 1], 1, ["sequences below 1: 0"]),
        ([], 2, ["the counter has issued up to 2 but the highest case is 0"]),
    ],
)  # fmt: skip
def test_sequence_problems(sequences, counter, problems):
    assert sequence_problems(sequences, counter) == problems


def _register(personas, count: int) -> list[Case]:
    from xiezhi.cases.services import CaseInput, PartyInput

    cases = []
    for index in range(count):
        data = CaseInput(
            court=personas.court,
            case_type="civil",
            procedure="first_instance_ordinary",
            received_on=timezone.localdate() - timedelta(days=1),
            parties=(PartyInput("plaintiff", f"原告{index}"), PartyInput("defendant", f"被告{index}")),
        )
        cases.append(services.register_case(personas.filing_officer, data))
    return cases


def test_verify_numbers_passes_on_numbers_issued_by_the_service(personas):
    _register(personas, 3)
    output = run("cases", "verify-numbers")
    assert "1 case-number series, 3 numbers: all gap-free and unique." in output
    assert "all gap-free" in run("cases", "verify-numbers", "--court", personas.court.code)
    assert "0 case-number series" in run("cases", "verify-numbers", "--year", "1999")


def test_verify_numbers_names_a_gap_and_fails(personas):
    cases = _register(personas, 4)
    # A number taken away behind the service's back (a bulk update bypasses it).
    Case.objects.filter(pk=cases[1].pk).update(sequence=9)
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 1 case-number series have problems"):
        call_command("cases", "verify-numbers", stdout=out)
    year = timezone.localdate().year
    report = out.getvalue()
    assert f"{personas.court.code} {year} 民初: missing: 2, 5–8" in report
    assert "the counter stands at 4, below the highest case 9" in report


def test_verify_numbers_notices_a_counter_ahead_of_the_cases(personas):
    _register(personas, 2)
    CaseNumberCounter.objects.filter(court=personas.court).update(last_sequence=3)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("cases", "verify-numbers", stdout=out)
    assert "issued up to 3 but the highest case is 2" in out.getvalue()


def test_verify_numbers_refuses_an_unknown_court():
    with pytest.raises(CommandError, match="no court with code"):
        run("cases", "verify-numbers", "--court", "火星")
