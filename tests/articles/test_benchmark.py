"""`benchmark_pages` on a small generated corpus: every page answers, and the
counts it moves to time a recount are put back."""

import io

import pytest
from django.core.management import call_command

from articles.models import Tally

pytestmark = pytest.mark.django_db


def test_benchmark_pages_times_every_page_and_leaves_the_counts_as_they_were():
    call_command("generate_corpus", "--articles", "60", "--seed", "4", verbosity=0)
    counts = dict(Tally.objects.values_list("pk", "count"))
    out = io.StringIO()

    call_command("benchmark_pages", "--runs", "1", stdout=out)

    lines = out.getvalue().splitlines()
    header = next(index for index, line in enumerate(lines) if "recount med" in line)
    rows = {line[:26].strip(): line[26:].split() for line in lines[header + 1 :]}
    pages = ("home", "topic, page 1", "topic, page 200", "story", "actor, busiest")
    for page in pages:
        assert rows[page][0] == "200", (page, rows[page])
    assert dict(Tally.objects.values_list("pk", "count")) == counts
