"""The screening API operations (checked against the schema by the schemathesis test)."""

SMOKE = [
    "GET /api/v1/screening/reports/",
    "POST /api/v1/screening/reports/",
    "GET /api/v1/screening/reports/{public_id}/",
    "POST /api/v1/screening/reports/{public_id}/triage/",
    "POST /api/v1/screening/reports/{public_id}/duplicate/",
    "POST /api/v1/screening/encounters/",
    "GET /api/v1/screening/encounters/{public_id}/",
    "POST /api/v1/screening/encounters/{public_id}/screenings/",
    "GET /api/v1/screening/instruments/",
]
