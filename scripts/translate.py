"""Fill new catalogue entries from a small table: ``python scripts/translate.py 'msgid=中文' ...``.

English entries get the msgid (without any parenthesised Chinese term); Chinese entries the text
given. Used after ``make messages`` for a handful of new strings; prints what is still missing.
"""

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "xiezhi" / "locale"
pairs = dict(arg.split("=", 1) for arg in sys.argv[1:])
for lang in ("zh_Hans", "en"):
    path = ROOT / lang / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if (entry.msgstr or entry.msgstr_plural.get(0)) and "fuzzy" not in entry.flags:
            continue
        if lang == "en":
            text = re.sub(r"\s*\([^()]*[\u4e00-\u9fff][^()]*\)", "", entry.msgid)
        else:
            text = pairs.get(entry.msgid, "")
        if not text:
            print(f"{lang}: still untranslated: {entry.msgid!r}")
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text, 1: text} if lang == "en" else {0: text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))
    catalog.save_as_mofile(str(path.with_suffix(".mo")))
