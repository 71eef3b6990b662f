#!/usr/bin/env python
"""Django's manage.py; operators use the equivalent ``xiezhi`` command."""

from xiezhi.cli import main

if __name__ == "__main__":
    main()
