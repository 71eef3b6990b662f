"""``python -m xiezhi.nlp.anonymize --in IN.jsonl --out OUT.jsonl [--policy full|spc2016]``."""

from .cli import main

raise SystemExit(main())
