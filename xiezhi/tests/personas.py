"""The names of the personas (the root conftest's ``personas`` fixture), for permission matrices."""

from __future__ import annotations

STAFF: tuple[str, ...] = (
    "judge",
    "presiding_judge",
    "clerk",
    "assistant",
    "filing_officer",
    "division_head",
    "president",
    "enforcement_officer",
    "court_admin",
    "other_court_admin",
    "other_division_judge",
    "other_court_judge",
)
EXTERNAL: tuple[str, ...] = ("litigant", "lawyer", "agency", "stranger")
SIGNED_IN: tuple[str, ...] = (*STAFF, *EXTERNAL)
EVERYONE: tuple[str, ...] = ("anonymous", *SIGNED_IN)
