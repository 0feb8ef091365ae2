import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user():
    """An API client authenticated with the user's token, as a script would be."""

    def client_for(user):
        client = APIClient()
        _instance, token = AuthToken.objects.create(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return client_for
