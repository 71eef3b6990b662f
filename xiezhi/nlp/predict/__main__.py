"""``python -m xiezhi.nlp.predict predict --in IN.jsonl --out OUT.jsonl``."""

import sys

from .cli import main

sys.exit(main())
