"""Fixtures for the API tests: clients signed in with a token or a session."""

import pytest
from rest_framework.test import APIClient

from haven.api.tokens import token_create


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def issue(cast):
    """issue(user, days=30, name=...) -> (token row, raw token), issued by the security officer."""

    def _issue(user, *, days=30, name="test client"):
        return token_create(actor=cast.security_officer, user=user, name=name, days=days)

    return _issue


@pytest.fixture
def bearer(issue):
    """bearer(user) -> an API client that sends a fresh personal token of that user."""

    def _client(user):
        _, raw = issue(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client
