"""The insights app's /api/v1/ operations, for the schemathesis smoke run."""

SMOKE: list[str] = []
