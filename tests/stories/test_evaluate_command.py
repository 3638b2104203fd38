"""manage.py evaluate_clustering scores clustering on a labeled file, in a scratch database."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from newsroom.articles.models import Article

EVENTS = {"000": "2023 investment", "001": "2019 investment", "002": "2023 investment", "003": "2023 investment",
          "004": "2023 investment"}


@pytest.fixture
def labeled_seeds(seed_texts, tmp_path):
    path = tmp_path / "seeds.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number, text in sorted(seed_texts.items()):
            title, _, body = text.partition("\n")
            out.write(json.dumps({"id": number, "title": title, "text": body, "published": None,
                                  "source": f"outlet {number}", "event": EVENTS[number]}) + "\n")
    return path


@pytest.mark.django_db
def test_it_scores_the_seeds_perfectly_and_touches_nothing_real(labeled_seeds):
    out = StringIO()
    call_command("evaluate_clustering", str(labeled_seeds), "--json", stdout=out, stderr=StringIO(), verbosity=0)
    scores = json.loads(out.getvalue())
    assert (scores["articles"], scores["events"], scores["stories"]) == (5, 2, 2)
    assert scores["bcubed"]["f1"] == pytest.approx(1.0)
    assert scores["pairwise"]["f1"] == pytest.approx(1.0)
    assert not Article.objects.exists()


def test_it_prints_bcubed_and_pairwise_scores(labeled_seeds):
    out = StringIO()
    call_command("evaluate_clustering", str(labeled_seeds), stdout=out, stderr=StringIO(), verbosity=0)
    assert "BCubed   P 1.000  R 1.000  F1 1.000" in out.getvalue()
    assert "pairwise P 1.000" in out.getvalue()
