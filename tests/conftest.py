import pytest
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", group="Reporter")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", group="Editor")


@pytest.fixture
def desk_chief(db):
    return UserFactory(username="deskchief", group="Desk chief")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages cached by another test's data
    (its database rolled back, its site version with it) must not be served."""
    cache.clear()
    yield
