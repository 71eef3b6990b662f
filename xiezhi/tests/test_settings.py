"""Configuration comes from XIEZHI_* variables and fails loudly, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION_OK = {
    "XIEZHI_ENV": "production",
    "XIEZHI_SECRET_KEY": "s" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "XIEZHI_ALLOWED_HOSTS": "court.example.org",
}


def run_xiezhi(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XIEZHI_")}
    clean.update({"XIEZHI_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", *args], env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"XIEZHI_DEBUG": "maybe"}, "XIEZHI_DEBUG"),
        ({"XIEZHI_ENV": "staging"}, "XIEZHI_ENV"),
        ({"XIEZHI_DATABASE_URL": "mysql://root@localhost/xz"}, "XIEZHI_DATABASE_URL"),
        ({"XIEZHI_LOGIN_FAILURE_LIMIT": "three"}, "XIEZHI_LOGIN_FAILURE_LIMIT"),
        ({"XIEZHI_ENV": "production", "XIEZHI_ALLOWED_HOSTS": "court.example.org"}, "XIEZHI_SECRET_KEY"),
        (
            {"XIEZHI_ENV": "production", "XIEZHI_SECRET_KEY": PRODUCTION_OK["XIEZHI_SECRET_KEY"]},
            "XIEZHI_ALLOWED_HOSTS",
        ),
        ({**PRODUCTION_OK, "XIEZHI_SECRET_KEY": "short"}, "XIEZHI_SECRET_KEY"),
        ({**PRODUCTION_OK, "XIEZHI_DEBUG": "true"}, "XIEZHI_DEBUG"),
        ({"XIEZHI_HEARING_HOURS": "9-5"}, "XIEZHI_HEARING_HOURS"),
        ({"XIEZHI_HEARING_HOURS": "17:30-08:30"}, "XIEZHI_HEARING_HOURS"),
        ({"XIEZHI_ANONYMIZE_POLICY": "none"}, "XIEZHI_ANONYMIZE_POLICY"),
        ({"XIEZHI_ASSIST_DEVIATION_BAND": "90,10"}, "XIEZHI_ASSIST_DEVIATION_BAND"),
    ],
)
def test_invalid_configuration_stops_startup_naming_the_variable(env, variable, tmp_path):
    result = run_xiezhi(["check"], env, tmp_path)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr


def test_production_profile_passes_the_deploy_check_without_warnings(tmp_path):
    result = run_xiezhi(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_OK, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_profile_needs_no_configuration(tmp_path):
    result = run_xiezhi(["check"], {}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_passwords_are_hashed_with_argon2_in_every_profile():
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1].endswith("Argon2PasswordHasher")
