"""Guiding cases (指导性案例): who may keep the list, the page, the API and the command, all audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.assist import similar
from xiezhi.assist.models import GuidingCase
from xiezhi.audit.models import AuditEntry
from xiezhi.tests.personas import EVERYONE

from .test_api import _headers
from .test_similar import _decided

pytestmark = pytest.mark.django_db

URL = "/workspace/assist/guiding/"


@pytest.fixture
def decided_case(personas):
    case = _decided(
        personas.court, 2021, "公诉机关指控：被告人周某入户盗窃笔记本电脑一台，价值人民币5000元。"
    )
    similar.reset_cache()
    return case


@pytest.mark.parametrize("name", EVERYONE)
def test_guiding_matrix(personas, name):
    user = AnonymousUser() if name == "anonymous" else getattr(personas, name)
    allowed = {"president", "court_admin", "other_court_admin"}
    assert policy.can(user, "assist.guiding.manage") is (name in allowed)


def test_the_president_marks_and_removes_a_guiding_case_on_the_page(client, personas, decided_case):
    client.force_login(personas.president)
    assert f'href="{URL}"' in client.get("/workspace/").content.decode()  # the menu offers the page
    response = client.post(
        URL, {"case_number": decided_case.number, "number": "指导性案例99号", "published_on": "2021-12-01"}
    )
    assert response.status_code == 200
    guiding = GuidingCase.objects.get(case=decided_case)
    assert guiding.number == "指导性案例99号" and guiding.published_on.isoformat() == "2021-12-01"
    assert decided_case.number in response.content.decode()
    assert AuditEntry.objects.filter(detail__contains="as guiding case 指导性案例99号").exists()
    # The similar-case search now puts it in the top tier.
    hits = similar.search_text(personas.judge, "被告人入户盗窃笔记本电脑一台，价值人民币六千元。").hits
    assert [h["tier"] for h in hits if h["id"] == f"case-{decided_case.pk}"] == ["guiding"]

    response = client.post(URL, {"action": "remove", "case_number": decided_case.number})
    assert response.status_code == 200 and not GuidingCase.objects.filter(case=decided_case).exists()
    assert AuditEntry.objects.filter(detail__contains="removed guiding mark 指导性案例99号").exists()


def test_a_refused_form_says_why_and_keeps_what_was_typed(client, personas, decided_case, assigned_case):
    client.force_login(personas.president)  # the UI speaks Chinese by default
    response = client.post(URL, {"case_number": "（1999）浙01刑初1号", "number": "指导性案例1号"})
    assert (
        response.status_code == 404
        and "没有案号为（1999）浙01刑初1号的案件" in response.content.decode().replace(" ", "")
    )
    assert 'value="（1999）浙01刑初1号"' in response.content.decode()
    undecided = client.post(URL, {"case_number": assigned_case.number, "number": "指导性案例2号"})
    assert undecided.status_code == 422 and "尚未审结" in undecided.content.decode()
    bad_date = client.post(
        URL, {"case_number": decided_case.number, "number": "指导性案例3号", "published_on": "2021-13-40"}
    )
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.content.decode()
    assert 'value="指导性案例3号"' in bad_date.content.decode()
    assert not GuidingCase.objects.exists()


def test_a_judge_may_not_open_the_page(client, personas):
    client.force_login(personas.judge)
    assert client.get(URL).status_code == 403
    assert f'href="{URL}"' not in client.get("/workspace/").content.decode()


def test_api_lists_marks_and_unmarks(client, personas, decided_case):
    headers = _headers(client, personas.court_admin)
    created = client.post(
        "/api/v1/assist/guiding",
        {"case_number": decided_case.number, "number": "指导性案例24号", "published_on": "2014-01-26"},
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    assert created.json()["case_id"] == decided_case.pk and created.json()["number"] == "指导性案例24号"
    listed = client.get("/api/v1/assist/guiding", headers=headers).json()["guiding_cases"]
    assert [g["case_number"] for g in listed] == [decided_case.number]
    assert client.delete(f"/api/v1/assist/guiding/{decided_case.pk}", headers=headers).status_code == 204
    again = client.delete(f"/api/v1/assist/guiding/{decided_case.pk}", headers=headers)
    assert again.status_code == 404 and again.json()["error"]["code"] == "not_guiding"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"case_number": "（1999）浙01刑初1号", "number": "指导性案例1号"}, 404, "no_case"),
        ({"number": "指导性案例1号"}, 422, None),
        ({"case_number": "CASE", "number": "   "}, 422, "bad_number"),
        ({"case_number": "CASE", "number": "指导性案例1号", "published_on": "2999-01-01"}, 422, "bad_date"),
    ],
)
def test_api_refuses_bad_input(client, personas, decided_case, body, status, code):
    body = {k: (decided_case.number if v == "CASE" else v) for k, v in body.items()}
    response = client.post(
        "/api/v1/assist/guiding",
        body,
        content_type="application/json",
        headers=_headers(client, personas.president),
    )
    assert response.status_code == status, response.content
    if code:
        assert response.json()["error"]["code"] == code
    assert not GuidingCase.objects.exists()


def test_api_refuses_a_judge(client, personas, decided_case):
    response = client.get("/api/v1/assist/guiding", headers=_headers(client, personas.judge))
    assert response.status_code == 403
