"""The cases API end to end: the lifecycle and an appeal, filters, who sees what, and bad input."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from xiezhi.accounts.factories import DEFAULT_PASSWORD, StaffFactory
from xiezhi.accounts.models import ApiToken, StaffRole, User
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.factories import CaseFactory, PartyFactory
from xiezhi.cases.models import Case
from xiezhi.courts.factories import DivisionFactory
from xiezhi.courts.models import DivisionKind
from xiezhi.lib import fake

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases"
_rng = random.Random(5)


def _token(client, user) -> str:
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": user.username, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _portal_token(user) -> str:
    """A token for a litigant or lawyer, made directly: the token endpoint issues them to staff and
    agencies only, and these tests show the case endpoints scope such a caller correctly anyway."""
    raw, prefix, key_hash = ApiToken.new_secret()
    ApiToken.objects.create(
        user=user, name="portal", prefix=prefix, key_hash=key_hash, expires_at=ApiToken.default_expiry()
    )
    return raw


class Caller:
    """One persona talking to the API with its own token."""

    def __init__(self, client, user, token: str | None = None) -> None:
        self.client, self.user = client, user
        self.headers = {"Authorization": f"Bearer {token or _token(client, user)}"}

    def get(self, path: str, **params: Any):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any):
        return self.client.post(path, body, content_type="application/json", headers=self.headers)

    def act(self, case: dict[str, Any], action: str, **inputs: Any):
        body = {"action": action, "expected_version": case["version"], **inputs}
        return self.post(f"{URL}/{case['id']}/transitions", body)


def _body(personas, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body: dict[str, Any] = {
        "court": personas.court.code,
        "case_type": "civil",
        "procedure": "first_instance_ordinary",
        "received_on": (today - timedelta(days=2)).isoformat(),
        "cause": "civil.private_lending",
        "claim_amount": "52000.50",
        "parties": [
            {
                "role": "plaintiff",
                "name": "王建国",
                "id_number": fake.identity_number(_rng),
                "address": "浙江省杭州市西湖区文三路90号",
                "representatives": [{"kind": "lawyer", "name": "陈律师", "law_firm": "浙江天册律师事务所"}],
            },
            {"role": "defendant", "name": "李明", "id_number": fake.identity_number(_rng)},
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def filing(client, personas) -> Caller:
    return Caller(client, personas.filing_officer)


def _register(filing: Caller, personas, **overrides: Any) -> dict[str, Any]:
    response = filing.post(URL, _body(personas, **overrides))
    assert response.status_code == 201, response.content
    return response.json()


def _assigned(client, filing: Caller, personas) -> tuple[dict[str, Any], Caller]:
    """A registered and assigned case, and its judge in charge as a caller."""
    case = _register(filing, personas)
    response = filing.act(case, "assign")
    assert response.status_code == 200, response.content
    case = response.json()
    return case, Caller(client, User.objects.get(pk=case["judge"]["id"]))


# --- the lifecycle ------------------------------------------------------------------------------


def test_full_lifecycle_through_the_api(client, personas, filing):
    case = _register(filing, personas)
    year = timezone.localdate().year
    assert case["number"] == f"（{year}）{personas.court.code}民初1号"
    assert case["status"] == "registered" and case["version"] == 1
    assert case["claim_amount"] == "52000.50"
    assert case["cause_code"] == "civil.private_lending"
    assert [p["role"] for p in case["parties"]] == ["plaintiff", "defendant"]
    assert case["parties"][0]["representatives"][0]["law_firm"] == "浙江天册律师事务所"
    assert case["time_limit"]["procedure"] == "civil-ordinary"
    assert case["time_limit"]["status"] == "normal"
    assert case["time_limit"]["days_left"] > 150
    assert case["time_limit"]["explanation"][-1].startswith("Due:")
    assert case["deadline_on"] == case["time_limit"]["due"]
    assert [t["action"] for t in case["transitions"]] == ["assign"]

    response = filing.act(case, "assign")
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["status"] == "assigned" and case["version"] == 2
    judge = User.objects.get(pk=case["judge"]["id"])
    assert judge in (personas.judge, personas.presiding_judge, personas.division_head)
    in_charge = Caller(client, judge)
    assert "start_trial" in [t["action"] for t in in_charge.get(f"{URL}/{case['id']}").json()["transitions"]]

    case = in_charge.act(case, "start_trial").json()
    assert case["status"] == "in_trial"
    response = in_charge.act(case, "close", outcome="judgment")
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["status"] == "closed" and case["outcome"] == "judgment"
    assert case["time_limit"]["status"] == "stopped" and case["days_left"] is None
    assert {"make_effective", "archive", "appeal"} <= {t["action"] for t in case["transitions"]}

    case = in_charge.act(case, "make_effective").json()
    assert case["status"] == "effective" and case["effective_on"] == timezone.localdate().isoformat()
    case = in_charge.act(case, "archive").json()
    assert case["status"] == "archived" and case["version"] == 6
    assert case["transitions"] == []

    events = in_charge.get(f"{URL}/{case['id']}/timeline").json()
    assert [e["kind"] for e in events] == [
        "received",
        "registered",
        "assigned",
        "trial_started",
        "closed",
        "effective",
        "archived",
    ]
    assert events[0]["actor"] == personas.filing_officer.display_name


def test_an_appeal_through_the_api(client, personas, filing):
    case, judge = _assigned(client, filing, personas)
    case = judge.act(case, "start_trial").json()
    case = judge.act(case, "close", outcome="judgment").json()
    defendant = next(p for p in case["parties"] if p["role"] == "defendant")

    response = judge.act(case, "appeal", appellant=defendant["id"])
    assert response.status_code == 200, response.content
    case = response.json()
    assert case["status"] == "closed"
    [appeal] = case["derived"]
    assert appeal["link"] == "appeal"
    higher = personas.court.parent
    assert appeal["number"] == f"（{timezone.localdate().year}）{higher.code}民终1号"

    # The decision does not take effect while the appeal is pending; recording it twice is refused.
    refused = judge.act(case, "make_effective")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "precondition"
    twice = judge.act(case, "appeal", appellant=defendant["id"])
    assert twice.status_code == 409

    # The higher court's filing officer sees the second-instance case; the first judge does not.
    filing_division = DivisionFactory(court=higher, kind=DivisionKind.FILING, name="立案庭")
    higher_filing = Caller(client, StaffFactory(role=StaffRole.FILING_OFFICER, division=filing_division).user)
    second = higher_filing.get(f"{URL}/{appeal['id']}").json()
    assert second["procedure"] == "second_instance"
    assert second["origin"] == {"id": case["id"], "number": case["number"], "link": "appeal"}
    assert {p["name"]: p["role"] for p in second["parties"]} == {"李明": "appellant", "王建国": "appellee"}
    assert judge.get(f"{URL}/{appeal['id']}").status_code == 404


# --- the list -----------------------------------------------------------------------------------


@pytest.fixture
def workload(personas) -> dict[str, Case]:
    today = timezone.localdate()

    def case(**fields: Any) -> Case:
        fields.setdefault("court", personas.court)
        fields.setdefault("division", personas.civil)
        return CaseFactory(**fields)

    return {
        "overdue": case(judge=personas.judge, status="in_trial", deadline_on=today - timedelta(days=3)),
        "approaching": case(judge=personas.judge, status="assigned", deadline_on=today + timedelta(days=5)),
        "normal": case(judge=personas.judge, status="in_trial", deadline_on=today + timedelta(days=90)),
        "closed": case(judge=personas.judge, status="closed", title="张三诉李四买卖合同纠纷"),
        "enforcement": case(
            judge=personas.judge,
            case_type="enforcement",
            procedure="enforcement",
            status="in_trial",
            deadline_on=today + timedelta(days=60),
        ),
        "colleague": case(judge=personas.presiding_judge, status="in_trial"),
        "elsewhere": case(court=personas.other_court, division=None, status="in_trial"),
    }


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_filters_and_sorts_like_the_workbench(client, personas, workload):
    judge = Caller(client, personas.judge)
    w = {name: case.pk for name, case in workload.items()}

    assert _ids(judge.get(URL)) == [w["overdue"], w["approaching"], w["enforcement"], w["normal"]]
    assert set(_ids(judge.get(URL, status="all"))) == {*_ids(judge.get(URL)), w["closed"]}
    assert _ids(judge.get(URL, status="closed")) == [w["closed"]]
    assert _ids(judge.get(URL, deadline="overdue")) == [w["overdue"]]
    assert _ids(judge.get(URL, deadline="approaching")) == [w["approaching"]]
    assert _ids(judge.get(URL, deadline="normal")) == [w["enforcement"], w["normal"]]
    assert _ids(judge.get(URL, case_type="enforcement")) == [w["enforcement"]]
    assert _ids(judge.get(URL, q="买卖合同", status="all")) == [w["closed"]]
    number = workload["normal"].number
    assert _ids(judge.get(URL, q=number)) == [w["normal"]]

    item = judge.get(URL, deadline="overdue").json()["items"][0]
    assert item["deadline_status"] == "overdue" and item["days_left"] == -3
    assert item["judge"] == {"id": personas.judge.pk, "name": personas.judge.display_name}

    # The division head sees the division; "mine" narrows to the cases they handle themselves.
    head = Caller(client, personas.division_head)
    assert w["colleague"] in _ids(head.get(URL))
    assert w["elsewhere"] not in _ids(head.get(URL))
    assert _ids(head.get(URL, scope="mine")) == []


def test_list_pages_with_a_total(client, personas, workload):
    judge = Caller(client, personas.judge)
    everything = _ids(judge.get(URL, status="all", sort="registered"))
    first = judge.get(URL, status="all", sort="registered", limit=2).json()
    second = judge.get(URL, status="all", sort="registered", limit=2, offset=2).json()
    assert first["total"] == second["total"] == len(everything) == 5
    assert [i["id"] for i in first["items"] + second["items"]] == everything[:4]
    assert judge.get(URL, offset=1000).json()["items"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 101},
        {"limit": 0},
        {"offset": -1},
        {"status": "lost"},
        {"deadline": "soon"},
        {"case_type": "maritime"},
        {"scope": "everyone"},
        {"sort": "title"},
        {"limit": "ten"},
        {"q": "x" * 61},
        {"q": "王\x00"},
    ],
)
def test_list_refuses_bad_filters_with_a_structured_422(client, personas, params):
    response = Caller(client, personas.judge).get(URL, **params)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["details"]


def test_the_list_needs_a_token(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


# --- who sees what ------------------------------------------------------------------------------


@pytest.fixture
def litigants_case(personas) -> Case:
    case = CaseFactory(court=personas.court, division=personas.civil, judge=personas.judge, status="in_trial")
    case.internal_note = "合议庭倾向于部分支持原告诉请"
    case.save()
    PartyFactory(case=case, role="plaintiff", user=personas.litigant, position=0)
    PartyFactory(case=case, role="defendant", position=1)
    case.timeline.create(kind="assigned", detail="public step")
    case.timeline.create(kind="extended", detail="internal step", public=False)
    return case


def test_a_litigant_sees_only_their_own_case_and_public_information(client, personas, litigants_case):
    other = CaseFactory(court=personas.court, division=personas.civil, judge=personas.judge)
    litigant = Caller(client, personas.litigant, _portal_token(personas.litigant))

    assert _ids(litigant.get(URL)) == [litigants_case.pk]
    detail = litigant.get(f"{URL}/{litigants_case.pk}").json()
    own, opponent = detail["parties"]
    assert own["identity_visible"] and len(own["id_number"]) == 18 and "*" not in own["id_number"]
    assert not opponent["identity_visible"] and opponent["id_number"].count("*") == 13
    assert detail["internal_note"] is None
    assert detail["transitions"] == []
    events = litigant.get(f"{URL}/{litigants_case.pk}/timeline").json()
    assert [e["detail"] for e in events] == ["public step"]
    assert all(e["actor"] is None for e in events)

    assert litigant.get(f"{URL}/{other.pk}").status_code == 404
    response = litigant.act(
        {"id": litigants_case.pk, "version": litigants_case.version}, "close", outcome="judgment"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_court_staff_see_identities_and_internal_notes_and_the_read_is_audited(
    client, personas, litigants_case
):
    judge = Caller(client, personas.judge)
    detail = judge.get(f"{URL}/{litigants_case.pk}").json()
    assert detail["internal_note"] == "合议庭倾向于部分支持原告诉请"
    assert all(p["identity_visible"] and "*" not in p["id_number"] for p in detail["parties"])
    assert AuditEntry.objects.filter(action="read_personal", actor=personas.judge).count() == 2
    kinds = [e["kind"] for e in judge.get(f"{URL}/{litigants_case.pk}/timeline").json()]
    assert kinds == ["assigned", "extended"]
    assert [t["action"] for t in detail["transitions"]] == ["suspend", "close"]


@pytest.mark.parametrize("suffix", ["", "/timeline"])
def test_another_courts_judge_gets_404_like_a_missing_case_and_the_probe_is_audited(
    client, personas, litigants_case, suffix
):
    outsider = Caller(client, personas.other_court_judge)
    hidden = outsider.get(f"{URL}/{litigants_case.pk}{suffix}")
    missing = outsider.get(f"{URL}/{litigants_case.pk + 1000}{suffix}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    probes = AuditEntry.objects.filter(action="not_found", actor=personas.other_court_judge)
    assert {p.object_id for p in probes} == {str(litigants_case.pk), str(litigants_case.pk + 1000)}
    assert all(p.object_type == "cases.case" for p in probes)


def test_another_courts_judge_cannot_act_on_a_case_either(client, personas, litigants_case):
    outsider = Caller(client, personas.other_court_judge)
    response = outsider.act({"id": litigants_case.pk, "version": 1}, "close", outcome="judgment")
    assert response.status_code == 404
    litigants_case.refresh_from_db()
    assert litigants_case.status == "in_trial"
    assert AuditEntry.objects.filter(action="not_found", object_id=str(litigants_case.pk)).exists()


def test_staff_who_see_a_case_but_may_not_act_get_403(client, personas, filing):
    case = _register(filing, personas)
    # A clerk or judge not (yet) on the case does not see it at all: 404, not 403.
    assert Caller(client, personas.clerk).get(f"{URL}/{case['id']}").status_code == 404
    assert Caller(client, personas.judge).act(case, "assign").status_code == 404
    # The president sees every case of the court but does not assign: 403.
    president = Caller(client, personas.president)
    response = president.act(case, "assign")
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="permission_denied", actor=personas.president).exists()


def test_only_filing_officers_register(client, personas):
    for user in (personas.judge, personas.agency, personas.other_court_admin):
        response = Caller(client, user).post(URL, _body(personas))
        assert response.status_code == 403, user
        assert response.json()["error"]["code"] == "forbidden"
    assert not Case.objects.exists()


# --- malformed requests -------------------------------------------------------------------------


def _error(response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status
    return error


def _fields(error: dict[str, Any]) -> set[str]:
    return {d["field"] for d in error["details"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"court": None}, "court"),
        ({"parties": []}, "parties"),
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"received_on": "yesterday"}, "received_on"),
        ({"received_on": "9999-12-31"}, "received_on"),
        ({"claim_amount": "abc"}, "claim_amount"),
        ({"claim_amount": "12.345"}, "claim_amount"),
        ({"claim_amount": "NaN"}, "claim_amount"),
        ({"claim_amount": "1e20"}, "claim_amount"),
        ({"case_type": "maritime"}, "case_type"),
        ({"judge": "me"}, "judge"),
        ({"title": "王某\x00诉李某"}, "title"),
        ({"parties": [{"role": "plaintiff", "name": "王\x00"}]}, "parties.0.name"),
    ],
)
def test_registration_refuses_bad_shapes_with_422(personas, filing, change, field):
    body = _body(personas)
    for key, value in change.items():
        if value is None:
            body.pop(key)
        else:
            body[key] = value
    error = _error(filing.post(URL, body), 422)
    assert error["code"] == "invalid_input"
    assert any(field in f for f in _fields(error)), error


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"claim_amount": "-1.00"}, "claim_amount"),
        ({"received_on": (timezone.localdate() + timedelta(days=10)).isoformat()}, "received_on"),
        ({"procedure": "second_instance"}, "procedure"),
        ({"procedure": "teleportation"}, "procedure"),
        ({"court": "火星01"}, "court"),
        ({"cause": "civil.nonsense"}, "cause"),
        ({"cause": "criminal.theft"}, "cause"),
        ({"division_id": 10**12}, "division_id"),
    ],
)
def test_registration_refuses_values_the_rules_do_not_allow_with_400(personas, filing, change, field):
    error = _error(filing.post(URL, _body(personas, **change)), 400)
    assert error["code"] == "invalid_input"
    assert field in _fields(error), error
    assert not Case.objects.exists()


def test_registration_checks_each_party(personas, filing):
    parties = [
        {"role": "plaintiff", "name": "王五", "id_number": "330106199001011234"},
        {"role": "appellee", "name": "赵六"},
        {"role": "defendant", "name": "孙七", "username": "nobody-here"},
    ]
    error = _error(filing.post(URL, _body(personas, parties=parties)), 400)
    assert "parties.2.username" in _fields(error)
    error = _error(filing.post(URL, _body(personas, parties=parties[:2])), 400)
    assert {"parties.0.id_number", "parties.1.role"} <= _fields(error)


@pytest.mark.parametrize("body", ["not json", "[]", "null", '{"court": 1}'])
def test_registration_refuses_garbage(filing, body):
    response = filing.client.post(URL, body, content_type="application/json", headers=filing.headers)
    assert 400 <= response.status_code < 500
    assert response.json()["error"]["status"] == response.status_code


def test_transition_errors_are_structured(client, personas, filing):
    case = _register(filing, personas)
    path = f"{URL}/{case['id']}/transitions"

    error = _error(filing.act(case, "teleport"), 422)
    assert error["code"] == "unknown_transition" and "action" in _fields(error)
    assert _error(filing.post(path, {"action": "assign"}), 422)["code"] == "invalid_input"
    assert _error(filing.post(path, {"action": "assign", "expected_version": "one"}), 422)
    assert "surprise" in str(_error(filing.act(case, "assign", surprise=True), 422)["details"])

    assigned = filing.act(case, "assign").json()
    stale = _error(filing.act(case, "assign"), 409)
    assert stale["code"] == "conflict" and "expected_version" in _fields(stale)
    # The right version, but the state does not allow it (already assigned).
    assert _error(filing.act(assigned, "assign"), 409)["code"] == "invalid_transition"

    judge = Caller(client, User.objects.get(pk=assigned["judge"]["id"]))
    in_trial = judge.act(assigned, "start_trial").json()
    assert _error(judge.act(in_trial, "close"), 422)["code"] == "missing_input"
    assert _error(judge.act(in_trial, "close", outcome="judgment", closed_on="2026-13-01"), 422)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert _error(judge.act(in_trial, "close", outcome="judgment", closed_on=future), 422)["code"] == (
        "invalid_date"
    )
    assert _error(judge.act(in_trial, "suspend"), 422)["code"] == "missing_input"
    # Days a court record cannot hold are refused at the edge (they would overflow the arithmetic).
    for inputs in ({"reason": "鉴定", "on": "9999-12-31"}, {"reason": "鉴定", "on": "0001-01-01"}):
        assert _error(judge.act(in_trial, "suspend", **inputs), 422)["code"] == "invalid_input"
    assert _error(judge.act(in_trial, "appeal", appellant=10**12), 422)["code"] == "invalid_input"
    assert Case.objects.get(pk=case["id"]).status == "in_trial"


@pytest.mark.parametrize("case_id", ["abc", "1.5"])
def test_ids_that_are_not_numbers_get_422(client, personas, case_id):
    assert _error(Caller(client, personas.judge).get(f"{URL}/{case_id}"), 422)["code"] == "invalid_input"


@pytest.mark.parametrize("case_id", ["0", "-4", str(2**70)])
def test_ids_out_of_range_are_just_missing(client, personas, case_id):
    assert _error(Caller(client, personas.judge).get(f"{URL}/{case_id}"), 404)["code"] == "not_found"


def test_the_cases_api_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        URL,
        f"{URL}/{{case_id}}",
        f"{URL}/{{case_id}}/timeline",
        f"{URL}/{{case_id}}/transitions",
    } <= set(paths)
