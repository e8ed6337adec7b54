"""The training API's operations, for the schema test (haven/api/tests/test_schemathesis.py):
fuzzed as the coordinator for "no server error"; happy paths are in test_api.py."""

SMOKE = [
    "GET /api/v1/training/programs/",
    "POST /api/v1/training/programs/",
    "GET /api/v1/training/programs/{public_id}/",
    "GET /api/v1/training/programs/{public_id}/modules/",
    "POST /api/v1/training/programs/{public_id}/modules/",
    "POST /api/v1/training/programs/{public_id}/enrol/",
    "GET /api/v1/training/enrolments/",
    "GET /api/v1/training/enrolments/{public_id}/",
    "POST /api/v1/training/enrolments/{public_id}/modules/{module_id}/answers/",
    "POST /api/v1/training/enrolments/{public_id}/modules/{module_id}/read/",
    "GET /api/v1/training/completions/",
    "POST /api/v1/training/completions/verify/",
    "GET /api/v1/training/compliance/",
]
