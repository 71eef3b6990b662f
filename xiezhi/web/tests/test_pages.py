"""The two faces render in simplified Chinese by default and in English on request; access is enforced."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_pages_render_in_chinese_by_default(client, personas):
    home = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in home
    assert "诉讼服务" in home
    courts = client.get(reverse("web:courts")).content.decode()
    assert personas.court.name in courts
    detail = client.get(reverse("web:court_detail", args=[personas.court.code])).content.decode()
    assert "民事审判第一庭" in detail


def test_english_is_switchable_and_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Litigation Services" in page
    assert "诉讼服务" not in page


def test_court_directory_filters_with_htmx_partial(client, personas):
    response = client.get(reverse("web:courts"), {"q": personas.court.code}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # a fragment for htmx
    assert personas.court.name in html
    assert personas.other_court.name not in html


def test_judge_sees_the_workspace_and_litigant_the_portal(client, personas):
    client.force_login(personas.judge)
    page = client.get(reverse("web:workspace")).content.decode()
    assert "工作台" in page and personas.court.name in page
    assert client.get(reverse("web:portal")).status_code == 302
    client.force_login(personas.litigant)
    assert client.get(reverse("web:workspace"))["Location"] == reverse("web:portal")
    assert "我的诉讼" in client.get(reverse("web:portal")).content.decode()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("web:workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("court_admin", True), ("president", False), ("judge", False), ("litigant", False)],
)
def test_the_admin_is_limited_to_court_administrators(client, personas, persona, allowed):
    client.force_login(getattr(personas, persona))
    response = client.get("/admin/")
    assert (response.status_code == 200) is allowed


def test_court_admin_sees_only_their_courts_staff_in_the_admin(client, personas):
    client.force_login(personas.court_admin)
    html = client.get("/admin/accounts/staffprofile/").content.decode()
    assert personas.judge.full_name in html
    assert personas.other_court_judge.full_name not in html


def test_large_text_mode_toggles(client):
    client.post(reverse("web:large_text"), {"next": "/"})
    assert 'class="large-text"' in client.get("/").content.decode()
    client.post(reverse("web:large_text"), {"next": "https://evil.example/"})
    assert 'class="large-text"' not in client.get("/").content.decode()


def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/courts/NOPE/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "Page not found" in response.content.decode()
