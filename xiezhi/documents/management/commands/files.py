"""``xiezhi files verify``: re-hash every stored file and report mismatches and missing files."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezhi.documents.models import StoredFile

CHUNK = 1024 * 1024


def rehash(stored: StoredFile) -> tuple[str, int] | None:
    """(SHA-256, size) of the bytes now in storage, or None if the file is missing."""
    storage = stored.file.storage
    try:
        handle = storage.open(stored.file.name, "rb")
    except (FileNotFoundError, OSError):
        return None
    digest = hashlib.sha256()
    size = 0
    with handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class Command(BaseCommand):
    help = "Work with stored case files: verify re-hashes every file through the storage API."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "verify",
            help="Re-hash every stored file; report changed and missing files (non-zero exit if any).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        checked = 0
        problems: list[str] = []
        for stored in StoredFile.objects.order_by("uploaded_at", "id").iterator(chunk_size=500):
            checked += 1
            found = rehash(stored)
            if found is None:
                problems.append(f"MISSING  {stored.pk} {stored.file.name} ({stored.original_name})")
                continue
            digest, size = found
            if digest != stored.sha256 or size != stored.size:
                problems.append(
                    f"MISMATCH {stored.pk} {stored.file.name} ({stored.original_name}): "
                    f"recorded sha256 {stored.sha256} ({stored.size} bytes), "
                    f"found {digest} ({size} bytes)"
                )
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)} of {checked} stored files are changed or missing (listed above)."
            )
        self.stdout.write(self.style.SUCCESS(f"All {checked} stored files match their SHA-256."))
