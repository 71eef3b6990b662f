"""Typed reading of environment variables for the settings module.

Every reader raises ``ImproperlyConfigured`` naming the variable and the value it
could not understand, so a misconfigured deployment fails at startup, not later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    """Reads ``XIEZHI_*`` variables from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self.raw(name)
        if value is None:
            if required:
                raise ImproperlyConfigured(f"{name} must be set (it has no default in this profile).")
            return default
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name} must be a boolean (one of true/false, yes/no, on/off, 1/0); got {value!r}."
        )

    def int(self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {number}.")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {number}.")
        return number

    def list(self, name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
        value = self.raw(name)
        if value is None:
            if required:
                raise ImproperlyConfigured(f"{name} must be set to a comma-separated list.")
            return list(default or [])
        items = [item.strip() for item in value.split(",") if item.strip()]
        if required and not items:
            raise ImproperlyConfigured(f"{name} must list at least one value.")
        return items

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name) or default
        if value not in choices:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}.")
        return value
