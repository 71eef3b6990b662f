"""factory_boy factories for people; passwords are hashed once and shared to keep tests fast."""

from __future__ import annotations

import random
from functools import cache

import factory
from django.contrib.auth.hashers import make_password

from xiezhi.courts.factories import BasicCourtFactory, DivisionFactory
from xiezhi.lib import fake

from .models import LawyerProfile, LitigantProfile, StaffProfile, StaffRole, User, UserKind

DEFAULT_PASSWORD = "correct-horse-battery-9"  # noqa: S105 — test accounts only
_rng = random.Random(7)  # noqa: S311 — test data, not secrets


@cache
def _password_hash(raw: str) -> str:
    return make_password(raw)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyFunction(lambda: fake.chinese_name(_rng))
    kind = UserKind.LITIGANT
    password = factory.LazyFunction(lambda: _password_hash(DEFAULT_PASSWORD))


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff profile with its account; ``role`` and ``division`` as needed."""

    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory, kind=UserKind.STAFF, verification="verified")
    division = factory.SubFactory(DivisionFactory)
    court = factory.LazyAttribute(lambda o: o.division.court if o.division else BasicCourtFactory())
    role = StaffRole.JUDGE


class LitigantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LitigantProfile

    user = factory.SubFactory(UserFactory, kind=UserKind.LITIGANT)
    identity_number = factory.LazyFunction(lambda: fake.identity_number(_rng))
    address = "浙江省杭州市西湖区文三路90号"


class LawyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawyerProfile

    user = factory.SubFactory(UserFactory, kind=UserKind.LAWYER)
    licence_number = factory.Sequence(lambda n: f"33012015{n:09d}")
    law_firm = "浙江天册律师事务所"
