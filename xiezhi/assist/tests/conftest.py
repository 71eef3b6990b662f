"""Fixtures of the assistance tests: a criminal case with its judge and assistant, an empty models
folder per test (cold start), and a tiny model trained once per session from synthetic decided cases."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta

import pytest

from xiezhi.assist import services

THEFT_TERMS = [3, 4, 5, 6, 6, 7, 8, 8, 9, 10, 12, 14]
DRIVING_TERMS = [1, 2, 2, 3, 4, 5]
INJURY_TERMS = [8, 10, 12, 18, 24, 30]

THEFT_FACT = (
    "公诉机关指控：2023年5月1日晚，被告人张某在杭州市西湖区某小区内，趁无人之机入户盗窃被害人李某的"
    "笔记本电脑一台及现金3000元，经鉴定价值人民币8000元。案发后被告人张某被抓获，到案后如实供述。"
)


def _records() -> list[dict]:
    rng = random.Random(7)
    names = ["王", "赵", "钱", "孙", "周", "吴", "郑", "冯", "陈", "褚", "卫", "蒋", "沈", "韩"]
    out = []
    for i, months in enumerate(THEFT_TERMS):
        amount = rng.randint(2000, 40000)
        out.append(
            {
                "id": f"theft-{i}",
                "fact": f"公诉机关指控：2022年{i % 12 + 1}月{i + 3}日，被告人{names[i]}某"
                f"在某市某区秘密窃取被害人的手机、电动车等财物，价值人民币{amount}元，后被民警抓获，赃物已追回发还。",
                "charges": ["盗窃"],
                "articles": [264],
                "term_months": months,
            }
        )
    for i, months in enumerate(DRIVING_TERMS):
        out.append(
            {
                "id": f"driving-{i}",
                "fact": f"公诉机关指控：2022年{i + 1}月{i + 5}日晚，被告人{names[i]}某"
                f"饮酒后驾驶小型轿车在某路行驶，被民警查获，经鉴定其血液中乙醇含量为{150 + 10 * i}mg/100ml。",
                "charges": ["危险驾驶"],
                "articles": [133],
                "term_months": months,
            }
        )
    for i, months in enumerate(INJURY_TERMS):
        out.append(
            {
                "id": f"injury-{i}",
                "fact": f"公诉机关指控：2022年{i + 2}月{i + 1}日，被告人{names[i]}某因琐事与被害人发生争执，"
                f"持木棒殴打被害人头部，致被害人轻伤二级。",
                "charges": ["故意伤害"],
                "articles": [234],
                "term_months": months,
            }
        )
    return out


@pytest.fixture(scope="session")
def trained_artifact(tmp_path_factory):
    """A model trained once per session on 24 synthetic decided cases (about two seconds)."""
    from xiezhi.nlp.predict import TrainOptions, sqlite_statutes, train

    model = train(_records(), statutes=sqlite_statutes(), options=TrainOptions(folds=2))
    path = tmp_path_factory.mktemp("artifact") / "predict-test.zip"
    model.save(str(path))
    return path


@pytest.fixture(autouse=True)
def models_dir(tmp_path, monkeypatch):
    """An empty models folder per test: no trained model (cold start) unless a test installs one."""
    folder = tmp_path / "models"
    folder.mkdir()
    monkeypatch.setenv("XIEZHI_MODELS_DIR", str(folder))
    services.reset_caches()
    yield folder
    services.reset_caches()


@pytest.fixture
def trained(models_dir, trained_artifact):
    """The session's trained model installed as the active one."""
    shutil.copy(trained_artifact, models_dir / trained_artifact.name)
    (models_dir / "ACTIVE").write_text(trained_artifact.name + "\n", encoding="utf-8")
    return services.current_model()


@pytest.fixture
def criminal_case(personas):
    """A theft case in trial: judge and assistant assigned (the personas' judge and assistant)."""
    from xiezhi.cases import services as case_services
    from xiezhi.cases.models import CauseOfAction

    data = case_services.CaseInput(
        court=personas.court,
        division=personas.criminal,
        case_type="criminal",
        procedure="first_instance_ordinary",
        received_on=date.today() - timedelta(days=3),
        cause=CauseOfAction.objects.filter(kind="criminal").first(),
        parties=(
            case_services.PartyInput("prosecutor", "某区人民检察院", kind="legal"),
            case_services.PartyInput("accused", "张某"),
        ),
    )
    case = case_services.register_case(personas.filing_officer, data)
    case.judge, case.clerk, case.assistant = personas.judge, personas.clerk, personas.assistant
    case.status = "in_trial"
    case.save()
    return case


@pytest.fixture
def with_facts(criminal_case, personas):
    services.save_facts(personas.judge, criminal_case, THEFT_FACT)
    return criminal_case


def _decided(court, year, fact, *, number_hint=""):
    """A decided (closed) criminal case of ``court`` with saved facts."""
    from xiezhi.assist.models import CaseFacts
    from xiezhi.cases.factories import CaseFactory

    case = CaseFactory(
        court=court,
        case_type="criminal",
        procedure="first_instance_ordinary",
        year=year,
        status="closed",
        received_on=date(year, 1, 5),
        registered_on=date(year, 1, 6),
        closed_on=date(year, 6, 1),
        title=f"{number_hint}盗窃案",
    )
    CaseFacts.objects.create(case=case, text=fact)
    return case


@pytest.fixture
def decided(personas, with_facts):
    """Decided criminal cases around the pending theft case (personas.court, a basic court)."""
    from xiezhi.assist import similar
    from xiezhi.courts.factories import BasicCourtFactory

    court = personas.court
    parent = court.parent
    court.region_code, parent.region_code = "330106", "330100"
    court.save(), parent.save()
    personas.other_court.region_code = "330108"
    personas.other_court.save()
    far = BasicCourtFactory(region_code="320102")
    similar.reset_cache()
    out = {
        "same": _decided(
            court,
            2023,
            "公诉机关指控：被告人王某在杭州市西湖区某小区内入户盗窃被害人的笔记本电脑一台及现金，价值人民币6000元。",
        ),
        "higher": _decided(
            parent,
            2022,
            "公诉机关指控：被告人赵某入户盗窃被害人笔记本电脑一台，经鉴定价值人民币9000元，后被抓获。",
        ),
        "other": _decided(
            personas.other_court,
            2021,
            "公诉机关指控：被告人钱某入户盗窃笔记本电脑一台及现金3000元，到案后如实供述。",
        ),
        "far": _decided(far, 2020, "公诉机关指控：被告人孙某入户盗窃笔记本电脑及手机，价值人民币7000元。"),
        "driving": _decided(
            court, 2023, "公诉机关指控：被告人李某醉酒驾驶机动车，经鉴定血液酒精含量为150mg/100ml。"
        ),
    }
    similar.mark_guiding(personas.president, out["far"], "指导性案例99号")
    yield out
    similar.reset_cache()
