"""Access-table rows for the accounts routes added since the central table was written
(haven/core/tests/test_access_table.py holds the older staff routes).

Releasing a second-step lock is the security officer's, like releasing a password lock;
the table's user is the disabled account, which has no lock, so the officer is sent back
to its page with "was not locked".
"""

from haven.testing.access_table import officer_only

ROUTES = {
    "accounts:staff_second_step_unlock": (
        "POST",
        lambda f: f"/staff/{f['user']}/second-step/unlock/",
        officer_only(302),
    ),
}
