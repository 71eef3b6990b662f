"""The ``xiezhi train`` / ``xiezhi predict`` / ``xiezhi models`` contract, run as an operator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests_nlp.test_predict import _records
from xiezhi.nlp.extract.__main__ import main as extract_main
from xiezhi.nlp.predict import TrainOptions, train
from xiezhi.nlp.predict.cli import main


def _run(args, tmp_path):
    env = {**os.environ, "XIEZHI_MODELS_DIR": str(tmp_path / "models")}
    env.pop("XIEZHI_PREDICT_MODEL", None)
    return subprocess.run(
        [sys.executable, "-m", "xiezhi.cli", *args], env=env, capture_output=True, text=True, timeout=600
    )


def test_train_activates_a_versioned_model_that_predict_then_uses(tmp_path):
    data = tmp_path / "cases.jsonl"
    records = _records(6)
    for index, record in enumerate(records):
        record["split"] = "train" if index % 4 else "dev"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    facts = tmp_path / "in.jsonl"
    facts.write_text(
        json.dumps({"id": "q1", "fact": records[0]["fact"]}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": "q2", "fact": ""})
        + "\nnot json\n",
        encoding="utf-8",
    )

    cold = _run(["predict", "--in", str(facts), "--out", str(tmp_path / "cold.jsonl")], tmp_path)
    assert cold.returncode == 0 and "xiezhi train --from" in cold.stderr
    assert json.loads((tmp_path / "cold.jsonl").read_text().splitlines()[0])["cold_start"] is True

    trained = _run(["train", "--from", str(data), "--split", "train", "--folds", "2"], tmp_path)
    assert trained.returncode == 0, trained.stderr
    artifact = json.loads(trained.stdout.strip().splitlines()[-1])["artifact"]
    assert (tmp_path / "models" / "ACTIVE").read_text().strip() == os.path.basename(artifact)

    listed = _run(["models", "list"], tmp_path)
    assert listed.stdout.startswith("* predict-")

    answered = _run(["predict", "--in", str(facts), "--out", str(tmp_path / "out.jsonl")], tmp_path)
    assert answered.returncode == 0
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2"]  # the bad line is reported, not fatal
    assert lines[0]["charges"] == [records[0]["charges"][0]] and "cold_start" not in lines[0]
    assert set(lines[0]) >= {"id", "charges", "articles", "term_months", "life_imprisonment", "death_penalty"}
    assert lines[1]["charges"] == [] and lines[1]["status"] == "insufficient_information"

    missing = _run(["train", "--from", str(tmp_path / "nope.jsonl")], tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


# -- bad input and bad models: clear errors, no tracebacks, the active model left alone ---------------------

FACT = "被告人张某于2020年5月1日在某超市盗窃手机一部，价值3000元。"


@pytest.fixture
def models(tmp_path, monkeypatch) -> Path:
    """An empty models folder with an ACTIVE pointer to a previous artifact (a placeholder file)."""
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "previous.zip").write_bytes(b"placeholder")
    (folder / "ACTIVE").write_text("previous.zip\n", encoding="utf-8")
    monkeypatch.setenv("XIEZHI_MODELS_DIR", str(folder))
    monkeypatch.delenv("XIEZHI_PREDICT_MODEL", raising=False)
    return folder


@pytest.fixture(scope="module")
def artifact(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("artifact") / "predict-good.zip"
    train(_records(4), options=TrainOptions(folds=2)).save(str(path))
    return path


def _cases(tmp_path, rows, name="cases.jsonl", prefix="") -> Path:
    path = tmp_path / name
    path.write_text(
        prefix + "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def _unchanged(models: Path) -> bool:
    return (models / "ACTIVE").read_text(encoding="utf-8") == "previous.zip\n" and sorted(
        p.name for p in models.iterdir()
    ) == ["ACTIVE", "previous.zip"]


def test_a_split_that_selects_no_record_is_an_error_naming_the_splits(tmp_path, models, capsys):
    rows = _records(2)
    for index, row in enumerate(rows):
        row["split"] = "train" if index % 2 else "dev"
    data = _cases(tmp_path, rows)
    assert main(["train", "--from", str(data), "--split", "Train"]) == 2
    err = capsys.readouterr().err
    assert "--split 'Train' selects no record" in err and "'dev' (3)" in err and "'train' (3)" in err
    assert "Traceback" not in err and _unchanged(models)


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no usable record"), ("\n\n", "no usable record"), ("{broken\n", "no usable record")],
)
def test_an_empty_training_file_is_an_error_and_keeps_the_active_model(
    tmp_path, models, capsys, content, message
):
    data = tmp_path / "cases.jsonl"
    data.write_text(content, encoding="utf-8")
    assert main(["train", "--from", str(data)]) == 2
    assert message in capsys.readouterr().err and _unchanged(models)


def test_fewer_records_than_folds_is_an_error(tmp_path, models, capsys):
    data = _cases(tmp_path, _records(1)[:2])
    assert main(["train", "--from", str(data), "--folds", "3"]) == 2
    assert "at least --folds (3)" in capsys.readouterr().err and _unchanged(models)


def test_bad_training_lines_are_reported_skipped_and_counted(tmp_path, models, capsys):
    rows = _records(4)
    data = tmp_path / "cases.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[1:1] = ["{broken", "[1, 2]", json.dumps({"id": "x", "fact": FACT, "charges": []})]
    data.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8") + b"\xff\xfe\n")
    assert main(["train", "--from", str(data), "--folds", "2"]) == 0
    captured = capsys.readouterr()
    assert "line 2: not JSON" in captured.err and "line 3: not a JSON object" in captured.err
    assert "line 4: record has no charges" in captured.err
    assert f"line {len(lines) + 1}: not UTF-8 text" in captured.err
    assert "4 bad lines skipped" in captured.err
    summary = json.loads(captured.out.strip().splitlines()[-1])
    assert summary["records"] == len(rows) and summary["bad_lines"] == 4  # line 1 (with its BOM) is good
    assert (models / "ACTIVE").read_text(encoding="utf-8").strip() == Path(summary["artifact"]).name


def test_strict_training_refuses_a_file_with_a_bad_line(tmp_path, models, capsys):
    data = _cases(tmp_path, _records(2), prefix="{broken\n")
    assert main(["train", "--from", str(data), "--folds", "2", "--strict"]) == 2
    assert "--strict" in capsys.readouterr().err and _unchanged(models)


def test_predict_with_a_missing_input_file_is_a_clear_error(tmp_path, models, capsys):
    (models / "ACTIVE").unlink()
    assert main(["predict", "--in", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err and not (tmp_path / "o.jsonl").exists()
    good = _cases(tmp_path, [{"id": "a", "fact": FACT}], name="in.jsonl")
    assert main(["predict", "--in", str(good), "--out", str(tmp_path / "no" / "o.jsonl")]) == 2
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["ACTIVE", "missing.zip", "../models/previous.zip", "broken.zip"])
def test_activating_a_model_that_cannot_be_loaded_is_refused(models, capsys, name):
    (models / "broken.zip").write_bytes(b"not a zip")
    assert main(["models", "activate", name]) == 2
    assert "xiezhi models:" in capsys.readouterr().err
    assert (models / "ACTIVE").read_text(encoding="utf-8") == "previous.zip\n"


def test_activating_a_readable_model_switches_to_it(models, artifact, capsys):
    (models / artifact.name).write_bytes(artifact.read_bytes())
    assert main(["models", "activate", artifact.name]) == 0
    assert (models / "ACTIVE").read_text(encoding="utf-8").strip() == artifact.name


@pytest.mark.parametrize(
    ("pointer", "message"), [("previous.zip", "cannot load the model"), ("gone.zip", "is missing")]
)
def test_predict_with_an_unreadable_active_model_fails_clearly(tmp_path, models, pointer, message):
    (models / "ACTIVE").write_text(pointer + "\n", encoding="utf-8")
    facts = _cases(tmp_path, [{"id": "a", "fact": FACT}], name="in.jsonl")
    result = _run(["predict", "--in", str(facts), "--out", str(tmp_path / "o.jsonl")], tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def _mixed_input(tmp_path, key: str) -> Path:
    """Line 1 good (after a byte order mark), line 2 not JSON, line 3 not UTF-8, line 4 good."""
    path = tmp_path / f"in-{key}.jsonl"
    good = [json.dumps({"id": i, key: FACT}, ensure_ascii=False).encode("utf-8") for i in ("a", "b")]
    path.write_bytes(b"\xef\xbb\xbf" + good[0] + b"\n{broken\n\xff\xfe\n" + good[1] + b"\n")
    return path


def test_predict_and_extract_report_bad_lines_and_answer_the_good_ones_alike(tmp_path, models, capsys):
    (models / "ACTIVE").unlink()  # cold start is enough here
    outs = {"predict": tmp_path / "p.jsonl", "extract": tmp_path / "e.jsonl"}
    assert main(["predict", "--in", str(_mixed_input(tmp_path, "fact")), "--out", str(outs["predict"])]) == 0
    assert extract_main(["--in", str(_mixed_input(tmp_path, "text")), "--out", str(outs["extract"])]) == 0
    err = capsys.readouterr().err
    assert err.count("line 2: not JSON") == 2 and err.count("line 3: not UTF-8 text") == 2
    answered = [json.loads(line) for line in outs["predict"].read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in answered] == ["a", "b"] and answered[0]["charges"]
    extracted = [json.loads(line) for line in outs["extract"].read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in extracted if "error" not in row] == ["a", "b"] and extracted[0]["elements"]


def test_strict_or_nothing_good_makes_predict_and_extract_exit_1(tmp_path, models):
    (models / "ACTIVE").unlink()
    mixed_fact, mixed_text = _mixed_input(tmp_path, "fact"), _mixed_input(tmp_path, "text")
    out = str(tmp_path / "o.jsonl")
    assert main(["predict", "--in", str(mixed_fact), "--out", out, "--strict"]) == 1
    assert extract_main(["--in", str(mixed_text), "--out", out, "--strict"]) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    assert main(["predict", "--in", str(bad), "--out", out]) == 1
    assert extract_main(["--in", str(bad), "--out", out]) == 1
