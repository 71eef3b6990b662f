"""factory_boy factories for cases: realistic parties and numbers (workflow tests use the services)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import factory
from django.utils import timezone

from xiezhi.courts.factories import BasicCourtFactory
from xiezhi.lib import fake

from . import rules
from .models import Case, CaseStatus, CauseOfAction, Party

_rng = random.Random(11)  # noqa: S311 — test data, not secrets


class CaseFactory(factory.django.DjangoModelFactory):
    """A registered civil first-instance case with a number; pass ``status``/``judge`` etc. to vary it.

    For workflow behaviour use ``services.register_case``; this factory is for building lists fast.
    """

    class Meta:
        model = Case

    court = factory.SubFactory(BasicCourtFactory)
    division = None
    case_type = "civil"
    procedure = "first_instance_ordinary"
    type_code = factory.LazyAttribute(lambda o: rules.case_kind(o.case_type, o.procedure).type_code)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"（{o.year}）{o.court.code}{o.type_code}{o.sequence}号")
    title = factory.LazyFunction(lambda: f"{fake.chinese_name(_rng)}诉{fake.chinese_name(_rng)}民间借贷纠纷")
    cause = factory.LazyFunction(lambda: CauseOfAction.objects.filter(code="civil.private_lending").first())
    claim_amount = 50000
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    deadline_on = factory.LazyAttribute(lambda o: (o.registered_on or date.today()) + timedelta(days=180))
    status = CaseStatus.REGISTERED


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory)
    role = "plaintiff"
    name = factory.LazyFunction(lambda: fake.chinese_name(_rng))
    id_number = factory.LazyFunction(lambda: fake.identity_number(_rng))
    address = "浙江省杭州市西湖区文三路90号"
    phone = factory.LazyFunction(lambda: fake.mobile(_rng))
