"""Fill new catalogue entries after ``make messages``.

Two ways to give the Chinese texts (they can be combined)::

    python scripts/translate.py 'msgid=中文' ...            # a handful of new strings
    python scripts/translate.py --json translations.json   # {msgid: 中文, ...} for many

A JSON key may also be ``"msgctxt\\u0004msgid"`` (the gettext convention) for an entry with a
context; a plain msgid key covers the entry in every context.

Only untranslated and fuzzy entries are filled: fuzzy entries are gettext's guesses and are
treated as untranslated. English entries get the msgid (without any parenthesised Chinese term)
and, for plurals, the msgid and msgid_plural; Chinese entries the text given (plurals: one form).
Every text must contain exactly the placeholders (``%(name)s``, ``%s``, ``{name}``) and HTML tags
of its msgid: one that does not is refused and reported, and the entry stays as it was. The .po
files are saved and the .mo files compiled; what is still missing is printed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "xiezhi" / "locale"
LANGUAGES = ("zh_Hans", "en")
CONTEXT_SEPARATOR = "\x04"

# %(name)s, %s, %d, %.2f, %% and {name}; no space flag, so that "50% of" is not taken for one.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[#0+-]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[#0+-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]|\{\w*\}"
)
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
CHINESE_IN_PARENTHESES = re.compile(r"\s*\([^()]*[\u4e00-\u9fff][^()]*\)")


def english(msgid: str) -> str:
    """The English text of a msgid: the msgid without a parenthesised Chinese term."""
    return CHINESE_IN_PARENTHESES.sub("", msgid)


def markers(text: str) -> Counter[str]:
    """Placeholders and HTML tags of a text, which a translation must keep exactly."""
    return Counter(PLACEHOLDER.findall(text)) + Counter(TAG.findall(text))


def mismatch(entry: polib.POEntry, text: str) -> str:
    """Why ``text`` cannot translate ``entry`` (empty when it can)."""
    for end, test in (("leading", str.startswith), ("trailing", str.endswith)):
        if test(text, "\n") != test(entry.msgid, "\n"):
            return f"{end} newline differs from the msgid"
    have = markers(text)
    allowed = [markers(entry.msgid)]
    if entry.msgid_plural:
        allowed.append(markers(entry.msgid_plural))
    if have in allowed:
        return ""
    want = " or ".join(sorted(str(sorted(a.elements())) for a in allowed))
    return f"placeholders/tags {sorted(have.elements())} instead of {want}"


def lookup(table: dict[str, str], entry: polib.POEntry) -> str:
    if entry.msgctxt is not None:
        key = f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}"
        if key in table:
            return table[key]
    return table.get(entry.msgid, "")


def needs_text(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not (entry.msgstr_plural and all(entry.msgstr_plural.values()))
    return not entry.msgstr


def fill(entry: polib.POEntry, lang: str, table: dict[str, str]) -> str:
    """Fill one entry; answers "filled", "refused" or "missing"."""
    if lang == "en":
        texts = [english(entry.msgid)] + ([english(entry.msgid_plural)] if entry.msgid_plural else [])
    else:
        texts = [lookup(table, entry)]
    if not all(texts):
        return "missing"
    for text in texts:
        problem = mismatch(entry, text)
        if problem:
            print(f"{lang}: REFUSED {entry.msgid!r} -> {text!r}: {problem}")
            return "refused"
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(texts))
    else:
        entry.msgstr = texts[0]
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return "filled"


def load_table(pairs: list[str], json_files: list[Path]) -> dict[str, str]:
    table: dict[str, str] = {}
    for path in json_files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            sys.exit(f"{path}: expected a JSON object of msgid → text")
        table.update(data)
    for pair in pairs:
        if "=" not in pair:
            sys.exit(f"not msgid=text: {pair!r}")
        msgid, text = pair.split("=", 1)
        table[msgid] = text
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="*", metavar="msgid=中文", help="a msgid and its Chinese text")
    parser.add_argument(
        "--json", action="append", default=[], type=Path, metavar="FILE", help="a JSON object {msgid: 中文}"
    )
    parser.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = parser.parse_args(argv)
    table = load_table(args.pairs, args.json)
    problems = 0
    for lang in LANGUAGES:
        path = ROOT / lang / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path), wrapwidth=79)
        counts: Counter[str] = Counter()
        for entry in catalog:
            if not needs_text(entry):
                continue
            outcome = fill(entry, lang, table)
            counts[outcome] += 1
            if outcome == "missing":
                print(f"{lang}: still untranslated: {entry.msgid!r}")
        problems += counts["missing"] + counts["refused"]
        print(f"{lang}: filled {counts['filled']}, refused {counts['refused']}, missing {counts['missing']}")
        if not args.dry_run:
            catalog.save(str(path))
            catalog.save_as_mofile(str(path.with_suffix(".mo")))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
