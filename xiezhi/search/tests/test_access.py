"""Search results always respect the case access policy.

For every persona and every case of the docket, the documents a search returns are exactly those
``policy.can`` allows: case records and main-volume files as ``case.view``, internal-volume (副卷)
files as ``case.view_internal``. Facet counts and totals count nothing else.
"""

from __future__ import annotations

import pytest

from xiezhi import policy
from xiezhi.cases.models import Case
from xiezhi.nlp.search import SearchQuery
from xiezhi.search import services
from xiezhi.search.access import access_tokens_for_case, access_tokens_for_user
from xiezhi.tests.personas import SIGNED_IN

from .conftest import add_file

pytestmark = pytest.mark.django_db

PERSONAS = SIGNED_IN


@pytest.fixture
def volume(docket, personas):
    """A main-volume and an internal-volume document in every case of the docket."""
    files = {}
    for name in (
        "civil",
        "criminal",
        "panel",
        "enforcement",
        "other_court",
        "lower_court",
        "lower_court_quiet",
    ):
        case = getattr(docket, name)
        files[name] = (
            add_file(case, personas.clerk, f"{name} 证据材料 卷宗标记".encode(), title=f"{name} 证据"),
            add_file(
                case,
                personas.clerk,
                f"{name} 合议笔录 卷宗标记".encode(),
                title=f"{name} 合议",
                internal=True,
            ),
        )
    return files


def _ids(user, text: str) -> set[str]:
    result = services.search(user, text, per_page=50)
    assert result.total == len(result.hits)  # everything on one page: the count is what is listed
    return {hit.id for hit in result.hits}


def test_every_persona_finds_exactly_the_cases_and_files_the_policy_allows(backend, personas, docket, volume):
    report = services.reindex()
    assert report.indexed == {"cases": 7, "files": 14}
    cases = list(Case.objects.filter(pk__in=[c.pk for c in vars(docket).values()]))
    assert len(cases) == 7
    for name in PERSONAS:
        user = getattr(personas, name)
        fresh = {case.pk: Case.objects.get(pk=case.pk) for case in cases}  # no cached relations
        expected_cases = {f"case:{pk}" for pk, case in fresh.items() if policy.can(user, "case.view", case)}
        assert _ids(user, "kind:case") == expected_cases, name
        expected_files = set()
        for main, internal in volume.values():
            case = fresh[main.case_id]
            if policy.can(user, "case.view", case):
                expected_files.add(f"file:{main.pk}")
            if policy.can(user, "case.view_internal", case):
                expected_files.add(f"file:{internal.pk}")
        assert _ids(user, "卷宗标记") == expected_files, name


def test_the_matrix_is_not_trivial(backend, personas, docket, volume):
    """The cross-check above means something: people see different, non-empty sets."""
    services.reindex()
    seen = {name: _ids(getattr(personas, name), "kind:case") for name in PERSONAS}
    assert seen["judge"] == {f"case:{docket.civil.pk}"}
    assert seen["presiding_judge"] == {f"case:{docket.panel.pk}"}
    assert seen["litigant"] == seen["lawyer"] == {f"case:{docket.civil.pk}"}
    assert seen["division_head"] == {f"case:{docket.civil.pk}", f"case:{docket.panel.pk}"}
    assert seen["enforcement_officer"] == {f"case:{docket.enforcement.pk}"}
    assert seen["other_court_judge"] == {f"case:{docket.other_court.pk}"}
    # The president: the court's cases, and the lower court's case only while an extension waits.
    ours = {docket.civil, docket.criminal, docket.panel, docket.enforcement}
    assert seen["president"] == {f"case:{c.pk}" for c in ours} | {f"case:{docket.lower_court.pk}"}
    assert seen["filing_officer"] == {f"case:{c.pk}" for c in ours}
    for nobody in ("court_admin", "other_court_admin", "agency", "stranger"):
        assert seen[nobody] == set(), nobody
    # Parties never see the internal volume; the judge does.
    litigant_files = _ids(personas.litigant, "卷宗标记")
    assert litigant_files == {f"file:{volume['civil'][0].pk}"}
    assert _ids(personas.judge, "卷宗标记") == {f"file:{f.pk}" for f in volume["civil"]}


def test_anonymous_users_find_public_documents_only(backend, personas, docket, statutes):
    services.reindex()
    result = services.search(None, "盗窃")
    assert [hit.id for hit in result.hits] == [f"statute:{statutes.theft.pk}"]
    assert result.total == 1
    from django.contrib.auth.models import AnonymousUser

    assert access_tokens_for_user(AnonymousUser()) == ("public",)


def test_facets_and_totals_count_only_visible_documents(backend, personas, docket, statutes):
    services.reindex()
    # The civil judge sees the civil case; the criminal theft case is someone else's.
    judge = services.search(personas.judge, "盗窃 OR 借贷")
    assert {hit.id for hit in judge.hits} == {f"case:{docket.civil.pk}", f"statute:{statutes.theft.pk}"}
    assert judge.total == 2
    assert dict(judge.facets["kind"]) == {"case": 1, "statute": 1}
    assert dict(judge.facets["case_type"]) == {"civil": 1}
    assert dict(judge.facets["court"]) == {personas.court.code: 1}
    # The president sees both cases of the court: the counts grow, for the same query.
    president = services.search(personas.president, "盗窃 OR 借贷")
    assert dict(president.facets["kind"]) == {"case": 2, "statute": 1}
    assert dict(president.facets["case_type"]) == {"civil": 1, "criminal": 1}
    assert dict(president.facets["cause"])["盗窃罪"] == 1
    # A stranger: the statute only, and no facet bucket reveals a case.
    stranger = services.search(personas.stranger, "盗窃 OR 借贷")
    assert stranger.total == 1
    assert dict(stranger.facets["kind"]) == {"statute": 1}
    assert stranger.facets["court"] == [] and stranger.facets["case_type"] == []


def test_tokens_of_a_case_follow_the_policy_relations(personas, docket):
    case = Case.objects.get(pk=docket.civil.pk)
    main = set(access_tokens_for_case(case, internal=False))
    internal = set(access_tokens_for_case(case, internal=True))
    staff = {f"user:{u.pk}" for u in (personas.judge, personas.clerk, personas.assistant)}
    parties = {f"party:{personas.litigant.pk}", f"party:{personas.lawyer.pk}"}
    court = {f"division:{personas.civil.pk}", f"court:{personas.court.pk}"}
    assert main == staff | parties | court
    assert internal == staff | court
    lower = Case.objects.get(pk=docket.lower_court.pk)
    assert f"higher:{personas.court.pk}" in access_tokens_for_case(lower, internal=False)
    assert f"higher:{personas.court.pk}" not in access_tokens_for_case(lower, internal=True)
    enforcement = Case.objects.get(pk=docket.enforcement.pk)
    assert f"enforcement:{personas.court.pk}" in access_tokens_for_case(enforcement, internal=False)


def test_a_deactivated_staff_profile_loses_its_cases_at_once(backend, personas, docket):
    services.reindex()
    assert _ids(personas.judge, "kind:case") == {f"case:{docket.civil.pk}"}
    profile = personas.judge.staff_profile
    profile.is_active = False
    profile.save()
    personas.judge.refresh_from_db()
    assert _ids(personas.judge, "kind:case") == set()


def test_a_hit_the_policy_refuses_is_dropped_and_its_case_reindexed(
    backend, personas, docket, django_capture_on_commit_callbacks
):
    """If the index falls behind a change (the signal's update failed), the page check holds."""
    services.reindex()
    # Take the judge off the case without signals (a bulk update) — the index still lists them.
    Case.objects.filter(pk=docket.civil.pk).update(judge=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.search(personas.judge, "借贷")
    assert result.hits == [] and result.total == 0
    assert len(callbacks) == 1
    # ... and the case was re-indexed after that: the index itself no longer gives it to the judge.
    direct = backend.search(SearchQuery("kind:case", access=[f"user:{personas.judge.pk}"]))
    assert direct.total == 0
