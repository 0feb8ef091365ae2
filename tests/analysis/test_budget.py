"""The per-file time budget: a runaway analysis fails that file alone (issue 12)."""

import threading

import pytest

from articles.analysis import BudgetExceeded, analyze, budget, pipeline
from articles.ingest import ingest_paths
from articles.models import Article
from tests.analysis.conftest import ARTICLES, sample


class Clock:
    """A monotonic clock the test moves: no sleeping, no dependence on load."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(budget, "monotonic", clock)
    return clock


@pytest.fixture
def runaway(monkeypatch, clock):
    """The dates stage of any text containing RUNAWAY "takes" a minute."""
    find_dates = pipeline.find_dates

    def slow_find_dates(body):
        if "RUNAWAY" in body:
            clock.now += 60
        return find_dates(body)

    monkeypatch.setattr(pipeline, "find_dates", slow_find_dates)


def test_an_analysis_past_its_budget_stops_at_the_next_stage(desk, runaway):
    text = sample("new_people.txt") + "\nRUNAWAY in the last paragraph."
    with pytest.raises(BudgetExceeded) as raised:
        analyze(text, name="slow.txt", desk=desk, seconds=30)
    assert str(raised.value).startswith(
        "analysis stopped at its 30-second time budget (in dates and outlet)"
    )
    # Without a budget, or within it, the same text is analyzed.
    assert analyze(text, name="slow.txt", desk=desk).quotes


def test_a_budget_belongs_to_its_own_analysis(desk, clock):
    """Threads analyzing at once keep their own deadlines (a context variable)."""
    results = {}

    def run(name, seconds):
        try:
            analyze(sample("new_people.txt"), name=name, desk=desk, seconds=seconds)
            results[name] = "analyzed"
        except BudgetExceeded:
            results[name] = "stopped"

    with budget.time_budget(5):
        clock.now += 10  # this block's budget is spent; the threads' are not
        threads = [
            threading.Thread(target=run, args=("unlimited", None)),
            threading.Thread(target=run, args=("budgeted", 30)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with pytest.raises(BudgetExceeded):
            budget.check("the block")
    assert results == {"unlimited": "analyzed", "budgeted": "analyzed"}
    budget.check("after the block")  # no deadline outside it


@pytest.mark.django_db
def test_ingest_fails_the_runaway_file_alone_and_stores_nothing_of_it(
    directory, runaway, tmp_path, settings
):
    settings.NEWSDESK_ANALYSIS_SECONDS = 30
    slow = tmp_path / "slow.txt"
    slow.write_text(sample("new_people.txt") + "\nRUNAWAY in the last paragraph.")
    results = ingest_paths(
        paths=[ARTICLES / "furniture.txt", slow, ARTICLES / "spun_copy_of_000.txt"]
    )
    assert [r.status for r in results] == ["created", "failed", "created"]
    assert results[1].error.startswith("analysis stopped at its 30-second time budget")
    assert Article.objects.count() == 2
    assert not Article.objects.filter(body__contains="RUNAWAY").exists()
