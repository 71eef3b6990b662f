"""Registration, login (with throttling), staff creation and personal-data reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.accounts.factories import DEFAULT_PASSWORD, LitigantFactory
from xiezhi.accounts.models import StaffProfile, User
from xiezhi.accounts.rules import identity_number_problem, mask_identity_number
from xiezhi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {
    "kind": "litigant",
    "full_name": "王小明",
    "mobile": "13800571234",
    "email": "",
    "licence_number": "",
    "law_firm": "",
    "password1": "qiantang-river-2026",
    "password2": "qiantang-river-2026",
}


def test_a_litigant_registers_with_a_mobile_number_and_lands_in_the_portal(client):
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:portal")
    user = User.objects.get(mobile="13800571234")
    assert user.kind == "litigant"
    assert user.verification == "unverified"
    assert user.password.startswith("argon2")
    assert AuditEntry.objects.for_object(user).filter(action="create").exists()


def test_a_lawyer_must_give_licence_and_firm(client):
    response = client.post(reverse("accounts:register"), {**GOOD, "kind": "lawyer"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "licence_number" in form.errors and "law_firm" in form.errors
    assert not User.objects.filter(mobile="13800571234").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mobile": "12345"}, "mobile"),
        ({"mobile": "", "email": ""}, "mobile"),
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"full_name": " "}, "full_name"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_registration_input_gets_field_errors_and_keeps_what_was_typed(client, changes, field):
    data = {**GOOD, **changes}
    response = client.post(reverse("accounts:register"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'value="王小明"' in html or changes.get("full_name")
    assert 'role="alert"' in html  # the error summary is announced to screen readers
    assert 'aria-invalid="true"' in html


def test_duplicate_accounts_are_refused_with_a_field_error(client):
    client.post(reverse("accounts:register"), GOOD)
    client.logout()
    response = client.post(reverse("accounts:register"), {**GOOD, "full_name": "王大明"})
    assert response.status_code == 400
    assert "mobile" in response.context["form"].errors
    assert User.objects.filter(mobile="13800571234").count() == 1


def test_login_works_with_mobile_or_username(client, personas):
    litigant = personas.litigant
    litigant.mobile = "13900000001"
    litigant.save()
    response = client.post(
        reverse("accounts:login"), {"username": "13900000001", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": litigant.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="login", actor=litigant).count() == 2
    assert AuditEntry.objects.filter(action="logout", actor=litigant).count() == 1


def test_three_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, personas):
    judge = personas.judge
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": judge.username, "password": "wrong-password"})
    response = client.post(
        reverse("accounts:login"), {"username": judge.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        AuditEntry.objects.filter(action="login_failed", detail=f"identifier={judge.username}").count() >= 3
    )
    assert AuditEntry.objects.filter(action="locked_out").exists()
    assert not AuditEntry.objects.filter(
        action__in=["login_failed"], detail__contains="wrong-password"
    ).exists()


def test_court_admin_creates_a_staff_account_in_their_court(client, personas):
    client.force_login(personas.court_admin)
    response = client.post(
        reverse("web:staff"),
        {
            "username": "new-clerk",
            "full_name": "赵书记",
            "role": "clerk",
            "division": personas.civil.pk,
            "password": "xihu-lake-clerk-2026",
        },
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user__username="new-clerk")
    assert profile.court == personas.court
    assert profile.role == "clerk"


def test_staff_accounts_need_a_division_for_division_roles(client, personas):
    client.force_login(personas.court_admin)
    response = client.post(
        reverse("web:staff"),
        {
            "username": "no-division",
            "full_name": "钱法官",
            "role": "judge",
            "password": "xihu-lake-judge-2026",
        },
    )
    assert response.status_code == 400
    assert "division" in response.context["form"].errors
    assert not User.objects.filter(username="no-division").exists()


def test_a_division_of_another_court_is_not_offered(client, personas):
    from xiezhi.courts.factories import DivisionFactory

    foreign = DivisionFactory(court=personas.other_court, name="外院民庭")
    client.force_login(personas.court_admin)
    response = client.post(
        reverse("web:staff"),
        {
            "username": "x-judge",
            "full_name": "孙法官",
            "role": "judge",
            "division": foreign.pk,
            "password": "xihu-lake-judge-2026",
        },
    )
    assert response.status_code == 400
    assert "division" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["judge", "president", "other_court_judge", "litigant"])
def test_only_court_admins_reach_the_staff_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("web:staff"))
    assert response.status_code in (302, 403)
    if response.status_code == 403:
        assert AuditEntry.objects.filter(
            action="permission_denied", actor=getattr(personas, persona)
        ).exists()


def test_revealing_an_identity_number_is_audited(client):
    profile = LitigantFactory()
    client.force_login(profile.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert profile.identity_number not in page
    assert mask_identity_number(profile.identity_number) in page
    response = client.post(reverse("accounts:reveal_identity"))
    assert profile.identity_number in response.content.decode()
    entry = AuditEntry.objects.filter(action="read_personal").latest("id")
    assert entry.actor_id == profile.user.pk
    assert entry.object_id == str(profile.pk)
    assert "identity_number" in entry.detail


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("11010519491231002X", True),
        ("110105194912310021", False),
        ("11010519491331002X", False),
        ("1101051949123", False),
    ],
)
def test_identity_number_checksum(number, ok):
    assert (identity_number_problem(number) is None) is ok


@pytest.mark.django_db
def test_session_user_is_loaded_with_profile_court_and_division_in_one_query(django_assert_num_queries):
    from xiezhi.accounts.backends import IdentifierBackend
    from xiezhi.accounts.factories import StaffFactory

    profile = StaffFactory()
    with django_assert_num_queries(1):
        user = IdentifierBackend().get_user(profile.user_id)
        assert user is not None
        assert user.staff_profile.court.name == profile.court.name
        assert user.staff_profile.division_id == profile.division_id
        if profile.division_id:
            assert user.staff_profile.division.name == profile.division.name


@pytest.mark.django_db
def test_session_user_without_staff_profile_or_inactive_is_handled():
    from xiezhi.accounts.backends import IdentifierBackend

    litigant = LitigantFactory().user
    user = IdentifierBackend().get_user(litigant.pk)
    assert user is not None and getattr(user, "staff_profile", None) is None
    User.objects.filter(pk=litigant.pk).update(is_active=False)
    assert IdentifierBackend().get_user(litigant.pk) is None
    assert IdentifierBackend().get_user(10**9) is None
