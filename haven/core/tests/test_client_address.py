"""The client's address, read once (haven.core.net.client_address) and used everywhere.

Direct deployment (HAVEN_TRUSTED_PROXIES empty, the default): X-Forwarded-For is
anyone's to write, so it is ignored and the address is the connection's. Behind a proxy
(its address or range in HAVEN_TRUSTED_PROXIES): the client is the last hop in
X-Forwarded-For that is not a trusted proxy. The same address feeds the API throttles,
the public forms' rate limits, the sign-in lockout and the audit log.
"""

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from haven.audit.models import Action, AuditEvent
from haven.core.net import client_address, trusted_networks

ROOT = Path(__file__).resolve().parents[3]
PROXY = "10.0.0.5"
REPORT = {
    "what_seen": "An adult woman is kept in a back room of the nail salon.",
    "apparent_age": "adult",
}
PAGE_REPORT = {
    "what_seen": "A girl of about 15 was taken into room 12 by an older man at night.",
    "apparent_age": "under_18",
    "town": "New Haven",
}


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def proxied(settings):
    """A deployment behind a load balancer in 10.0.0.0/8."""
    settings.HAVEN_TRUSTED_PROXIES = trusted_networks("10.0.0.0/8")
    return settings


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- the one reading -----------------------------------------------------------------


def test_direct_the_connection_address_is_the_client_whatever_the_header_says(settings):
    settings.HAVEN_TRUSTED_PROXIES = trusted_networks("")
    assert client_address(_request("198.51.100.7", "203.0.113.1")) == "198.51.100.7"
    assert client_address(_request("198.51.100.7")) == "198.51.100.7"


def test_proxied_the_client_is_the_last_hop_not_trusted(proxied):
    # The client wrote 1.2.3.4 itself; the proxy appended the address it saw.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    # Two trusted proxies in a row are both skipped.
    assert client_address(_request(PROXY, "1.2.3.4, 198.51.100.7, 10.1.1.1")) == "198.51.100.7"


def test_proxied_a_request_without_the_header_is_the_proxy_itself(proxied):
    assert client_address(_request(PROXY)) == PROXY


def test_a_header_from_an_untrusted_peer_is_ignored(proxied):
    assert client_address(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_proxied_garbage_in_the_header_stops_the_walk_at_the_last_good_hop(proxied):
    assert client_address(_request(PROXY, "not-an-address")) == PROXY
    assert client_address(_request(PROXY, "junk, 10.2.2.2")) == "10.2.2.2"


def test_ipv6_and_single_addresses_are_understood(settings):
    settings.HAVEN_TRUSTED_PROXIES = trusted_networks("2001:db8::1, 192.0.2.10")
    assert client_address(_request("2001:db8::1", "2001:db8:ffff::9")) == "2001:db8:ffff::9"
    assert client_address(_request("192.0.2.10", "198.51.100.7")) == "198.51.100.7"
    assert client_address(_request("192.0.2.11", "198.51.100.7")) == "192.0.2.11"


def test_an_ipv4_mapped_connection_reads_as_ipv4(settings):
    settings.HAVEN_TRUSTED_PROXIES = trusted_networks("")
    assert client_address(_request("::ffff:198.51.100.7")) == "198.51.100.7"


def test_trusted_networks_parses_ranges_and_refuses_nonsense_naming_the_variable():
    assert trusted_networks("") == ()
    assert trusted_networks(" 10.0.0.0/8 , 192.0.2.1 ") == (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("192.0.2.1/32"),
    )
    for bad in ("10.0.0.0/33", "proxy.example.org", "10.0.0.1/8"):
        with pytest.raises(ImproperlyConfigured, match="HAVEN_TRUSTED_PROXIES"):
            trusted_networks(bad)


def test_a_malformed_trusted_proxies_setting_stops_start_up():
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(HAVEN_ENV="test", HAVEN_TRUSTED_PROXIES="10.0.0.0/99")
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='haven.settings'; django.setup()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last and "HAVEN_TRUSTED_PROXIES" in last


# --- every reader uses it --------------------------------------------------------------


def test_direct_a_new_forwarded_header_each_time_buys_no_more_public_reports():
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    codes = [
        client.post(
            "/api/v1/screening/reports/",
            REPORT,
            format="json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(6)
    ]
    assert codes == [201] * 5 + [429]


def test_proxied_each_client_has_its_own_public_report_limit_in_the_api(proxied):
    client = APIClient(REMOTE_ADDR=PROXY)

    def post(forwarded):
        return client.post(
            "/api/v1/screening/reports/", REPORT, format="json", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [post("198.51.100.7") for _ in range(6)] == [201] * 5 + [429]
    # A spoofed left part does not make a new client; the proxy's own entry decides.
    assert post("1.1.1.1, 198.51.100.7") == 429
    assert post("198.51.100.8") == 201


def test_proxied_each_client_has_its_own_public_report_limit_on_the_page(proxied):
    client = Client(REMOTE_ADDR=PROXY)

    def post(forwarded):
        return client.post(
            "/report-trafficking/", PAGE_REPORT, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [post("198.51.100.7") for _ in range(6)] == [200] * 5 + [429]
    assert post("198.51.100.8") == 200


def test_direct_a_forwarded_header_does_not_dodge_the_page_limit():
    client = Client(REMOTE_ADDR="198.51.100.7")
    codes = [
        client.post(
            "/report-trafficking/", PAGE_REPORT, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_proxied_the_training_check_limit_is_per_client(proxied):
    client = Client(REMOTE_ADDR=PROXY)

    def check(forwarded):
        return client.post(
            "/training/verify/", {"code": "NOPE-NOPE"}, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [check("198.51.100.7") for _ in range(21)][-1] == 429
    assert check("198.51.100.8") != 429


def test_proxied_the_audit_records_the_client_not_the_proxy(cast, proxied):
    client = Client(REMOTE_ADDR=PROXY)
    client.post(
        "/accounts/login/",
        {"login": "luis@nhpd.test", "password": "not-it-at-all"},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )
    event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).latest("id")
    assert event.ip_address == "198.51.100.7"


def test_direct_the_audit_ignores_a_forwarded_header(cast):
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.post(
        "/accounts/login/",
        {"login": "luis@nhpd.test", "password": "not-it-at-all"},
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    event = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).latest("id")
    assert event.ip_address == "198.51.100.7"


def test_proxied_the_sign_in_lockout_counts_the_client_address(cast, proxied):
    client = Client(REMOTE_ADDR=PROXY)
    client.post(
        "/accounts/login/",
        {"login": "luis@nhpd.test", "password": "not-it-at-all"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_proxied_allauth_counts_sign_ins_per_client(proxied):
    from allauth.account.adapter import get_adapter

    assert get_adapter().get_client_ip(_request(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert get_adapter().get_client_ip(_request("198.51.100.9", "1.2.3.4")) == "198.51.100.9"
