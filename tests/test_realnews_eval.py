"""A quality gate on real scraped news: the annotated part of ../shared/realnews (see benchmarks/eval/).

The full scores are in benchmarks/clean-results.md (`make eval`); this test keeps the properties a user relies
on from silently regressing: no article sentence lost without a review flag, titles and dates found.
"""

import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "benchmarks" / "eval"
sys.path.insert(0, str(EVAL))

score = pytest.importorskip("score")
if not score.REALNEWS.is_dir():  # pragma: no cover - CI and developers have ../shared
    pytest.skip("../shared/realnews is not here", allow_module_level=True)


@pytest.fixture(scope="module")
def results():
    return [score.score_one(a) for a in score.load_annotations(None)]


def test_no_article_sentence_is_lost_without_a_review_flag(results):
    lost = {s.source: s.lost[:2] for s in results if s.lost}
    assert not lost


def test_sentence_recall_on_real_articles(results):
    totals = score.totals(results)
    assert totals["recall"] >= 0.995, totals


def test_titles_and_dates_on_real_articles(results):
    totals = score.totals(results)
    assert totals["title_rate"] >= 0.95, totals["titles"]
    wrong = [s.source for s in results if s.date_expected and not s.date_ok]
    assert not wrong
    assert totals["dates_invented"] == 0


def test_no_date_false_alarms_on_real_articles(results):
    assert score.totals(results)["flag_precision"] == 1.0
