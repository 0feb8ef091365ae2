import pytest

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
