"""The insights app's /api/v1/ operations, for the schemathesis smoke run."""

SMOKE = [
    "GET /api/v1/insights/nca/",
    "GET /api/v1/insights/nca/cases/",
    "GET /api/v1/insights/trafficking/",
    "POST /api/v1/insights/trafficking/narrative/",
    "GET /api/v1/insights/dashboard/",
]
