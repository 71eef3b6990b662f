"""Messages between a party's side and the court, on the party tracking page and the case page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import CaseMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(assigned_case):
    return assigned_case


def test_a_party_writes_to_the_court_and_the_clerk_replies(client, personas, case):
    plaintiff = case.parties.get(role="plaintiff")
    client.force_login(personas.litigant)
    response = client.post(reverse("cases:portal_message", args=[plaintiff.pk]), {"body": "请问何时开庭？"})
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    client.force_login(personas.clerk)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "请问何时开庭？" in page
    client.post(reverse("cases:message", args=[plaintiff.pk]), {"body": "开庭时间将另行通知。"})
    client.force_login(personas.litigant)
    page = client.get(reverse("cases:portal_detail", args=[case.pk])).content.decode()
    assert "开庭时间将另行通知。" in page
    reply = CaseMessage.objects.get(from_court=True)
    assert reply.read_at is not None  # the litigant has now read it
    assert AuditEntry.objects.for_object(reply).filter(action="create").exists()


def test_the_other_side_never_sees_a_partys_conversation(client, personas, case):
    plaintiff = case.parties.get(role="plaintiff")
    client.force_login(personas.litigant)
    client.post(reverse("cases:portal_message", args=[plaintiff.pk]), {"body": "内部沟通内容"})
    client.force_login(personas.lawyer)  # the defendant's lawyer
    page = client.get(reverse("cases:portal_detail", args=[case.pk])).content.decode()
    assert "内部沟通内容" not in page
    response = client.post(reverse("cases:portal_message", args=[plaintiff.pk]), {"body": "冒充"})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="not_found", object_type="cases.party").exists()
    assert not CaseMessage.objects.filter(body="冒充").exists()


@pytest.mark.parametrize("body", ["", "   ", "长" * 2001])
def test_empty_or_too_long_messages_are_refused_and_the_text_comes_back(client, personas, case, body):
    plaintiff = case.parties.get(role="plaintiff")
    client.force_login(personas.litigant)
    response = client.post(reverse("cases:portal_message", args=[plaintiff.pk]), {"body": body}, follow=True)
    assert response.status_code == 200
    assert not CaseMessage.objects.exists()
    if body.strip():
        assert body in response.content.decode()  # kept in the box
