"""Imported decision documents become searchable at once, for those who may see their case."""

from __future__ import annotations

from xiezhi.judgments.services import import_judgments
from xiezhi.judgments.tests.conftest import sample
from xiezhi.search import services


def test_an_imported_judgment_is_found_by_those_who_may_see_its_case(
    backend, personas, tmp_path, django_capture_on_commit_callbacks
):
    court = personas.court
    text = (
        sample("04_civil_ruling_withdrawal")
        .replace("（2024）粤0305民初2291号", f"（2024）{court.code}民初2291号")
        .replace("广东省深圳市南山区人民法院", court.name)
    )
    (tmp_path / "ruling.txt").write_text(text, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        report = import_judgments(tmp_path / "ruling.txt")
    assert report.counts.imported == 1

    result = services.search(personas.president, "撤诉申请")
    kinds = {hit.fields["kind"]: hit for hit in result.hits}
    assert set(kinds) == {"ruling"}  # the case record does not hold the text; the ruling does
    ruling = kinds["ruling"]
    assert ruling.fields["case_number"] == f"（2024）{court.code}民初2291号"
    assert "<mark>" in ruling.snippet
    # The case number finds the case and its ruling, the ruling's own number first or the case.
    by_number = services.search(personas.president, f"（2024）{court.code}民初2291号")
    assert {hit.fields["kind"] for hit in by_number.hits[:2]} == {"case", "ruling"}
    # A judge of another court, a stranger and the public see none of it.
    for user in (personas.other_court_judge, personas.stranger, None):
        assert services.search(user, "撤诉申请").total == 0
    # A decision document's hit leads to its own page.
    assert ruling.fields["extra"]["document_id"]
    from xiezhi.search.selectors import hit_url

    assert (
        hit_url(ruling, personas.president)
        == f"/workspace/judgments/{ruling.fields['extra']['document_id']}/"
    )
