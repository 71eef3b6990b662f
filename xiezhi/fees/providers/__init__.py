"""Payment providers (缴费渠道): how a payment against a fee notice is confirmed.

A provider is one small object with a ``key``, a ``label`` and ``confirm()``; the services look
it up here by key and never know which channel they talk to. Xiezhi ships exactly one:
:class:`~xiezhi.fees.providers.offline_clerk.OfflineClerkConfirmedProvider`, which records a
payment made outside the system (at the court's counter or by bank transfer) on the word of the
clerk who saw the receipt. An online channel (a bank or payment gateway) would be another module
here that verifies the payment with its service before answering ``confirmed=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from xiezhi.fees.models import FeeNotice

__all__ = [
    "PaymentProvider",
    "PaymentResult",
    "UnknownProvider",
    "available",
    "get_provider",
    "register",
]


@dataclass(frozen=True)
class PaymentResult:
    """A provider's answer: whether the payment is confirmed, its reference, and why not."""

    confirmed: bool
    reference: str = ""
    message: str = ""


@runtime_checkable
class PaymentProvider(Protocol):
    """One payment channel."""

    key: str
    label: str

    def confirm(self, notice: FeeNotice, amount: Decimal, reference: str, by: Any) -> PaymentResult:
        """Confirm that ``amount`` was paid against ``notice``; ``by`` is the recording user.

        Called inside the transaction that books the payment, with the notice locked: it must be
        quick and must not book anything itself. Refuse with ``confirmed=False`` and a message
        the clerk can act on.
        """
        ...


class UnknownProvider(KeyError):
    """No provider is registered under this key."""


_PROVIDERS: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    if provider.key in _PROVIDERS:
        raise ValueError(f"duplicate payment provider {provider.key!r}")
    _PROVIDERS[provider.key] = provider
    return provider


def get_provider(key: str) -> PaymentProvider:
    try:
        return _PROVIDERS[key]
    except KeyError:
        raise UnknownProvider(key) from None


def available() -> list[PaymentProvider]:
    """Every registered provider, in registration order."""
    return list(_PROVIDERS.values())


def _register_builtin() -> None:
    from .offline_clerk import OfflineClerkConfirmedProvider

    register(OfflineClerkConfirmedProvider())


_register_builtin()
