"""Keeping the index up to date: incremental updates after commit, the full rebuild and its report,
skipped documents, statutes after an import, and the ``xiezhi search`` command."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from xiezhi.cases.models import Case, PanelMember, Party
from xiezhi.documents import services as documents
from xiezhi.documents.tests import samples
from xiezhi.laws.models import Article, LawVersion
from xiezhi.nlp.search import SearchQuery
from xiezhi.search import services
from xiezhi.search.access import access_tokens_for_user
from xiezhi.search.models import IndexedDocument

from .conftest import add_file

pytestmark = pytest.mark.django_db


def case_ids(user, text: str = "kind:case") -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.id for hit in services.search(user, text, per_page=50).hits}


def in_index(backend, user) -> set[str]:  # type: ignore[no-untyped-def]
    result = backend.search(SearchQuery("kind:case", access=access_tokens_for_user(user), per_page=50))
    return {hit.id for hit in result.hits}


def test_a_new_judge_finds_the_case_after_the_commit_and_the_old_one_no_longer(
    backend, personas, docket, django_capture_on_commit_callbacks
):
    services.reindex()
    civil = f"case:{docket.civil.pk}"
    assert civil in case_ids(personas.judge)
    assert civil not in case_ids(personas.other_division_judge)
    case = Case.objects.get(pk=docket.civil.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case.judge = personas.other_division_judge
        case.save()
        # Not yet committed: the index has not changed (asked directly, without the page check).
        assert in_index(backend, personas.judge) == {civil}
        assert civil not in in_index(backend, personas.other_division_judge)
    assert callbacks
    assert civil not in case_ids(personas.judge)
    assert civil in case_ids(personas.other_division_judge)


def test_a_rolled_back_change_never_reaches_the_index(
    backend, personas, docket, django_capture_on_commit_callbacks
):
    services.reindex()
    case = Case.objects.get(pk=docket.civil.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            case.judge = personas.other_division_judge
            case.save()
            raise RuntimeError("changed my mind")
    assert callbacks == []
    assert f"case:{docket.civil.pk}" in case_ids(personas.judge)


def test_panel_and_party_changes_reindex_the_case(
    backend, personas, docket, django_capture_on_commit_callbacks
):
    services.reindex()
    civil = f"case:{docket.civil.pk}"
    assert civil not in case_ids(personas.presiding_judge)
    assert civil not in case_ids(personas.stranger)
    with django_capture_on_commit_callbacks(execute=True):
        seat = PanelMember.objects.create(case=docket.civil, user=personas.presiding_judge, role="presiding")
        Party.objects.create(case=docket.civil, role="third_party", name="第三人甲", user=personas.stranger)
    assert civil in case_ids(personas.presiding_judge)
    assert civil in case_ids(personas.stranger)
    # The summary is searchable under the new party's name too.
    assert civil in case_ids(personas.judge, "第三人甲")
    with django_capture_on_commit_callbacks(execute=True):
        seat.delete()
    assert civil not in case_ids(personas.presiding_judge)


def test_documents_added_and_corrected_are_indexed_current_version_only(
    backend, personas, docket, django_capture_on_commit_callbacks
):
    services.reindex()
    with django_capture_on_commit_callbacks(execute=True):
        first = documents.upload_to_case(
            personas.clerk,
            docket.civil,
            samples.upload("complaint.txt", "原告请求判令被告归还借款本金五万元。".encode(), "text/plain"),
            "complaint",
            "民事起诉状",
        )
    assert case_ids(personas.litigant, "借款本金五万元") == {f"file:{first.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        stored = documents.store_upload(
            personas.clerk, samples.upload("complaint2.txt", "原告请求判令被告归还借款本金七万元。".encode())
        )
        second = documents.correct_case_file(personas.clerk, first, stored)
    assert case_ids(personas.litigant, "借款本金") == {f"file:{second.pk}"}
    assert case_ids(personas.litigant, "五万元") == set()


def test_pdf_and_word_documents_are_searchable(backend, personas, docket, django_capture_on_commit_callbacks):
    services.reindex()
    with django_capture_on_commit_callbacks(execute=True):
        pdf = documents.upload_to_case(
            personas.clerk,
            docket.civil,
            samples.upload("a.pdf", samples.pdf("Loan agreement signed")),
            "evidence",
        )
        word = documents.upload_to_case(
            personas.clerk, docket.civil, samples.upload("b.docx", samples.docx()), "complaint"
        )
    assert case_ids(personas.judge, "agreement") == {f"file:{pdf.pk}"}
    assert case_ids(personas.judge, "民事起诉状") >= {f"file:{word.pk}"}


def test_a_deleted_case_leaves_the_index(backend, personas, docket, django_capture_on_commit_callbacks):
    services.reindex()
    gone = f"case:{docket.enforcement.pk}"
    assert gone in case_ids(personas.enforcement_officer)
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.get(pk=docket.enforcement.pk).delete()
    assert gone not in case_ids(personas.enforcement_officer)
    assert not IndexedDocument.objects.filter(doc_id=gone).exists()


def test_an_unchanged_case_is_not_written_again(backend, personas, docket):
    services.reindex()
    again = services.index_case(docket.civil.pk)
    assert again.total_indexed == 0 and again.unchanged == 1
    Case.objects.filter(pk=docket.civil.pk).update(summary="原告变更诉讼请求。")
    changed = services.index_case(docket.civil.pk)
    assert changed.indexed == {"cases": 1}
    assert f"case:{docket.civil.pk}" in case_ids(personas.judge, "变更诉讼请求")


BROKEN = b"\x80\x81 \xff\xfe\xfd broken \x80\x80\xff"


def test_a_document_with_broken_encoding_is_reported_and_skipped(backend, personas, docket, statutes):
    good = add_file(docket.civil, personas.clerk, "借条一张，金额五万元。".encode(), title="借条")
    gbk = add_file(docket.civil, personas.clerk, "收条：今收到借款五万元整。".encode("gbk"), title="收条")
    broken = add_file(docket.civil, personas.clerk, BROKEN, title="乱码文件")
    garbled = add_file(
        docket.civil, personas.clerk, samples.garbled_pdf(), title="损坏的PDF", content_type="application/pdf"
    )
    report = services.reindex()
    assert report.indexed == {"statutes": 4, "cases": 7, "files": 2}
    skipped = {item.doc_id: item for item in report.skipped}
    assert set(skipped) == {f"file:{broken.pk}", f"file:{garbled.pk}"}
    assert "encoding" in skipped[f"file:{broken.pk}"].reason
    assert skipped[f"file:{broken.pk}"].source == "files"
    assert "PDF" in skipped[f"file:{garbled.pk}"].reason
    assert case_ids(personas.judge, "五万元") == {f"file:{good.pk}", f"file:{gbk.pk}"}


def test_a_file_that_becomes_unreadable_is_removed(backend, personas, docket):
    case_file = add_file(docket.civil, personas.clerk, "欠条".encode(), title="欠条")
    services.reindex()
    assert case_ids(personas.judge, "欠条") == {f"file:{case_file.pk}"}
    case_file.stored.file.storage.delete(case_file.stored.file.name)  # lost from storage
    # Re-indexing the case (its fingerprint changed: a new title) finds the file unreadable.
    type(case_file).objects.filter(pk=case_file.pk).update(title="欠条（复印件）")
    report = services.index_case(docket.civil.pk)
    assert [s.doc_id for s in report.skipped] == [f"file:{case_file.pk}"]
    assert report.removed == 1
    assert case_ids(personas.judge, "欠条") == set()


def test_statutes_follow_the_laws_tables(backend, statutes):
    services.reindex()
    assert IndexedDocument.objects.filter(source="statutes").count() == 4
    # An amended article and a removed one (what an import does), then the hook.
    Article.objects.filter(pk=statutes.defence.pk).update(text="正当防卫的新条文。")
    Article.objects.filter(pk=statutes.card_fraud.pk).delete()
    report = services.index_statutes()
    assert report.indexed == {"statutes": 1} and report.unchanged == 2 and report.removed == 1
    assert [h.id for h in services.search(None, "新条文").hits] == [f"statute:{statutes.defence.pk}"]
    assert services.search(None, "卡诈").total == 0
    # A new version becomes current: the old version's articles leave the index.
    LawVersion.objects.filter(law=statutes.law).update(is_current=False)
    report = services.index_statutes()
    assert report.removed == 3
    assert services.search(None, "盗窃").total == 0


def test_reindex_of_one_source(backend, personas, docket, statutes):
    services.reindex()
    Article.objects.filter(pk=statutes.theft.pk).delete()
    report = services.reindex(sources=["statutes"])
    assert report.indexed == {"statutes": 3} and report.removed == 1
    assert IndexedDocument.objects.filter(source="cases").count() == 7  # untouched
    with pytest.raises(ValueError, match="unknown source"):
        services.reindex(sources=["verdicts"])


def test_progress_is_reported_per_document(backend, statutes, personas, docket):
    calls = []
    services.reindex(progress=lambda source, done, total: calls.append((source, done, total)))
    assert calls[0] == ("statutes", 0, 4)
    assert ("statutes", 4, 4) in calls
    assert ("cases", 7, 7) in calls
    assert ("judgments", 0, 0) in calls
    assert calls[-1] == ("public_judgments", 0, 0)  # xiezhi.disclosure's source, registered last


def test_stats(backend, statutes, personas, docket):
    services.reindex()
    info = services.stats()
    assert info["documents"] == 11
    assert info["ledger"] == {"statutes": 4, "cases": 7, "files": 0, "judgments": 0, "public_judgments": 0}
    assert info["in_step"] is True


# --- the command --------------------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("search", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_reindex_command_reports_counts_progress_and_skips(backend, statutes, personas, docket):
    broken = add_file(docket.civil, personas.clerk, BROKEN, title="乱码")
    out, err = run("reindex")
    assert out.splitlines()[0].startswith(
        "indexed 11 (cases 7, statutes 4); unchanged 0; removed 0; skipped 1"
    )
    assert f"skipped file:{broken.pk} (files):" in out and "encoding" in out
    # Not a terminal: one progress line per source.
    assert err.splitlines() == [
        "statutes: 4/4",
        "cases: 7/7",
        "files: 1/1",
        "judgments: 0/0",
        "public_judgments: 0/0",
    ]
    out, _ = run("reindex", "--source", "statutes")
    assert out.startswith("indexed 4 (statutes 4)")


def test_the_progress_bar_draws_in_place_on_a_terminal():
    from xiezhi.search.management.commands.search import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar(screen, width=10)
    for done in range(0, 5):
        bar("statutes", done, 4)
    bar.finish()
    assert screen.getvalue().endswith("\rstatutes   [##########] 4/4 100%\n")
    assert "\rstatutes   [----------] 0/4   0%" in screen.getvalue()


def test_query_command(backend, statutes, personas, docket):
    services.reindex()
    out, _ = run("query", "盗窃")
    assert out.splitlines()[0].startswith("1 results, page 1")
    assert "[statute] 中华人民共和国刑法 第二百六十四条" in out
    assert "[盗窃]" in out  # the highlight, in brackets
    data = json.loads(run("query", "盗窃", "--as", personas.president.username, "--json")[0])
    assert data["total"] == 2
    assert {hit["kind"] for hit in data["hits"]} == {"statute", "case"}
    assert all(isinstance(hit["score"], float) and hit["score"] > 0 for hit in data["hits"])
    with pytest.raises(CommandError, match="at character 4"):
        run("query", '盗窃 "手机')
    with pytest.raises(CommandError, match="no user"):
        run("query", "盗窃", "--as", "nobody-here")


def test_stats_command(backend, statutes):
    services.reindex()
    out, _ = run("stats")
    assert "documents in the index: 4" in out
    assert "  statutes: 4" in out
    assert "disagree" not in out


def test_a_laws_import_signal_indexes_the_statutes_after_its_commit(
    backend, statutes, django_capture_on_commit_callbacks
):
    """The laws import sends ``laws_imported`` inside its transaction; the statutes are indexed
    once it commits, not before."""
    from xiezhi.laws.signals import laws_imported

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        laws_imported.send(sender=None, report=None)
        assert services.search(None, "盗窃").total == 0  # nothing before the import commits
    assert len(callbacks) == 1
    assert [h.id for h in services.search(None, "盗窃").hits] == [f"statute:{statutes.theft.pk}"]
    assert IndexedDocument.objects.filter(source="statutes").count() == 4


def test_a_change_made_while_another_process_holds_the_writer_is_indexed_by_the_holder(
    tmp_path, personas, docket, django_capture_on_commit_callbacks
):
    """Tantivy has one writer per index: a change that cannot take it is queued, not lost, and the
    process holding the writer indexes it before letting go (no one waits for the lock)."""
    from xiezhi.search import backends
    from xiezhi.search.backends.tantivy import TantivyIndex
    from xiezhi.search.models import QueuedCase

    path = tmp_path / "shared"
    mine, other = TantivyIndex(path, lock_wait=0.5), TantivyIndex(path)  # two processes' views
    backends.set_backend(mine)
    try:
        services.reindex()
        case = docket.civil
        with other.holding():
            with django_capture_on_commit_callbacks(execute=True):
                case.title = "原告甲与被告乙借款合同纠纷更名案"
                case.save()
            # Queued, not waited for, not lost; not searchable yet.
            assert list(QueuedCase.objects.values_list("case_id", flat=True)) == [case.pk]
            assert services.search(personas.judge, "更名案").total == 0
        # The writer is free again: the next drain (the holder's last look, or any later change)
        # indexes what was queued.
        assert services.drain_queue() == 1
        assert not QueuedCase.objects.exists()
        assert [h.id for h in services.search(personas.judge, "更名案").hits] == [f"case:{case.pk}"]
    finally:
        backends.set_backend(None)
        mine.close()
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the thread has its own connection
def test_in_the_background_mode_a_thread_indexes_the_change_after_the_request(
    backend, settings, personas, docket
):
    """Outside the test profile a change is queued and a background thread of the process indexes
    it, so the request that made the change does not wait for the index."""
    import time

    from xiezhi.search.models import QueuedCase

    settings.XIEZHI_SEARCH_UPDATES = "background"
    services.reindex()
    case = docket.civil
    case.title = "原告甲与被告乙借款合同纠纷后台案"
    case.save()  # autocommit: the on-commit hook runs at once and wakes the thread
    deadline = time.monotonic() + 20
    while (services._drainer.busy or QueuedCase.objects.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not services._drainer.busy
    assert not QueuedCase.objects.exists()
    assert [h.id for h in services.search(personas.judge, "后台案").hits] == [f"case:{case.pk}"]
    # Waiting for more work, the thread holds no database connection (PostgreSQL shows who is
    # connected): an idle one kept it for a minute and the test database could not be dropped.
    assert services._drainer._thread is not None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] == 0


def test_inline_updates_index_in_the_calling_thread_even_in_the_background_mode(
    backend, settings, personas, docket, django_capture_on_commit_callbacks
):
    """``xiezhi demo`` writes many changes and rebuilds the index itself: inside ``inline_updates``
    a change is indexed by the thread that made it, with no background drainer competing."""
    from xiezhi.search.models import QueuedCase

    settings.XIEZHI_SEARCH_UPDATES = "background"
    services.reindex()
    case = docket.civil
    case.title = "原告甲与被告乙借款合同纠纷同步案"
    with services.inline_updates(), django_capture_on_commit_callbacks(execute=True) as hooks:
        case.save()
    assert hooks  # the change was queued for after the commit …
    assert not QueuedCase.objects.exists()  # … and indexed by this thread
    assert not services._drainer.busy and services._drainer._thread is None
    assert [h.id for h in services.search(personas.judge, "同步案").hits] == [f"case:{case.pk}"]
