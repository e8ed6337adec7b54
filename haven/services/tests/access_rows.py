"""Access-table rows for the services pages (merged by haven/core/tests/test_access_table.py).

The routes use base['web_case'] (held by the cast's CAC, assigned to the detective), so
the CAC's staff and the detective see it; the DCF worker, the prosecutor and the training
administrator do not (404). Of those who see it: referral forms for the general section's
editors and any discipline editing a service section; the mental-health referral's page
to those who view the mental-health section (others 404, as if it did not exist); its
sessions to the mental-health clinician; exams to medical; assessments to mental health;
advocacy and compensation to the advocate. Everyone else 403.
"""

from haven.testing.access_table import row

HIDDEN = {"dcf": 404, "states_attorney": 404, "training_admin": 404}


def _seen(ok_for: dict, default: int = 403) -> dict:
    return row(302, default, **HIDDEN) | ok_for


def _case(f, rest: str) -> str:
    return f"/cases/{f['web_case']}/services/{rest}"


def _ref(f, rest: str = "") -> str:
    return _case(f, f"referrals/{f['svc_referral']}/{rest}")


REFER = _seen(
    {
        "coordinator": 200,
        "intake": 200,
        "medical": 200,
        "mental_health": 200,
        "victim_advocate": 200,
    }
)
# Mental-health section: coordinator and clinician view it; the rest do not know the referral.
MH_PAGE = row(302, 404) | {"coordinator": 200, "mental_health": 200}
# POSTs with an empty form: 400 for who may change it, 403 for who views only.
MH_CHANGE = row(302, 404) | {"coordinator": 400, "mental_health": 400}
MH_SESSION = row(302, 404) | {"coordinator": 403, "mental_health": 200}


def _api(f, rest: str) -> str:
    return f"/api/v1/cases/{f['web_case']}/services/{rest}"


def _api_ref(f, rest: str) -> str:
    return _api(f, f"referrals/{f['svc_referral']}/{rest}")


def _api_post(ok: tuple, base: dict | None = None) -> dict:
    """The API: 401 without credentials; the empty form body is refused (415) once the
    caller may write."""
    base = base if base is not None else row(401, 403, **HIDDEN)
    return base | {"anon": 401} | {d: 415 for d in ok}


API_MH = row(401, 404)
ROUTES = {
    "services:referral_create": ("GET", lambda f: _case(f, "referrals/new/"), REFER),
    "services:referral_detail": ("GET", lambda f: _ref(f), MH_PAGE),
    "services:referral_transition": ("POST", lambda f: _ref(f, "status/"), MH_CHANGE),
    "services:reminder_create": ("POST", lambda f: _ref(f, "reminders/"), MH_CHANGE),
    "services:session_create": ("GET", lambda f: _ref(f, "sessions/new/"), MH_SESSION),
    "services:exam_create": ("GET", lambda f: _case(f, "medical/new/"), _seen({"medical": 200})),
    "services:assessment_create": (
        "GET",
        lambda f: _case(f, "assessments/new/"),
        _seen({"mental_health": 200}),
    ),
    "services:advocacy_create": (
        "GET",
        lambda f: _case(f, "advocacy/new/"),
        _seen({"victim_advocate": 200}),
    ),
    "services:compensation_create": (
        "GET",
        lambda f: _case(f, "compensation/new/"),
        _seen({"victim_advocate": 200}),
    ),
    "api-services": ("GET", lambda f: _api(f, ""), row(401, 200, **HIDDEN)),
    "api-service-referrals": (
        "POST",
        lambda f: _api(f, "referrals/"),
        _api_post(("coordinator", "intake", "medical", "mental_health", "victim_advocate")),
    ),
    "api-service-referral-status": (
        "POST",
        lambda f: _api_ref(f, "status/"),
        _api_post(("coordinator", "mental_health"), API_MH),
    ),
    "api-service-reminders": (
        "POST",
        lambda f: _api_ref(f, "reminders/"),
        _api_post(("coordinator", "mental_health"), API_MH),
    ),
    "api-service-sessions": (
        "POST",
        lambda f: _api_ref(f, "sessions/"),
        _api_post(("mental_health",), API_MH | {"coordinator": 403}),
    ),
    "api-service-exams": ("POST", lambda f: _api(f, "medical-exams/"), _api_post(("medical",))),
    "api-service-assessments": (
        "POST",
        lambda f: _api(f, "assessments/"),
        _api_post(("mental_health",)),
    ),
    "api-service-advocacy": (
        "POST",
        lambda f: _api(f, "advocacy/"),
        _api_post(("victim_advocate",)),
    ),
    "api-service-compensation": (
        "POST",
        lambda f: _api(f, "compensation/"),
        _api_post(("victim_advocate",)),
    ),
}


def fixtures(cast, base) -> dict:
    import datetime

    from django.utils import timezone

    from haven.cases.models import Case
    from haven.services.services import referral_make

    case = Case.objects.get(public_id=base["web_case"])
    referral = referral_make(
        actor=cast.coordinator,
        case=case,
        service_type="mh_treatment",
        referred_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    return {"svc_referral": referral.public_id}
