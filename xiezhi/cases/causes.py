"""Loading the cause-of-action reference table (案由/罪名) from ``resources/causes.tsv``."""

from __future__ import annotations

from pathlib import Path

RESOURCE = Path(__file__).parent / "resources" / "causes.tsv"


def read_causes(path: Path = RESOURCE) -> list[tuple[str, str, str]]:
    """(code, kind, name) rows of the table; comment lines start with #."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, kind, name = line.split("\t")
        rows.append((code.strip(), kind.strip(), name.strip()))
    return rows


def load_causes(model: type) -> int:
    """Create missing causes (by code) with the given model class; returns how many were added."""
    added = 0
    for code, kind, name in read_causes():
        _, created = model.objects.get_or_create(code=code, defaults={"kind": kind, "name": name})
        added += int(created)
    return added
