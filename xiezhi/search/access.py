"""The case access policy, mirrored into the search index as access tokens.

A document carries the tokens of everyone who may see it; a search carries the tokens of the user
and finds a document only if the two share one (``SearchQuery.access``). Because the filter is
part of the query, a document a user may not see is neither returned nor counted (totals, facets).

The two functions below are the only place tokens are made. They restate, as tokens, the rules
of :func:`xiezhi.policy.case_relations` (and so of ``case.view``, ``case.view_internal`` and
``case_file.download``, and of :func:`xiezhi.cases.selectors.visible_cases`):

=========================  ==========================  =============================================
relation (policy)          token on the case's docs    token of the user
=========================  ==========================  =============================================
judge_in_charge, panel,    ``user:<user id>``          ``user:<own id>`` — active staff only (the
presiding, case_clerk,                                 policy looks at staff relations only for
case_assistant                                         users with an active staff profile)
division_head              ``division:<division id>``  ``division:<id>`` — division heads
president, filing          ``court:<court id>``        ``court:<own court>`` — presidents, filing
                                                       officers, the filing division's head
enforcement                ``enforcement:<court id>``  ``enforcement:<own court>`` — enforcement
                           (enforcement cases only)    officers
party, representative      ``party:<user id>``         ``party:<own id>`` — users *without* an
                           (not on internal files)     active staff profile (as the policy)
higher_court_president     ``higher:<parent court>``   ``higher:<own court>`` — presidents
                           (while an extension is
                           requested; not internal)
=========================  ==========================  =============================================

Public documents (statutes) carry ``public``, which every user, anonymous included, has.

Party tokens are ``party:<id>`` rather than ``user:<id>`` because the policy decides staff and
party relations on different conditions: a deactivated judge who is also recorded as a party user
must see what a party sees and nothing more. Tokens name relations, not roles: a role change
(a judge becomes a division head, a profile is deactivated) takes effect at once, because the
user's tokens are computed at search time; only a change of the case (its judge, panel, parties,
representatives, division, type, a requested extension) re-indexes its documents — see
:mod:`xiezhi.search.signals`.

``xiezhi/search/tests/test_access.py`` checks, persona by persona, that a search returns exactly
the documents ``policy.can`` allows.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PUBLIC", "access_tokens_for_case", "access_tokens_for_user"]

PUBLIC = "public"


def access_tokens_for_case(case: Any, internal: bool) -> tuple[str, ...]:
    """Who may see a document of ``case``: its case record and main-volume files
    (``internal=False``, as ``case.view``), or an internal-volume (副卷) file (``internal=True``,
    as ``case.view_internal``: court staff only). Sorted, so equal access gives equal tuples.

    Reads ``case.panel``, ``case.parties``, ``case.representatives``, ``case.extensions`` and
    ``case.court``: prefetch them when building many documents.
    """
    tokens: set[str] = set()
    staff_ids = [case.judge_id, case.clerk_id, case.assistant_id, *(m.user_id for m in case.panel.all())]
    tokens.update(f"user:{uid}" for uid in staff_ids if uid)
    if case.division_id:
        tokens.add(f"division:{case.division_id}")
    tokens.add(f"court:{case.court_id}")
    if case.case_type == "enforcement":
        tokens.add(f"enforcement:{case.court_id}")
    if not internal:
        tokens.update(f"party:{p.user_id}" for p in case.parties.all() if p.user_id)
        tokens.update(f"party:{r.user_id}" for r in case.representatives.all() if r.user_id)
        parent_id = case.court.parent_id
        if parent_id and any(e.status == "requested" for e in case.extensions.all()):
            tokens.add(f"higher:{parent_id}")
    return tuple(sorted(tokens))


def access_tokens_for_user(user: Any) -> tuple[str, ...]:
    """The tokens ``user`` searches with: ``public`` for everyone (anonymous and inactive users
    get nothing more), plus those of the user's relations (see the table in the module docstring)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return (PUBLIC,)
    profile = getattr(user, "staff_profile", None) if user.kind == "staff" else None
    if profile is None or not profile.is_active:
        return (PUBLIC, f"party:{user.pk}")
    tokens = [PUBLIC, f"user:{user.pk}"]
    role, court_id = profile.role, profile.court_id
    heads_filing = False
    if role == "division_head" and profile.division_id:
        tokens.append(f"division:{profile.division_id}")
        heads_filing = profile.division is not None and profile.division.kind == "filing"
    if role == "court_president":
        tokens += [f"court:{court_id}", f"higher:{court_id}"]
    if role == "filing_officer" or heads_filing:
        tokens.append(f"court:{court_id}")
    if role == "enforcement_officer":
        tokens.append(f"enforcement:{court_id}")
    return tuple(dict.fromkeys(tokens))
