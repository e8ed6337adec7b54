"""The documents API's operations, checked by haven/api/tests/test_schemathesis.py."""

SMOKE = [
    "GET /api/v1/cases/{public_id}/documents/",
    "POST /api/v1/cases/{public_id}/documents/upload/",
    "GET /api/v1/cases/{public_id}/documents/{document_id}/download/",
    "POST /api/v1/cases/{public_id}/documents/{document_id}/withdraw/",
]
