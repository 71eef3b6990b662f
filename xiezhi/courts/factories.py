"""factory_boy factories for courts; codes follow the real shapes (浙, 浙01, 浙0106)."""

from __future__ import annotations

import factory

from .models import Court, Courtroom, Division, DivisionKind

# Provinces used for generated high courts, one per factory sequence step.
_PROVINCES = "京津冀晋辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新"


class SupremeCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("code",)

    code = "最高法"
    name = "最高人民法院"
    level = "supreme"


class HighCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: _PROVINCES[n % len(_PROVINCES)])
    name = factory.LazyAttribute(lambda o: f"{o.code}省高级人民法院")
    level = "high"
    parent = factory.SubFactory(SupremeCourtFactory)


class IntermediateCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    parent = factory.SubFactory(HighCourtFactory)
    name = factory.LazyAttribute(lambda o: f"{o.code}中级人民法院")
    level = "intermediate"

    @factory.lazy_attribute
    def code(self) -> str:
        """The parent's province plus a fresh two-digit number."""
        taken = set(Court.objects.filter(parent=self.parent).values_list("code", flat=True))
        for number in range(1, 70):
            candidate = f"{self.parent.code}{number:02d}"
            if candidate not in taken:
                return candidate
        raise ValueError("no free intermediate court code")


class BasicCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    parent = factory.SubFactory(IntermediateCourtFactory)
    name = factory.LazyAttribute(lambda o: f"{o.code}基层人民法院")
    level = "basic"

    @factory.lazy_attribute
    def code(self) -> str:
        prefix = self.parent.code  # e.g. 浙01 → 浙01xx
        taken = set(Court.objects.filter(code__startswith=prefix).values_list("code", flat=True))
        for number in range(2, 100):
            candidate = f"{prefix}{number:02d}"
            if candidate not in taken:
                return candidate
        raise ValueError("no free basic court code")


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    court = factory.SubFactory(BasicCourtFactory)
    kind = DivisionKind.CIVIL
    name = factory.Sequence(lambda n: f"民事审判第{n + 1}庭")


class CourtroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courtroom

    court = factory.SubFactory(BasicCourtFactory)
    name = factory.Sequence(lambda n: f"第{n + 1}法庭")
