"""The ``xiezhi train`` / ``xiezhi predict`` / ``xiezhi models`` contract, run as an operator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests_nlp.test_predict import _records


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
