"""Court codes and the hierarchy are validated; bad input is a field error, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from xiezhi.courts.factories import BasicCourtFactory, HighCourtFactory, IntermediateCourtFactory
from xiezhi.courts.models import Court
from xiezhi.courts.rules import court_code_problems


@pytest.mark.parametrize(
    ("code", "level", "parent_code", "parent_level", "field"),
    [
        ("浙0106", "basic", "浙01", "intermediate", None),
        ("京0105", "basic", "京03", "intermediate", None),  # municipal districts keep county digits
        ("浙01", "intermediate", "浙", "high", None),
        ("浙", "high", "最高法", "supreme", None),
        ("最高法", "supreme", None, None, None),
        ("浙010", "basic", "浙01", "intermediate", "code"),
        ("Z0106", "basic", "浙01", "intermediate", "code"),
        ("浙01", "basic", "浙", "high", "code"),
        ("苏0106", "basic", "浙01", "intermediate", "parent"),
        ("浙0106", "basic", "浙", "high", "parent"),
        ("浙0106", "basic", None, None, "parent"),
        ("", "basic", "浙01", "intermediate", "code"),
    ],
)
def test_court_code_rules(code, level, parent_code, parent_level, field):
    problems = court_code_problems(code, level, parent_code, parent_level)
    if field is None:
        assert problems == {}
    else:
        assert field in problems


@pytest.mark.django_db
def test_an_invalid_court_is_refused_by_full_clean():
    intermediate = IntermediateCourtFactory()
    court = Court(code="浙99x", name="测试法院", level="basic", parent=intermediate)
    with pytest.raises(ValidationError) as info:
        court.full_clean()
    assert "code" in info.value.message_dict


@pytest.mark.django_db
def test_factories_make_valid_courts():
    for court in (HighCourtFactory(), IntermediateCourtFactory(), BasicCourtFactory()):
        court.full_clean()


@pytest.mark.django_db
def test_admin_form_shows_a_field_error_for_a_bad_code(client):
    from xiezhi.accounts.factories import UserFactory

    superuser = UserFactory(is_superuser=True, is_staff=True, kind="staff")
    client.force_login(superuser)
    parent = IntermediateCourtFactory()
    response = client.post(
        "/admin/courts/court/add/",
        {"name": "某区人民法院", "code": "浙ABCD", "level": "basic", "parent": parent.pk, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert not Court.objects.filter(name="某区人民法院").exists()
