"""Access-table rows for My API tokens (haven/core/tests/test_access_table.py).

Every signed-in person has their own token page. The table's POST has an empty body,
so creating is a form error (400) and never reaches the confirmation step; a token is
revoked on this page only by its owner (the detective's, here): anyone else finds
nothing (404). The security officer reviews everyone's (all/) and revokes them from
the staff page.
"""

from haven.testing.access_table import officer_only, row

ROUTES = {
    "tokens:mine": ("GET", lambda f: "/tokens/", row(302, 200)),
    "tokens:all": ("GET", lambda f: "/tokens/all/", officer_only(200)),
    "tokens:revoke": (
        "POST",
        lambda f: f"/tokens/{f['own_token']}/revoke/",
        row(302, 404, law_enforcement=302),
    ),
}


def fixtures(cast, base):
    from haven.api.tokens import Scope, token_create_by_operator

    token, _raw = token_create_by_operator(
        user=cast.detective, name="access table", days=5, scope=Scope.READ
    )
    return {"own_token": token.public_id}
