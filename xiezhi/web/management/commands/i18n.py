"""``xiezhi i18n compile`` builds .mo files (pure Python, no gettext needed);
``xiezhi i18n check`` fails when a .po file is incomplete or out of date with the code."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

DOMAINS = ("django",)


def po_files() -> list[Path]:
    files: list[Path] = []
    for base in settings.LOCALE_PATHS:
        files.extend(sorted(Path(base).glob("*/LC_MESSAGES/*.po")))
    return files


def po_problems(path: Path) -> list[str]:
    """Untranslated, fuzzy and obsolete entries of one .po file."""
    catalog = polib.pofile(str(path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in catalog.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in catalog.fuzzy_entries()]
    problems += [f"obsolete: {entry.msgid!r}" for entry in catalog.obsolete_entries()]
    for entry in catalog:
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"plural form missing: {entry.msgid!r}")
    return problems


class Command(BaseCommand):
    help = "Compile or check the translation catalogues (simplified Chinese and English)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compile", "check"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compile":
            for path in po_files():
                polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
                self.stdout.write(f"compiled {path.relative_to(settings.BASE_DIR)}")
            return
        failures: list[str] = []
        for path in po_files():
            failures += [f"{path.relative_to(settings.BASE_DIR)}: {p}" for p in po_problems(path)]
        failures += self._missing_ids()
        if failures:
            raise CommandError("Translation catalogues are incomplete:\n  " + "\n  ".join(failures[:200]))
        self.stdout.write(self.style.SUCCESS("Translation catalogues are complete and up to date."))

    def _missing_ids(self) -> list[str]:
        """Strings marked in the code that a catalogue does not contain (needs GNU gettext)."""
        if shutil.which("xgettext") is None:
            raise CommandError(
                "GNU gettext (xgettext) is needed to check the catalogues: apt-get install gettext"
            )
        locale_dir = Path(settings.LOCALE_PATHS[0])
        failures: list[str] = []
        with tempfile.TemporaryDirectory() as tmp:
            # makemessages writes next to the sources it finds; give it a copy of the catalogues and
            # a symlink to the sources so that the real catalogues are never touched.
            copy = Path(tmp) / "locale"
            shutil.copytree(locale_dir, copy)
            (Path(tmp) / "src").symlink_to(settings.BASE_DIR, target_is_directory=True)
            original, cwd = settings.LOCALE_PATHS, os.getcwd()
            settings.LOCALE_PATHS = [copy]
            os.chdir(tmp)
            try:
                for domain in DOMAINS:
                    call_command(
                        "makemessages",
                        locale=["zh_Hans", "en"],
                        domain=domain,
                        verbosity=0,
                        symlinks=True,
                        no_obsolete=True,
                        ignore_patterns=["src/nlp/*", "*/tests/*", "src/locale/*", "src/static/*"],
                    )
            finally:
                os.chdir(cwd)
                settings.LOCALE_PATHS = original
            for fresh in sorted(copy.glob("*/LC_MESSAGES/*.po")):
                current = locale_dir / fresh.relative_to(copy)
                fresh_ids = {e.msgid for e in polib.pofile(str(fresh)) if not e.obsolete}
                have = {e.msgid for e in polib.pofile(str(current))} if current.exists() else set()
                for msgid in sorted(fresh_ids - have):
                    failures.append(f"{current.relative_to(settings.BASE_DIR)}: not in catalogue: {msgid!r}")
        return failures
