"""Messages between a party's side and the court (the party tracking page's 'messages with the clerk')."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.accounts.models import User

from .models import Case, CaseMessage, Party

MAX_LENGTH = 2000


def post_message(by: User, party: Party, body: str) -> CaseMessage:
    """Add a message to ``party``'s conversation with the court (policy ``case.message``)."""
    policy.require(by, "case.message", party)
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Write a message first.")})
    if len(text) > MAX_LENGTH:
        raise ValidationError({"body": _("A message has at most %(n)s characters.") % {"n": MAX_LENGTH}})
    if party.case.status == "archived":
        raise ValidationError({"body": _("The case is archived; contact the court's service centre.")})
    with transaction.atomic():
        return CaseMessage.objects.create(
            case=party.case, party=party, author=by, from_court=by.kind == "staff", body=text
        )


@dataclass
class Thread:
    party: Party
    messages: list[CaseMessage]
    unread: int
    draft: str = ""


def threads_for(user: User, case: Case) -> list[Thread]:
    """The conversations ``user`` may read on ``case``; reading marks the other side's messages read."""
    threads = []
    # The case page has the parties and their representatives prefetched already; the messages of
    # every conversation come in one query rather than one per party.
    parties = [party for party in case.parties.all() if policy.can(user, "case.message", party)]
    by_party: dict[int, list[CaseMessage]] = {party.pk: [] for party in parties}
    if parties:
        for message in CaseMessage.objects.filter(party__in=parties).select_related("author"):
            by_party[message.party_id].append(message)
    for party in parties:
        messages = by_party[party.pk]
        reader_is_court = user.kind == "staff"
        unread = [m for m in messages if m.from_court != reader_is_court and m.read_at is None]
        if unread:
            CaseMessage.objects.filter(pk__in=[m.pk for m in unread]).update(read_at=timezone.now())
        threads.append(Thread(party, messages, len(unread)))
    return threads
