"""import_articles, export_articles, extract and reprocess."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.articles.models import Article

pytestmark = pytest.mark.django_db

STORY_A = "Ferry strike ends\n\nFerry crews ended their three-day strike on Wednesday after agreeing a new pay deal with the operator.\n\nServices to the islands will run normally from Thursday morning."
STORY_B = "<html><head><title>Snow closes mountain pass</title></head><body><article><h1>Snow closes mountain pass</h1><p>Heavy snow closed the mountain pass to all traffic on Sunday night, stranding dozens of lorries at the border.</p><p>Road crews expect to reopen one lane by Tuesday if the weather allows it.</p></article></body></html>"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "ferry.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / "nested" / "snow.html").write_text(STORY_B, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    return tmp_path


def test_import_takes_directories_recursively_and_reports_counts(folder, capsys):
    call_command("import_articles", str(folder), no_progress=True)
    out = capsys.readouterr().out
    assert "2 created, 0 duplicate, 0 failed" in out
    assert Article.objects.ready().count() == 2


def test_importing_twice_creates_nothing_new(folder, capsys):
    call_command("import_articles", str(folder), no_progress=True)
    call_command("import_articles", str(folder), no_progress=True)
    assert "0 created, 2 duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.count() == 2


def test_import_reads_json_lines_with_their_fields(tmp_path):
    lines = [
        {"id": "wire-1", "title": "Ferry strike ends", "text": STORY_A, "source": "Island Post",
         "url": "https://post.example/ferry", "published": "2024-03-06", "byline": "Ana Silva"},
        {"id": "wire-2", "html": STORY_B, "source": "Alpine Daily"},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    call_command("import_articles", str(path), no_progress=True)
    ferry = Article.objects.get(external_id="wire-1")
    assert ferry.title == "Ferry strike ends"
    assert ferry.byline == "Ana Silva"
    assert ferry.source.name == "Island Post"
    assert ferry.published.date().isoformat() == "2024-03-06"
    assert Article.objects.get(external_id="wire-2").title == "Snow closes mountain pass"


def test_import_fails_with_reasons_but_imports_the_good_lines(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([json.dumps({"title": "x"}), "{not json", json.dumps({"text": STORY_A, "published": "soon"}),
                   json.dumps({"text": STORY_A})]),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as failed:
        call_command("import_articles", str(path), no_progress=True)
    assert failed.value.returncode == 1
    captured = capsys.readouterr()
    assert "1 created, 0 duplicate, 3 failed" in captured.out
    assert "mixed.jsonl:1" in captured.err and "needs a non-empty 'text' or 'html'" in captured.err
    assert "mixed.jsonl:2" in captured.err and "not valid JSON" in captured.err
    assert "'published' is not an ISO 8601 date" in captured.err


def test_export_then_import_restores_the_same_articles(folder, tmp_path, django_db_blocker):
    call_command("import_articles", str(folder), no_progress=True)
    export = tmp_path / "export.jsonl"
    call_command("export_articles", output=str(export))
    records = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert {record["title"] for record in records} == {"Ferry strike ends", "Snow closes mountain pass"}
    assert {"id", "url", "source", "title", "byline", "published", "text", "html", "status"} <= set(records[0])
    before = {a.content_hash: (a.title, a.text, a.html, a.original_bytes()) for a in Article.objects.all()}

    Article.objects.all().delete()
    call_command("import_articles", str(export), no_progress=True)
    after = {a.content_hash: (a.title, a.text, a.html, a.original_bytes()) for a in Article.objects.all()}
    assert after == before


def test_extract_prints_json_without_storing(folder, capsys):
    call_command("extract", str(folder / "nested" / "snow.html"), json=True)
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == "Snow closes mountain pass"
    assert "stranding dozens of lorries" in record["text"]
    assert set(record) >= {"title", "byline", "published", "source", "text", "html"}
    assert Article.objects.count() == 0


def test_extract_reports_a_file_that_gives_no_article(tmp_path, capsys):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("extract", str(empty), json=True)
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "empty"


def test_reprocess_all_rebuilds_from_the_originals(folder, capsys):
    call_command("import_articles", str(folder), no_progress=True)
    Article.objects.update(text="", html="", extractor_version="old")
    call_command("reprocess", all=True, no_progress=True)
    assert "2 reprocessed: 2 ready, 0 failed" in capsys.readouterr().out
    assert all("lorries" in a.text or "Ferry crews" in a.text for a in Article.objects.all())


def test_reprocess_needs_to_be_told_which_articles():
    with pytest.raises(CommandError, match="Say which articles"):
        call_command("reprocess")


def test_reprocess_names_an_unknown_id():
    with pytest.raises(CommandError, match="No article with id 999"):
        call_command("reprocess", "999")
