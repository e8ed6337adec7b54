"""Fixtures for the screening tests, built on the shared `cast` through real services."""

import pytest

from haven.directory.services import agency_create
from haven.screening import services


@pytest.fixture
def lodging(cast):
    return agency_create(
        actor=cast.security_officer,
        name="Harbor View Inn",
        kind="lodging",
        town="New Haven",
    )


def submit(**overrides):
    fields = {
        "what_seen": "A girl who looked about 15 was brought to room 12 by an older man.",
        "apparent_age": "under_18",
        "town": "New Haven",
    }
    fields.update(overrides)
    return services.report_submit(**fields)
