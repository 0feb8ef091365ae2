"""The analyzer's cost grows with its input linearly, whatever the input (issue 12).

Not a timed test: no absolute limit, which a loaded machine would break. Four
times the text must cost well under eight times the CPU time; linear work costs
about four times, quadratic work sixteen (the outlet-name input took 20 times as
long at 400 KB as at 100 KB before the fix). CPU time, not wall time, so other
processes on the machine barely move it; a ratio over the bound is measured
again before it counts, so one unlucky run does not fail the suite.
"""

import time

import pytest
from django.conf import settings

from articles.analysis import InputError, StoredArticle, analyze, decode
from articles.analysis.benchmark import ADVERSARIAL, adversarial_inputs

from .conftest import demo_desk

SMALL, LARGE = 100_000, 400_000
BOUND = 8.0
ATTEMPTS = 3


@pytest.fixture(scope="module")
def setting():
    """The demo directory with the seed stories stored, and the seeds as copy."""
    desk = demo_desk()
    paths = sorted((settings.BASE_DIR / "fixtures" / "seeds").glob("*.txt"))
    stories = [decode(path.read_bytes(), name=path.name) for path in paths]
    for number, story in enumerate(stories):
        desk.remember(StoredArticle(f"seed-{number}", paths[number].stem, "", story))
    ordinary = "\n\n".join(stories)
    analyze(ordinary, name="warm-up.txt", desk=desk)  # caches and automata built
    return desk, {
        size: adversarial_inputs(size, desk=desk, ordinary=ordinary)
        for size in (SMALL, LARGE)
    }


def cpu_seconds(text, desk):
    began = time.process_time()
    try:
        analyze(text, name="input.txt", desk=desk)
    except InputError:
        pass  # a text of nothing but furniture is refused; its cost still counts
    return time.process_time() - began


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_four_times_the_text_costs_about_four_times_the_time(kind, setting):
    desk, inputs = setting
    ratios = []
    for _attempt in range(ATTEMPTS):
        small = cpu_seconds(inputs[SMALL][kind], desk)
        large = cpu_seconds(inputs[LARGE][kind], desk)
        ratios.append(large / max(small, 1e-3))
        if ratios[-1] < BOUND:
            break
    assert min(ratios) < BOUND, (
        f"{ADVERSARIAL[kind]}: 4× the text took {min(ratios):.1f}× the CPU time"
    )
