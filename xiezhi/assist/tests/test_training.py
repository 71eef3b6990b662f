"""Training from the database: records from decided criminal judgments, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xiezhi.assist.facts import article_number, charge_name, judgment_facts
from xiezhi.assist.training import record_for
from xiezhi.nlp.judgments import parse_judgment

SAMPLE = (
    Path(__file__).resolve().parents[3] / "tests_nlp" / "judgments" / "01_criminal_several_defendants.txt"
)


def test_a_judgment_gives_a_training_record():
    text = SAMPLE.read_text(encoding="utf-8")
    record = record_for(42, text, parse_judgment(text).as_dict())
    assert not isinstance(record, str)
    assert record.id == "case-42"
    assert record.fact.startswith("人民检察院指控：2022年5月") and "本院认为" not in record.fact
    assert set(record.charges) == {"诈骗", "掩饰、隐瞒犯罪所得", "帮助信息网络犯罪活动"}
    assert {266, 312, 287} <= set(record.articles) and 67 not in record.articles  # specific part only
    assert record.term_months == 90  # 决定执行有期徒刑七年六个月


@pytest.mark.parametrize(
    ("label", "number"),
    [("第二百六十四条", 264), ("第一百三十三条之一第一款", 133), ("第64条", 64), ("附则", None)],
)
def test_article_numbers(label, number):
    assert article_number(label) == number


def test_charge_names_and_facts_sections():
    assert charge_name("盗窃罪") == "盗窃" and charge_name("危险驾驶") == "危险驾驶"
    assert judgment_facts("本院认为，被告人无罪。") == ""
    assert judgment_facts("经审理查明：被告人甲盗窃现金。本院认为") == "经审理查明：被告人甲盗窃现金。"


@pytest.mark.django_db
def test_the_command_refuses_too_few_records_and_names_the_alternative(capsys):
    call_command("assist_train", "--dry-run")
    assert json.loads(capsys.readouterr().out)["records"] == 0
    with pytest.raises(CommandError, match="xiezhi train --from"):
        call_command("assist_train")


@pytest.mark.django_db
def test_too_few_records_exit_2_and_leave_the_active_model(models_dir):
    (models_dir / "ACTIVE").write_text("previous.zip\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the active model is unchanged") as raised:
        call_command("assist_train", "--min-records", "1")
    assert raised.value.returncode == 2  # as ``xiezhi train --from`` for a file without records
    assert (models_dir / "ACTIVE").read_text(encoding="utf-8") == "previous.zip\n"
    assert [p.name for p in models_dir.iterdir()] == ["ACTIVE"]


@pytest.mark.django_db
def test_a_training_failure_is_a_command_error_and_leaves_the_active_model(models_dir, monkeypatch):
    from xiezhi.assist.management.commands import assist_train
    from xiezhi.nlp.predict import CaseRecord

    def failing_train(*args, **kwargs):
        raise ValueError("need at least one array to concatenate")

    record = CaseRecord("a", "被告人张某盗窃手机一部。", ("盗窃",))
    found = type("Found", (), {"records": [record], "skipped": {}})
    monkeypatch.setattr(assist_train, "harvest", lambda *args: found)
    monkeypatch.setattr(assist_train, "train", failing_train)
    (models_dir / "ACTIVE").write_text("previous.zip\n", encoding="utf-8")
    with pytest.raises(CommandError, match="cannot train on 1 records") as raised:
        call_command("assist_train", "--min-records", "1")
    assert raised.value.returncode == 2
    assert [p.name for p in models_dir.iterdir()] == ["ACTIVE"]


@pytest.mark.django_db
def test_the_command_trains_and_activates_from_imported_judgments(tmp_path, models_dir, capsys):
    from xiezhi.assist import services
    from xiezhi.judgments.services import import_judgments

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    import_judgments(folder)
    call_command("assist_train", "--min-records", "1", "--folds", "2")
    summary = json.loads(capsys.readouterr().out)
    assert summary["records"] == 1 and summary["active"]
    services.reset_caches()
    loaded = services.current_model()
    assert not loaded.cold_start and loaded.version == summary["model_version"]


@pytest.mark.django_db
def test_xiezhi_train_from_db_runs_the_database_training_command(capsys):
    # (Through call_command: the command line's own runner closes the test's database connection.)
    from xiezhi.cli import rewrite

    args = rewrite(["train", "--from-db", "--dry-run"])
    assert args == ["assist_train", "--dry-run"]
    call_command(*args)
    assert json.loads(capsys.readouterr().out)["records"] == 0
    assert rewrite(["train", "--from", "cases.jsonl"]) == ["train", "--from", "cases.jsonl"]
    assert rewrite(["run"]) == ["serve"]
