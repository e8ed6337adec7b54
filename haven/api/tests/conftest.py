"""Fixtures for the API tests: clients signed in with a token or a session."""

import pytest
from rest_framework.test import APIClient

from haven.api.tokens import Scope, token_create_by_operator


@pytest.fixture(autouse=True)
def _static_files_on_demand(settings):
    """Each test client loads the middleware afresh, and WhiteNoise (DEBUG off) then stats
    every static file, ~0.3 s per client. On demand, it finds the same files per request."""
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def issue(cast):
    """issue(user, days=30, name=...) -> (token row, raw token), issued by the security officer."""

    def _issue(user, *, days=30, name="test client"):
        return token_create_by_operator(user=user, name=name, days=days, scope=Scope.READ_WRITE)

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
