"""Headers, error pages and request limits: what every response promises."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(cast, client_for):
    response = client_for(cast.detective).get("/")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored_by_the_browser(cast, client_for):
    response = client_for(cast.detective).get("/directory/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_load_nothing_from_outside_the_server(cast, client_for):
    body = client_for(cast.security_officer).get("/").content.decode()
    assert "https://" not in body.replace("https://haven.invalid", "")
    assert "http://" not in body


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(cast, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    client.force_login(cast.detective)
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@pytest.mark.urls("haven.core.tests.urls_boom")
def test_a_server_error_page_leaks_nothing(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.detective)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body
    assert "Jane Doe" not in body


@pytest.mark.django_db
@pytest.mark.urls("haven.core.tests.urls_boom")
def test_an_api_server_error_is_a_problem_document_that_leaks_nothing(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.detective)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "secret-internal-detail" not in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_says_so_plainly(cast, client_for):
    response = client_for(cast.detective).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_page_the_role_cannot_use_is_refused_with_a_pointer(cast, client_for):
    response = client_for(cast.detective).get("/staff/")
    assert response.status_code == 403
    assert "security officer" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_form_is_refused_with_a_message(cast, client_for, settings):
    settings.HAVEN_MAX_REQUEST_BYTES = 2048
    client = client_for(cast.coordinator)
    response = client.post(
        f"/directory/agencies/{cast.cac.public_id}/personnel/", {"full_name": "x" * 5000}
    )
    assert response.status_code == 413
    assert "larger than 2 KB" in response.content.decode()
    assert not cast.cac.personnel.filter(full_name__startswith="xxx").exists()


def _policy(response) -> dict[str, str]:
    header = response.get("Permissions-Policy", "")
    return dict(part.strip().split("=", 1) for part in header.split(",") if part.strip())


@pytest.mark.django_db
def test_pages_switch_off_camera_microphone_and_location(cast, client_for):
    policy = _policy(client_for(cast.detective).get("/"))
    assert policy["camera"] == "()" and policy["microphone"] == "()"
    assert policy["geolocation"] == "()"
    # Passkeys and security keys (the second factor) stay usable on Haven's own pages.
    assert policy["publickey-credentials-get"] == "(self)"


@pytest.mark.django_db
def test_api_responses_and_the_sign_in_page_carry_the_permissions_policy(cast, client_for):
    api = client_for(cast.detective).get("/api/v1/cases/")
    assert api.status_code == 200
    assert _policy(api)["camera"] == "()" and _policy(api)["geolocation"] == "()"
    assert _policy(Client().get("/accounts/login/"))["microphone"] == "()"
