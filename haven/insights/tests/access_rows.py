"""Access-table rows for the insights routes (haven/core/tests/test_access_table.py).

The NCA report and the traced lists are open to every role that views cases or
statistics (its figures then count only the cases it may see); the training
administrator views neither. Exports follow the same rule.
"""

from haven.testing.access_table import row


def statistics(ok: int, anon: int = 302) -> dict[str, int]:
    return row(anon, ok, training_admin=403)


ROUTES = {
    "insights:nca": ("GET", lambda f: "/insights/nca/", statistics(200)),
    "insights:nca_export": ("GET", lambda f: "/insights/nca/export.csv", statistics(200)),
    "insights:nca_cases": ("GET", lambda f: "/insights/nca/cases/", statistics(200)),
    "insights:cases_export": ("GET", lambda f: "/insights/cases/export.csv", statistics(200)),
}


def reporters(ok: int) -> dict[str, int]:
    """§ 51-286h: police users for their department, state's attorneys for the Chief
    State's Attorney."""
    return row(302, 403, law_enforcement=ok, states_attorney=ok)


ROUTES |= {
    "insights:trafficking": ("GET", lambda f: "/insights/trafficking/", reporters(200)),
    "insights:trafficking_export": (
        "GET",
        lambda f: "/insights/trafficking/export.xlsx",
        reporters(200),
    ),
}

ROUTES |= {
    "insights:dashboard": ("GET", lambda f: "/insights/", row(302, 403, coordinator=200)),
}

ROUTES |= {
    "api-insights-nca": ("GET", lambda f: "/api/v1/insights/nca/", statistics(200, anon=401)),
    "api-insights-nca-cases": (
        "GET",
        lambda f: "/api/v1/insights/nca/cases/",
        statistics(200, anon=401),
    ),
    "api-insights-trafficking": (
        "GET",
        lambda f: "/api/v1/insights/trafficking/",
        row(401, 403, law_enforcement=200, states_attorney=200),
    ),
    # A form-encoded empty body: 415 for the reporters (JSON only), 403 for everyone else.
    "api-insights-trafficking-narrative": (
        "POST",
        lambda f: "/api/v1/insights/trafficking/narrative/",
        row(401, 403, law_enforcement=415, states_attorney=415),
    ),
    "api-insights-dashboard": (
        "GET",
        lambda f: "/api/v1/insights/dashboard/",
        row(401, 403, coordinator=200),
    ),
}
