"""The ``xiezhi`` command: the operator's entry point, a thin front over Django's management commands.

``xiezhi run`` migrates and serves on 127.0.0.1:8000; ``xiezhi train --from-db`` is ``xiezhi
assist_train``; every other word is a management command
(``xiezhi migrate``, ``xiezhi demo``, ``xiezhi audit verify``, ``xiezhi check --deploy`` ...).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "run": ["serve"],
}

#: Commands of the framework-free core: run without loading Django (fast start, no database).
CORE_COMMANDS = {
    "anonymize": ("xiezhi.nlp.anonymize.cli", []),
    "extract": ("xiezhi.nlp.extract.__main__", []),
    "predict": ("xiezhi.nlp.predict.cli", ["predict"]),
    "train": ("xiezhi.nlp.predict.cli", ["train"]),
    "models": ("xiezhi.nlp.predict.cli", ["models"]),
}


def rewrite(args: list[str]) -> list[str]:
    """The command line as Django's management commands spell it."""
    if args[:1] == ["train"] and "--from-db" in args:
        # Training from the court's own decided cases needs Django: xiezhi.assist's command.
        return ["assist_train", *[a for a in args[1:] if a != "--from-db"]]
    if args and args[0] in ALIASES:
        return ALIASES[args[0]] + args[1:]
    return args


def main(argv: list[str] | None = None) -> None:
    args = rewrite(list(sys.argv[1:] if argv is None else argv))
    if args and args[0] in CORE_COMMANDS:
        import importlib

        module, prefix = CORE_COMMANDS[args[0]]
        raise SystemExit(importlib.import_module(module).main([*prefix, *args[1:]]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezhi.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["xiezhi", *args])
    except ImproperlyConfigured as exc:
        # A configuration error names the variable; a traceback would only hide it.
        print(f"xiezhi: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
