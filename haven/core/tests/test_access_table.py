"""Every route x every persona has an expected outcome, in one table.

Adding a route without adding its row fails `test_every_route_has_a_row`. The
personas are an anonymous visitor and one signed-in user per discipline. A
request is the route's main method with an empty body: enough to show whether
the door opens, without depending on a form's contents.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from haven.api.tokens import Scope, token_create_by_operator
from haven.testing.access_table import ANON, PERSONAS, api_officer_only, officer_only, row


def app_row_modules():
    """Each Haven app's own rows: haven/<app>/tests/access_rows.py, where it has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("haven."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.tests.access_rows"))
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.access_rows"):
                raise
    return found


def all_route_names() -> set[str]:
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                assert p.name, f"route {p.pattern} has no name: every route needs one"
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def route_fixtures(cast) -> dict:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from haven.directory.models import District
    from haven.teams.services import membership_add, protocol_draft, team_create

    token, _raw = token_create_by_operator(
        user=cast.expert, name="table", days=5, scope=Scope.READ_WRITE
    )
    # A New Haven team hosted by the cast's CAC, with the detective as its only member.
    team = team_create(
        actor=cast.coordinator,
        name="Table MDT",
        host_cac=cast.cac,
        district=District.objects.get(slug="new-haven"),
    )
    membership = membership_add(
        actor=cast.coordinator,
        team=team,
        seat="law_enforcement",
        user=cast.detective,
        starts_on=datetime.date(2025, 1, 1),
    )
    version = protocol_draft(
        actor=cast.coordinator,
        team=team,
        title="Joint investigations",
        document=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    web_case = _web_case(cast)
    base = {
        "web_case": web_case.public_id,
        "case_person": web_case.child.public_id,  # the API's people routes
        "user": cast.disabled.public_id,  # already disabled: POSTs to it change nothing
        "agency": cast.cac.public_id,
        "token": token.public_id,
        "token_owner": cast.expert.public_id,
        "team": team.public_id,
        "membership": membership.public_id,
        "version": version.public_id,
    }
    for module in app_row_modules():
        if hasattr(module, "fixtures"):
            base |= module.fixtures(cast, base)
    return base


def _web_case(cast):
    """A case held by the cast's CAC, assigned to the detective (for the /cases/ pages)."""
    from django.utils import timezone

    from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
    from haven.people.services import person_create

    child = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Table", last_name="Child"
    )
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now(),
        parties=[PartyIn(person=child, role="alleged_victim")],
        allegations=[AllegationIn(victim=child, kind="neglect")],
    ).cases[0]
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="law_enforcement",
        user=cast.detective,
        starts_on=timezone.localdate(),
    )
    return case


def client_as(cast, persona: str) -> Client:
    client = Client()
    if persona != ANON:
        client.force_login(cast.by_discipline()[persona])
    return client


# name -> (method, path builder)
ROUTE_CALLS = {
    "core:home": ("GET", lambda f: "/"),
    "core:healthz": ("GET", lambda f: "/healthz"),
    "accounts:staff_list": ("GET", lambda f: "/staff/"),
    "accounts:staff_create": ("GET", lambda f: "/staff/new/"),
    "accounts:staff_detail": ("GET", lambda f: f"/staff/{f['user']}/"),
    "accounts:staff_set_active": ("POST", lambda f: f"/staff/{f['user']}/active/"),
    "accounts:staff_unlock": ("POST", lambda f: f"/staff/{f['user']}/unlock/"),
    "accounts:token_revoke": (
        "POST",
        lambda f: f"/staff/{f['token_owner']}/tokens/{f['token']}/revoke/",
    ),
    "accounts:session_status": ("GET", lambda f: "/accounts/session/status/"),
    "accounts:session_keepalive": ("POST", lambda f: "/accounts/session/keepalive/"),
    "account_login": ("GET", lambda f: "/accounts/login/"),
    "account_logout": ("POST", lambda f: "/accounts/logout/"),
    "account_inactive": ("GET", lambda f: "/accounts/inactive/"),
    "account_signup": ("GET", lambda f: "/accounts/signup/"),
    "account_reauthenticate": ("GET", lambda f: "/accounts/reauthenticate/"),
    "account_email": ("GET", lambda f: "/accounts/email/"),
    "account_email_verification_sent": ("GET", lambda f: "/accounts/confirm-email/"),
    "account_change_password": ("GET", lambda f: "/accounts/password/change/"),
    "account_set_password": ("GET", lambda f: "/accounts/password/set/"),
    "account_reset_password": ("GET", lambda f: "/accounts/password/reset/"),
    "account_confirm_login_code": ("GET", lambda f: "/accounts/login/code/confirm/"),
    "account_confirm_email": ("GET", lambda f: "/accounts/confirm-email/bogus-key/"),
    "account_reset_password_from_key_done": ("GET", lambda f: "/accounts/password/reset/key/done/"),
    "account_reset_password_from_key": ("GET", lambda f: "/accounts/password/reset/key/1-bogus/"),
    "account_reset_password_done": ("GET", lambda f: "/accounts/password/reset/done/"),
    "mfa_index": ("GET", lambda f: "/accounts/2fa/"),
    "mfa_authenticate": ("GET", lambda f: "/accounts/2fa/authenticate/"),
    "mfa_reauthenticate": ("GET", lambda f: "/accounts/2fa/reauthenticate/"),
    "mfa_activate_totp": ("GET", lambda f: "/accounts/2fa/totp/activate/"),
    "mfa_deactivate_totp": ("GET", lambda f: "/accounts/2fa/totp/deactivate/"),
    "mfa_view_recovery_codes": ("GET", lambda f: "/accounts/2fa/recovery-codes/"),
    "mfa_generate_recovery_codes": ("GET", lambda f: "/accounts/2fa/recovery-codes/generate/"),
    "mfa_download_recovery_codes": ("GET", lambda f: "/accounts/2fa/recovery-codes/download/"),
    "mfa_list_webauthn": ("GET", lambda f: "/accounts/2fa/webauthn/"),
    "mfa_add_webauthn": ("GET", lambda f: "/accounts/2fa/webauthn/add/"),
    "mfa_reauthenticate_webauthn": ("GET", lambda f: "/accounts/2fa/webauthn/reauthenticate/"),
    "mfa_remove_webauthn": ("GET", lambda f: "/accounts/2fa/webauthn/keys/999999/remove/"),
    "mfa_edit_webauthn": ("GET", lambda f: "/accounts/2fa/webauthn/keys/999999/edit/"),
    "directory:agency_list": ("GET", lambda f: "/directory/"),
    "directory:agency_create": ("GET", lambda f: "/directory/agencies/new/"),
    "directory:agency_detail": ("GET", lambda f: f"/directory/agencies/{f['agency']}/"),
    "directory:personnel_add": ("POST", lambda f: f"/directory/agencies/{f['agency']}/personnel/"),
    "directory:credential_add": (
        "POST",
        lambda f: f"/directory/agencies/{f['agency']}/credentials/",
    ),
    "directory:district_list": ("GET", lambda f: "/directory/districts/"),
    "teams:team_list": ("GET", lambda f: "/teams/"),
    "teams:team_create": ("GET", lambda f: "/teams/new/"),
    "teams:statewide": ("GET", lambda f: "/teams/statewide/"),
    "teams:statewide_csv": ("GET", lambda f: "/teams/statewide.csv"),
    "teams:statewide_xlsx": ("GET", lambda f: "/teams/statewide.xlsx"),
    "teams:team_detail": ("GET", lambda f: f"/teams/{f['team']}/"),
    "teams:member_add": ("POST", lambda f: f"/teams/{f['team']}/members/"),
    "teams:member_end": ("POST", lambda f: f"/teams/{f['team']}/members/{f['membership']}/end/"),
    "teams:protocol_draft": ("POST", lambda f: f"/teams/{f['team']}/protocols/"),
    "teams:protocol_version": ("GET", lambda f: f"/teams/{f['team']}/protocols/{f['version']}/"),
    "teams:protocol_document": (
        "GET",
        lambda f: f"/teams/{f['team']}/protocols/{f['version']}/document/",
    ),
    "teams:protocol_signoff": (
        "POST",
        lambda f: f"/teams/{f['team']}/protocols/{f['version']}/signoff/",
    ),
    "teams:protocol_adopt": (
        "POST",
        lambda f: f"/teams/{f['team']}/protocols/{f['version']}/adopt/",
    ),
    "cases:case_list": ("GET", lambda f: "/cases/"),
    "cases:case_search": ("GET", lambda f: "/cases/search/"),
    "cases:intake": ("GET", lambda f: "/cases/intake/"),
    "cases:case_detail": ("GET", lambda f: f"/cases/{f['web_case']}/"),
    "access:matrix": ("GET", lambda f: "/access/matrix/"),
    "audit:event_list": ("GET", lambda f: "/audit/"),
    "audit:event_export": ("GET", lambda f: "/audit/export.csv"),
    "set_language": ("POST", lambda f: "/i18n/setlang/"),
    "api-schema": ("GET", lambda f: "/api/v1/schema/"),
    "api-docs": ("GET", lambda f: "/api/v1/docs/"),
    "api-me": ("GET", lambda f: "/api/v1/me/"),
    "api-districts": ("GET", lambda f: "/api/v1/districts/"),
    "api-agencies": ("GET", lambda f: "/api/v1/agencies/"),
    "api-agency": ("GET", lambda f: f"/api/v1/agencies/{f['agency']}/"),
    "api-agency-personnel": ("GET", lambda f: f"/api/v1/agencies/{f['agency']}/personnel/"),
    "api-matrix": ("GET", lambda f: "/api/v1/access/matrix/"),
    "api-audit-events": ("GET", lambda f: "/api/v1/audit/events/"),
    "api-tokens": ("GET", lambda f: "/api/v1/tokens/"),
    "api-token-revoke": ("POST", lambda f: f"/api/v1/tokens/{f['token']}/revoke/"),
    "api-teams": ("GET", lambda f: "/api/v1/teams/"),
    "api-teams-statewide": ("GET", lambda f: "/api/v1/teams/statewide/"),
    "api-team": ("GET", lambda f: f"/api/v1/teams/{f['team']}/"),
    "api-team-compliance": ("GET", lambda f: f"/api/v1/teams/{f['team']}/compliance/"),
    "api-team-members": ("POST", lambda f: f"/api/v1/teams/{f['team']}/members/"),
    "api-team-member-end": (
        "POST",
        lambda f: f"/api/v1/teams/{f['team']}/members/{f['membership']}/end/",
    ),
    "api-team-protocols": ("GET", lambda f: f"/api/v1/teams/{f['team']}/protocols/"),
    "api-people": ("GET", lambda f: "/api/v1/people/?q=table"),
    "api-person": ("GET", lambda f: f"/api/v1/people/{f['case_person']}/"),
    "api-person-merge": ("POST", lambda f: f"/api/v1/people/{f['case_person']}/merge/"),
    "api-cases": ("GET", lambda f: "/api/v1/cases/"),
    "api-case-search": ("POST", lambda f: "/api/v1/cases/search/"),
    "api-case": ("GET", lambda f: f"/api/v1/cases/{f['web_case']}/"),
    "api-case-intake": ("POST", lambda f: "/api/v1/cases/intake/"),
    "api-case-assignments": ("POST", lambda f: f"/api/v1/cases/{f['web_case']}/assignments/"),
}


def directory_editors(ok: int) -> dict[str, int]:
    return row(302, 403, security_officer=ok, coordinator=ok)


def team_managers(ok: int, member: int = 403) -> dict[str, int]:
    """A team hosted by the cast's CAC: its coordinator and security officer manage it, the
    detective is its member, everyone else cannot see it (404)."""
    return row(302, 404, security_officer=ok, coordinator=ok, law_enforcement=member)


def api_team_managers(ok: int, member: int = 403) -> dict[str, int]:
    """As team_managers, through the API: 401 without credentials."""
    return team_managers(ok, member) | {ANON: 401}


# 200 page, 302 redirect (to sign-in for the anonymous), 400 empty form refused,
# 401 API without credentials, 403 role not allowed, 404 not offered or not found.
EXPECTED: dict[str, dict[str, int]] = {
    "core:home": row(302, 200),
    "core:healthz": row(200, 200),
    "accounts:staff_list": officer_only(200),
    "accounts:staff_create": officer_only(200),
    "accounts:staff_detail": officer_only(200),
    "accounts:staff_set_active": officer_only(302),
    "accounts:staff_unlock": officer_only(302),
    "accounts:token_revoke": officer_only(302),
    "accounts:session_status": row(302, 200),
    "accounts:session_keepalive": row(302, 200),
    # allauth's pages. Signed-in users are sent on from the sign-in page.
    "account_login": row(200, 302),
    "account_logout": row(302, 302),
    "account_inactive": row(200, 200),
    "account_signup": row(302, 404),
    "account_reauthenticate": row(302, 200),
    "account_email": row(302, 404),
    "account_email_verification_sent": row(200, 200),
    "account_change_password": row(302, 200),
    "account_set_password": row(302, 302),
    "account_reset_password": row(200, 200),
    "account_confirm_login_code": row(302, 302),
    "account_confirm_email": row(200, 200),
    "account_reset_password_from_key_done": row(200, 200),
    "account_reset_password_from_key": row(200, 200),
    "account_reset_password_done": row(200, 200),
    # MFA pages: a user with no authenticator yet is sent to set one up, or finds nothing.
    "mfa_index": row(302, 200),
    "mfa_authenticate": row(302, 302),
    "mfa_reauthenticate": row(302, 302),
    "mfa_activate_totp": row(302, 302),
    "mfa_deactivate_totp": row(302, 404),
    "mfa_view_recovery_codes": row(302, 404),
    "mfa_generate_recovery_codes": row(302, 302),
    "mfa_download_recovery_codes": row(302, 404),
    "mfa_list_webauthn": row(302, 200),
    "mfa_add_webauthn": row(302, 302),
    "mfa_reauthenticate_webauthn": row(302, 302),
    "mfa_remove_webauthn": row(302, 302),
    "mfa_edit_webauthn": row(302, 302),
    "directory:agency_list": row(302, 200),
    "directory:agency_create": directory_editors(200),
    "directory:agency_detail": row(302, 200),
    "directory:personnel_add": directory_editors(400),
    "directory:credential_add": directory_editors(302),
    "directory:district_list": row(302, 200),
    "teams:team_list": row(302, 200),
    "teams:team_create": row(302, 403, security_officer=200, coordinator=200),
    "teams:statewide": row(302, 403, coordinator=200),
    "teams:statewide_csv": row(302, 403, coordinator=200),
    "teams:statewide_xlsx": row(302, 403, coordinator=200),
    "teams:team_detail": team_managers(200, member=200),
    "teams:member_add": team_managers(400),
    "teams:member_end": team_managers(302),
    "teams:protocol_draft": team_managers(400),
    "teams:protocol_version": team_managers(200, member=200),
    "teams:protocol_document": team_managers(200, member=200),
    "teams:protocol_signoff": team_managers(302),
    "teams:protocol_adopt": team_managers(302),
    "cases:case_list": row(302, 200),
    "cases:case_search": row(302, 200),
    "cases:intake": row(302, 403, intake=200, coordinator=200),
    # Held by the cast's CAC: its staff see it, the assigned detective sees it; DCF, the
    # prosecutor and the training administrator (DCF) are not involved: 404.
    "cases:case_detail": row(302, 200, dcf=404, states_attorney=404, training_admin=404),
    "access:matrix": officer_only(200),
    "audit:event_list": officer_only(200),
    "audit:event_export": officer_only(200),
    "set_language": row(302, 302),
    "api-schema": row(401, 200),
    "api-docs": row(401, 200),
    "api-me": row(401, 200),
    "api-districts": row(401, 200),
    "api-agencies": row(401, 200),
    "api-agency": row(401, 200),
    "api-agency-personnel": row(401, 200),
    "api-matrix": api_officer_only(200),
    "api-audit-events": api_officer_only(200),
    # Everyone lists their own tokens; the security officer everyone's. The table's token
    # is the other expert's: they and the officer revoke it, anyone else finds nothing.
    "api-tokens": row(401, 200),
    "api-token-revoke": row(401, 404, security_officer=200, other_expert=200),
    "api-teams": row(401, 200),
    "api-teams-statewide": row(401, 403, coordinator=200),
    "api-team": api_team_managers(200, member=200),
    "api-team-compliance": api_team_managers(200, member=200),
    "api-team-protocols": api_team_managers(200, member=200),
    # The table's empty POST is a form, not JSON: refused once the caller may manage the team.
    "api-team-members": api_team_managers(415),
    "api-team-member-end": api_team_managers(415),
    # People need view on the people section (not the security officer's, the other
    # expert's or the training administrator's role), then a case they may see: DCF and
    # the prosecutor are not involved in the table's case (404).
    "api-people": row(401, 200, security_officer=403, other_expert=403, training_admin=403),
    "api-person": row(
        401,
        200,
        security_officer=403,
        other_expert=403,
        training_admin=403,
        dcf=404,
        states_attorney=404,
    ),
    # The security officer merges, with view on the people section: her default role has
    # People: none, so nobody here (she decides on the duplicate review list).
    # The coordinator may merge (the table posts a form: 415); nobody else by default.
    "api-person-merge": row(401, 403, coordinator=415),
    "api-cases": row(401, 200),
    # Every signed-in persona reaches the search; the table posts a form, the API wants JSON.
    "api-case-search": row(401, 415),
    "api-case": row(401, 200, dcf=404, states_attorney=404, training_admin=404),
    # Edit on the general section, at a CAC: the form-encoded empty POST is then refused.
    "api-case-intake": row(401, 403, coordinator=415, intake=415),
    "api-case-assignments": row(
        401,
        403,
        coordinator=415,
        intake=415,
        dcf=404,
        states_attorney=404,
        training_admin=404,
    ),
}


for _module in app_row_modules():
    for _name, (_method, _build, _expected) in _module.ROUTES.items():
        assert _name not in EXPECTED, f"{_name} has two rows"
        ROUTE_CALLS[_name] = (_method, _build)
        EXPECTED[_name] = _expected


def test_every_route_has_a_row():
    routes = all_route_names()
    missing = sorted(routes - set(EXPECTED))
    assert not missing, f"Add these routes to EXPECTED and ROUTE_CALLS: {missing}"
    stale = sorted(set(EXPECTED) - routes)
    assert not stale, f"These rows name routes that no longer exist: {stale}"
    assert set(ROUTE_CALLS) == set(EXPECTED)
    for name, expected in EXPECTED.items():
        assert set(expected) == set(PERSONAS), f"{name} must give an outcome for every persona"


@pytest.mark.django_db
def test_every_route_answers_every_persona_as_the_table_says(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fixtures = route_fixtures(cast)
    clients = {persona: client_as(cast, persona) for persona in PERSONAS}
    wrong = []
    for name in sorted(EXPECTED):
        method, build = ROUTE_CALLS[name]
        url = build(fixtures)
        for persona in PERSONAS:
            if name == "account_logout":  # signing out would spoil the shared client
                client = client_as(cast, persona)
            else:
                client = clients[persona]
            response = getattr(client, method.lower())(url)
            if response.status_code != EXPECTED[name][persona]:
                wrong.append(
                    f"{name} {method} as {persona}: got {response.status_code}, "
                    f"expected {EXPECTED[name][persona]}"
                )
    assert not wrong, "\n".join(wrong)
