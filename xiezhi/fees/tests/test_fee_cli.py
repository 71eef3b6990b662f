"""``xiezhi fee``: the amount and the working; --list; clear errors without a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("fee", *args, stdout=out)
    return out.getvalue()


def test_prints_the_amount_then_the_working():
    lines = run("--kind", "property", "--amount", "350000").splitlines()
    assert lines[0] == "6550.00"
    text = "\n".join(lines)
    assert "(350,000 − 200,000) × 1.5% = 2,250" in text
    assert lines[-1] == "Fee payable (应交纳): 6,550.00 yuan"


@pytest.mark.parametrize(
    ("args", "amount"),
    [
        (("--kind", "property", "--amount", "350000", "--procedure", "summary"), "3275.00"),
        (("--kind", "property", "--amount", "350000", "--outcome", "mediation"), "3275.00"),
        (("--kind", "property", "--amount", "80000", "--stage", "appeal"), "1800.00"),
        (("--kind", "property", "--amount", "350,000", "--on", "2026-01-01"), "6550.00"),
        (("--kind", "property", "--amount", "350000", "--claim-role", "counterclaim"), "3275.00"),
        (("--kind", "property", "--amount", "350000", "--stage", "retrial"), "0.00"),
        (
            (
                "--kind",
                "property",
                "--amount",
                "350000",
                "--stage",
                "retrial",
                "--retrial-ground",
                "new_evidence",
            ),
            "6550.00",
        ),
        (("--kind", "labour"), "10.00"),
        (("--kind", "enforcement", "--amount", "1200000"), "14400.00"),
    ],
)
def test_options(args, amount):
    assert run(*args).splitlines()[0] == amount


def test_list_names_every_kind_with_its_inputs():
    text = run("--list")
    assert "property" in text and "财产案件" in text and "--amount required" in text
    assert "general_average_adjustment" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "property"), "--amount: Property case (财产案件) needs the claimed amount"),
        (("--kind", "property", "--amount", "abc"), "--amount: 'abc' is not a number"),
        (("--kind", "property", "--amount", "-1"), "--amount: must not be negative"),
        (
            (
                "--kind",
                "nope",
            ),
            "--kind: unknown value 'nope'",
        ),
        (
            ("--kind", "property", "--amount", "1", "--stage", "appeal", "--procedure", "summary"),
            "--procedure:",
        ),
        (("--kind", "property", "--amount", "1", "--retrial-ground", "new_evidence"), "--retrial-ground:"),
        (("--kind", "property", "--amount", "1", "--on", "2001-01-01"), "--on: no fee schedule"),
        (("--kind", "property", "--amount", "1", "--on", "someday"), "--on: 'someday' is not a date"),
        ((), "give --kind"),
    ],
)
def test_bad_input_is_a_clear_command_error(args, message):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert message in str(exc.value)


def test_the_real_command_exits_non_zero_without_a_traceback():
    xiezhi = Path(sys.executable).with_name("xiezhi")
    env = {**os.environ, "XIEZHI_ENV": "test"}
    result = subprocess.run(
        [str(xiezhi), "fee", "--kind", "property", "--amount", "lots"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--amount: 'lots' is not a number" in result.stderr
    assert "Traceback" not in result.stderr
