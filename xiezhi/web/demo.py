"""Demo data: a believable court system for trying Xiezhi out. Idempotent: running it twice changes nothing.

One high court (Zhejiang) under the Supreme People's Court, two intermediate courts (Hangzhou,
Ningbo), four basic courts; their divisions and courtrooms; staff for every role; litigants,
lawyers and an agency user with generated Chinese names. Everything is looked up by a natural
key before it is created, and names come from a fixed seed, so a second run finds every record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from xiezhi.accounts.models import (
    AgencyProfile,
    LawyerProfile,
    LitigantProfile,
    StaffProfile,
    StaffRole,
    User,
    UserKind,
    VerificationStatus,
)
from xiezhi.audit.context import acting_as, system_actor
from xiezhi.courts.models import Court, Courtroom, Division, DivisionKind
from xiezhi.laws.services import load_demo_laws
from xiezhi.lib import fake
from xiezhi.search import services as search_services


@dataclass(frozen=True)
class CourtSpec:
    slug: str
    code: str
    name: str
    name_en: str
    level: str
    parent: str | None
    region: str
    address: str


COURTS = (
    CourtSpec(
        "spc",
        "最高法",
        "最高人民法院",
        "Supreme People's Court",
        "supreme",
        None,
        "",
        "北京市东城区东交民巷27号",
    ),
    CourtSpec(
        "zj",
        "浙",
        "浙江省高级人民法院",
        "Zhejiang High People's Court",
        "high",
        "最高法",
        "330000",
        "杭州市西湖区南山路",
    ),
    CourtSpec(
        "hz",
        "浙01",
        "浙江省杭州市中级人民法院",
        "Hangzhou Intermediate People's Court",
        "intermediate",
        "浙",
        "330100",
        "杭州市上城区解放东路",
    ),
    CourtSpec(
        "nb",
        "浙02",
        "浙江省宁波市中级人民法院",
        "Ningbo Intermediate People's Court",
        "intermediate",
        "浙",
        "330200",
        "宁波市鄞州区宁穿路",
    ),
    CourtSpec(
        "xh",
        "浙0106",
        "杭州市西湖区人民法院",
        "Xihu District People's Court, Hangzhou",
        "basic",
        "浙01",
        "330106",
        "杭州市西湖区文三路",
    ),
    CourtSpec(
        "sc",
        "浙0102",
        "杭州市上城区人民法院",
        "Shangcheng District People's Court, Hangzhou",
        "basic",
        "浙01",
        "330102",
        "杭州市上城区江城路",
    ),
    CourtSpec(
        "hs",
        "浙0203",
        "宁波市海曙区人民法院",
        "Haishu District People's Court, Ningbo",
        "basic",
        "浙02",
        "330203",
        "宁波市海曙区环城西路",
    ),
    CourtSpec(
        "yz",
        "浙0212",
        "宁波市鄞州区人民法院",
        "Yinzhou District People's Court, Ningbo",
        "basic",
        "浙02",
        "330212",
        "宁波市鄞州区首南中路",
    ),
)

# (kind, name, slug) for each level; trial divisions get a head, judges, an assistant and a clerk.
DIVISIONS = {
    "basic": [
        (DivisionKind.FILING, "立案庭", "la"),
        (DivisionKind.CRIMINAL, "刑事审判庭", "xs"),
        (DivisionKind.CIVIL, "民事审判第一庭", "ms1"),
        (DivisionKind.CIVIL, "民事审判第二庭", "ms2"),
        (DivisionKind.ADMINISTRATIVE, "行政审判庭", "xz"),
        (DivisionKind.SUPERVISION, "审判监督庭", "sj"),
        (DivisionKind.ENFORCEMENT, "执行局", "zx"),
    ],
    "intermediate": [
        (DivisionKind.FILING, "立案庭", "la"),
        (DivisionKind.CRIMINAL, "刑事审判第一庭", "xs"),
        (DivisionKind.CIVIL, "民事审判第一庭", "ms1"),
        (DivisionKind.ADMINISTRATIVE, "行政审判庭", "xz"),
        (DivisionKind.SUPERVISION, "审判监督庭", "sj"),
        (DivisionKind.ENFORCEMENT, "执行局", "zx"),
    ],
    "high": [
        (DivisionKind.FILING, "立案庭", "la"),
        (DivisionKind.CRIMINAL, "刑事审判第一庭", "xs"),
        (DivisionKind.CIVIL, "民事审判第一庭", "ms1"),
        (DivisionKind.ADMINISTRATIVE, "行政审判庭", "xz"),
        (DivisionKind.SUPERVISION, "审判监督庭", "sj"),
        (DivisionKind.ENFORCEMENT, "执行局", "zx"),
    ],
}
COURTROOMS = {"basic": 4, "intermediate": 3, "high": 2, "supreme": 0}
CHINESE_ORDINALS = "一二三四五六七八九十"
TRIAL_KINDS = {
    DivisionKind.CRIMINAL,
    DivisionKind.CIVIL,
    DivisionKind.ADMINISTRATIVE,
    DivisionKind.SUPERVISION,
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    court: str


@dataclass
class DemoReport:
    courts: int = 0
    divisions: int = 0
    courtrooms: int = 0
    users: int = 0
    created: int = 0
    accounts: list[DemoAccount] | None = None


class _Builder:
    def __init__(self) -> None:
        self.rng = random.Random(20261127)  # noqa: S311 — fixed seed: the same people every run
        self.password_hash = make_password(settings.XIEZHI_DEMO_PASSWORD)
        self.report = DemoReport(accounts=[])
        self.used_names: set[str] = set()

    def name(self) -> str:
        # Draw until unused so that names stay unique within the demo (and the draw stays deterministic).
        while True:
            candidate = fake.chinese_name(self.rng)
            if candidate not in self.used_names:
                self.used_names.add(candidate)
                return candidate

    def user(self, username: str, kind: str, **fields) -> User:  # type: ignore[no-untyped-def]
        full_name = self.name()
        mobile = fake.mobile(self.rng)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username,
                full_name=full_name,
                kind=kind,
                password=self.password_hash,
                mobile=fields.pop("mobile", None),
                verification=fields.pop("verification", VerificationStatus.VERIFIED),
                **fields,
            )
            self.report.created += 1
        del mobile
        self.report.users += 1
        return user

    def court(self, spec: CourtSpec) -> Court:
        court = Court.objects.filter(code=spec.code).first()
        if court is None:
            parent = Court.objects.get(code=spec.parent) if spec.parent else None
            court = Court(
                code=spec.code,
                name=spec.name,
                name_en=spec.name_en,
                level=spec.level,
                parent=parent,
                region_code=spec.region,
                address=spec.address,
                phone="12368",
            )
            court.full_clean()
            court.save()
            self.report.created += 1
        self.report.courts += 1
        return court

    def division(self, court: Court, kind: str, name: str) -> Division:
        division, created = Division.objects.get_or_create(court=court, name=name, defaults={"kind": kind})
        self.report.created += int(created)
        self.report.divisions += 1
        return division

    def courtroom(self, court: Court, number: int) -> None:
        name = f"第{CHINESE_ORDINALS[number - 1]}法庭"
        _, created = Courtroom.objects.get_or_create(
            court=court,
            name=name,
            defaults={"capacity": 20 + 10 * (number % 3), "supports_online": number == 1},
        )
        self.report.created += int(created)
        self.report.courtrooms += 1

    def staff(
        self, court: Court, spec: CourtSpec, slug: str, role: str, division: Division | None = None
    ) -> None:
        username = f"{spec.slug}-{slug}"
        user = self.user(username, UserKind.STAFF)
        if not StaffProfile.objects.filter(user=user).exists():
            StaffProfile.objects.create(user=user, court=court, division=division, role=role)
            self.report.created += 1
        self.report.accounts.append(DemoAccount(username, user.full_name, role, court.name))

    def build_court_staff(self, court: Court, spec: CourtSpec) -> None:
        if spec.level == "supreme":
            return
        self.staff(court, spec, "admin", StaffRole.COURT_ADMIN)
        self.staff(court, spec, "president", StaffRole.COURT_PRESIDENT)
        for kind, name, slug in DIVISIONS[spec.level]:
            division = self.division(court, kind, name)
            if kind == DivisionKind.FILING:
                self.staff(court, spec, f"{slug}-head", StaffRole.DIVISION_HEAD, division)
                self.staff(court, spec, f"{slug}-officer1", StaffRole.FILING_OFFICER, division)
                self.staff(court, spec, f"{slug}-officer2", StaffRole.FILING_OFFICER, division)
            elif kind == DivisionKind.ENFORCEMENT:
                self.staff(court, spec, f"{slug}-head", StaffRole.DIVISION_HEAD, division)
                self.staff(court, spec, f"{slug}-officer1", StaffRole.ENFORCEMENT_OFFICER, division)
                self.staff(court, spec, f"{slug}-officer2", StaffRole.ENFORCEMENT_OFFICER, division)
                self.staff(court, spec, f"{slug}-clerk", StaffRole.CLERK, division)
            elif kind in TRIAL_KINDS:
                self.staff(court, spec, f"{slug}-head", StaffRole.DIVISION_HEAD, division)
                self.staff(court, spec, f"{slug}-presiding", StaffRole.PRESIDING_JUDGE, division)
                self.staff(court, spec, f"{slug}-judge1", StaffRole.JUDGE, division)
                self.staff(court, spec, f"{slug}-judge2", StaffRole.JUDGE, division)
                self.staff(court, spec, f"{slug}-assistant", StaffRole.JUDGE_ASSISTANT, division)
                self.staff(court, spec, f"{slug}-clerk", StaffRole.CLERK, division)
        for number in range(1, COURTROOMS[spec.level] + 1):
            self.courtroom(court, number)
        if spec.level == "basic":
            self.staff(court, spec, "assessor1", StaffRole.ASSESSOR)
            self.staff(court, spec, "assessor2", StaffRole.ASSESSOR)

    def build_external(self) -> None:
        for index in range(1, 7):
            username = f"litigant{index}"
            mobile = f"1380571{index:04d}"
            user = self.user(username, UserKind.LITIGANT, mobile=mobile)
            number = fake.identity_number(self.rng)
            if not LitigantProfile.objects.filter(user=user).exists():
                LitigantProfile.objects.create(
                    user=user, identity_number=number, address="浙江省杭州市西湖区文三路"
                )
                self.report.created += 1
            self.report.accounts.append(DemoAccount(username, user.full_name, "litigant", "—"))
        for index in range(1, 4):
            username = f"lawyer{index}"
            user = self.user(username, UserKind.LAWYER, mobile=f"1390571{index:04d}")
            licence = fake.lawyer_licence(self.rng)
            firm = fake.LAW_FIRMS[index % len(fake.LAW_FIRMS)]
            if not LawyerProfile.objects.filter(user=user).exists():
                LawyerProfile.objects.create(user=user, licence_number=licence, law_firm=firm)
                self.report.created += 1
            self.report.accounts.append(DemoAccount(username, user.full_name, "lawyer", firm))
        user = self.user("agency-procuratorate", UserKind.AGENCY)
        if not AgencyProfile.objects.filter(user=user).exists():
            AgencyProfile.objects.create(
                user=user, agency_name="杭州市西湖区人民检察院", agency_kind="procuratorate"
            )
            self.report.created += 1
        self.report.accounts.append(
            DemoAccount(user.username, user.full_name, "agency", "杭州市西湖区人民检察院")
        )


DEMO_CIVIL_CAUSES = (
    "civil.private_lending",
    "civil.sale_contract",
    "civil.lease_house",
    "civil.traffic_accident",
    "civil.labour_remuneration",
    "civil.property_service",
    "civil.divorce",
    "civil.financial_loan",
)
DEMO_CRIMINAL_CAUSES = (
    "criminal.theft",
    "criminal.dangerous_driving",
    "criminal.fraud",
    "criminal.intentional_injury",
)


def build_demo_cases(report: DemoReport) -> None:
    """Cases in the Xihu court at every stage, so that the workbench has something to show.

    Built through the case services (numbers, assignment, timeline and audit as in real use), with
    registration dates spread over the past months. Skipped when the court already has cases.
    """
    from datetime import timedelta

    from django.utils import timezone

    from xiezhi.cases import services
    from xiezhi.cases.models import Case, CauseOfAction

    court = Court.objects.get(code="浙0106")
    if Case.objects.filter(court=court).exists():
        return
    rng = random.Random(2026)  # noqa: S311 — demo data
    filing = User.objects.get(username="xh-la-officer1")
    head = User.objects.get(username="xh-ms1-head")
    litigant = User.objects.get(username="litigant1")
    lawyer = User.objects.get(username="lawyer1")
    today = timezone.localdate()
    civil = Division.objects.get(court=court, name="民事审判第一庭")
    criminal = Division.objects.get(court=court, name="刑事审判庭")
    procuratorate = "杭州市西湖区人民检察院"
    for index in range(24):
        is_criminal = index % 4 == 3
        registered = today - timedelta(days=5 + index * 7)
        code = (
            DEMO_CRIMINAL_CAUSES[index % 4]
            if is_criminal
            else DEMO_CIVIL_CAUSES[index % len(DEMO_CIVIL_CAUSES)]
        )
        cause = CauseOfAction.objects.get(code=code)
        if is_criminal:
            parties = (
                services.PartyInput("prosecutor", procuratorate, kind="other"),
                services.PartyInput(
                    "accused", fake.chinese_name(rng), sex="M", id_number=fake.identity_number(rng)
                ),
            )
        else:
            plaintiff_user = litigant if index in (0, 1, 6) else None
            plaintiff_name = litigant.full_name if plaintiff_user else fake.chinese_name(rng)
            reps = (
                (
                    services.RepresentativeInput(
                        "lawyer", lawyer.full_name, user=lawyer, law_firm=lawyer.lawyer_profile.law_firm
                    ),
                )
                if index % 3 == 0
                else ()
            )
            parties = (
                services.PartyInput(
                    "plaintiff",
                    plaintiff_name,
                    user=plaintiff_user,
                    id_number=fake.identity_number(rng),
                    phone=fake.mobile(rng),
                    address="浙江省杭州市西湖区文三路",
                    representatives=reps,
                ),
                services.PartyInput("defendant", fake.chinese_name(rng), id_number=fake.identity_number(rng)),
            )
        procedure = "first_instance_summary" if index % 5 == 1 else "first_instance_ordinary"
        case = services.register_case(
            filing,
            services.CaseInput(
                court=court,
                division=criminal if is_criminal else civil,
                case_type="criminal" if is_criminal else "civil",
                procedure=procedure,
                received_on=registered,
                registered_on=registered,
                cause=cause,
                claim_amount=None if is_criminal else rng.randrange(5, 500) * 1000,
                parties=parties,
                summary="原告请求判令被告偿还借款本金及利息。" if code == "civil.private_lending" else "",
            ),
        )
        report.created += 1
        if index in (2, 9):
            continue  # left for the division head to assign
        assigner = head if not is_criminal else User.objects.get(username="xh-xs-head")
        case = services.auto_assign(assigner, case, case.version, rng=rng)
        judge = case.judge
        if case.is_collegial:
            presiding = User.objects.get(username="xh-xs-presiding")
            members = [
                u
                for u in User.objects.filter(username__in=["xh-xs-judge1", "xh-xs-judge2", "xh-xs-head"])
                if u.pk not in (presiding.pk,)
            ]
            if judge.pk == presiding.pk:
                others = members[:2]
            else:
                others = [judge, *[u for u in members if u.pk != judge.pk][:1]]
            case = services.form_panel(
                User.objects.get(username="xh-xs-head"),
                case,
                presiding,
                [(u, "judge") for u in others],
                case.version,
            )
        if index % 6 == 5:
            continue  # assigned, not yet started
        case = services.transition(judge, case, "start_trial", case.version)
        if index in (4, 8, 12):
            _demo_hearing(case, rng, public=index != 12)
        if index == 10:
            _demo_judgment(judge, case, major=True)  # left with the division head for approval
        if index in (20, 22):
            # Decided through drafting: the approved judgment's DOCX and PDF go into the volume,
            # the case closes, and once effective the judgment enters the publication queue.
            case = _demo_judgment(judge, case)
            case = services.transition(judge, case, "make_effective", case.version, effective_on=today)
            continue
        if index >= 16:
            closed_on = min(today, registered + timedelta(days=40))
            outcome = "mediation" if index % 2 else "judgment"
            case = services.transition(
                judge, case, "close", case.version, outcome=outcome, closed_on=closed_on
            )
            if index == 18 and outcome == "judgment":
                defendant = case.parties.get(role="defendant")
                services.transition(
                    judge,
                    case,
                    "appeal",
                    case.version,
                    appellant=defendant,
                    filed_on=min(today, closed_on + timedelta(days=10)),
                )
                report.created += 1
            if index >= 20:
                effective_on = min(today, closed_on + timedelta(days=16))
                case = services.transition(
                    judge, case, "make_effective", case.version, effective_on=effective_on
                )
        elif index == 7:
            services.transition(
                judge, case, "suspend", case.version, reason="等待司法鉴定意见", kind="appraisal"
            )


DEMO_JUDGMENT_TEXT = {
    "claims": "原告向本院提出诉讼请求：判令被告偿还借款本金及约定利息。",
    "defence": "被告辩称：对借款事实无异议，因经营困难未能按期还款，请求分期偿还。",
    "facts": "本院经审理认定事实如下：被告向原告借款，双方约定了还款期限和利息，原告已按约交付借款，"
    "期限届满后被告未予归还。",
    "reasoning": "本院认为，合法的借贷关系受法律保护。被告未按约定期限归还借款，应当承担偿还借款本金"
    "并支付利息的民事责任。",
    "statutes": "依照《中华人民共和国民法典》第六百七十五条、第六百七十六条之规定",
    "operative": "一、被告于本判决生效之日起十日内偿还原告借款本金及利息；\n二、驳回原告的其他诉讼请求。",
}


def _demo_judgment(judge: User, case, *, major: bool = False):  # type: ignore[no-untyped-def]
    """Draft the case's judgment from the template, write the narrative parts and submit it: final
    at once for a judge sitting alone, else waiting for the division head (``major``)."""
    from xiezhi.judgments import drafting
    from xiezhi.judgments.rules import PLACEHOLDER

    draft = drafting.start_draft(judge, case, "civil_judgment", major=major)
    sections = {
        key: DEMO_JUDGMENT_TEXT.get(key, value.replace(PLACEHOLDER, "（略）"))
        for key, value in draft.sections.items()
        if PLACEHOLDER in value
    }
    draft = drafting.save_draft(judge, draft, sections, draft.version)
    drafting.submit(judge, draft, draft.version)
    case.refresh_from_db()
    return case


def _demo_hearing(case, rng: random.Random, *, public: bool) -> None:  # type: ignore[no-untyped-def]
    """A hearing in the first free slot from a week ahead (working days of the official calendar),
    in one of the court's rooms; public hearings are announced on the public portal."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from xiezhi.cases.services import court_calendar
    from xiezhi.hearings import services as hearings

    calendar = court_calendar()
    rooms = list(Courtroom.objects.filter(court=case.court, is_active=True).order_by("id")[:2])
    day = timezone.localdate() + timedelta(days=7 + rng.randrange(3))
    for _attempt in range(20):
        while not calendar.is_workday(day):
            day += timedelta(days=1)
        for hour in (9, 14):
            start = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
            data = hearings.HearingInput(
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                courtroom=rooms[rng.randrange(len(rooms))],
                is_public=public,
                closed_ground="" if public else "privacy",
            )
            try:
                hearings.schedule_hearing(case.clerk or case.judge, case, data)
                return
            except hearings.SchedulingError:
                continue  # the judge, clerk or room is taken then: the next slot
        day += timedelta(days=1)


def publish_demo_judgments() -> int:
    """Queue the effective cases' judgments and publish the first one redacted, as the Xihu court's
    clerk would after review, so that the public portal has a judgment to find."""
    from xiezhi.disclosure import services as disclosure
    from xiezhi.disclosure.models import Publication

    disclosure.enqueue_effective()
    reviewer = User.objects.get(username="xh-ms1-clerk")
    waiting = Publication.objects.filter(state="in_review").order_by("pk").first()
    if waiting is None or Publication.objects.filter(state="published").exists():
        return 0
    disclosure.publish(reviewer, waiting)
    return 1


def build_demo() -> DemoReport:
    """Create (or find) the whole demo court system and return what it holds."""
    builder = _Builder()
    with search_services.inline_updates():
        _build(builder)
    search_services.reindex()  # a searchable index of all of it, after the commit (xiezhi.search; seconds)
    return builder.report


def _build(builder: _Builder) -> None:
    with acting_as(system_actor("cli:demo")), transaction.atomic():
        for spec in COURTS:
            court = builder.court(spec)
            builder.build_court_staff(court, spec)
        builder.build_external()
        build_demo_cases(builder.report)
        load_demo_laws()  # the statute browser's content (xiezhi.laws; idempotent, a few seconds)
    with acting_as(system_actor("cli:demo")), transaction.atomic():
        publish_demo_judgments()  # after the commit that queued them (xiezhi.disclosure)
