"""Shared vocabulary for the access table (haven/core/tests/test_access_table.py).

An app that adds routes adds their rows in its own `haven/<app>/tests/access_rows.py`:

    ROUTES = {"interviews:schedule": ("GET", lambda f: f"/cases/{f['web_case']}/...", row(...))}

    def fixtures(cast, base):  # optional: records the routes above need
        return {"interview": ...}

The central test merges every app's rows, so a route without a row still fails.
"""

from haven.accounts.disciplines import Discipline

ANON = "anon"
PERSONAS = [ANON] + [d.value for d in Discipline]


def row(anon: int, everyone: int, **by_discipline: int) -> dict[str, int]:
    """Expected status for the anonymous visitor, for every discipline, and the exceptions."""
    expected = {ANON: anon} | {d.value: everyone for d in Discipline}
    unknown = set(by_discipline) - set(expected)
    assert not unknown, f"not disciplines: {unknown}"
    expected.update(by_discipline)
    return expected


def officer_only(ok: int) -> dict[str, int]:
    return row(302, 403, security_officer=ok)


def api_officer_only(ok: int) -> dict[str, int]:
    return row(401, 403, security_officer=ok)
