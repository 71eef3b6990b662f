"""Fixtures of the documents tests: a case with everyone in place, and storage in a temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every test stores its files in its own folder (Django's default storage follows MEDIA_ROOT)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(assigned_case):
    return assigned_case


@pytest.fixture
def plaintiff(case):
    return case.parties.get(role="plaintiff")


@pytest.fixture
def defendant(case):
    return case.parties.get(role="defendant")


def stored_files(root) -> list:
    """Every file under the storage folder."""
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
