"""Access-table rows for the case team, the security officer's access controls and the
person pages (haven/testing/access_table.py explains the format).

The table's case (`web_case`) is held by the cast's CAC with the detective assigned:
DCF, the prosecutor and the training administrator are not involved in it (404). Two
users who are no persona are denied it, one for the web route and one for the API, so
that lifting a denial changes nothing any other row depends on.
"""

from haven.testing.access_table import api_officer_only, officer_only, row

# Visible to all but DCF, the prosecutor and the training administrator; only the
# coordinator and intake edit the general section (and so assign or end assignments).
_NOT_INVOLVED = {"dcf": 404, "states_attorney": 404, "training_admin": 404}

ROUTES = {
    "cases:assignment_add": (
        "POST",
        lambda f: f"/cases/{f['web_case']}/assignments/",
        row(302, 403, coordinator=400, intake=400, **_NOT_INVOLVED),
    ),
    "cases:assignment_end": (
        "POST",
        lambda f: f"/cases/{f['web_case']}/assignments/{f['web_assignment']}/end/",
        # The empty form ends nothing: a message, and back to the case page.
        row(302, 403, coordinator=302, intake=302, **_NOT_INVOLVED),
    ),
    "cases:access": ("GET", lambda f: f"/cases/{f['web_case']}/access/", officer_only(200)),
    "cases:restrict": (
        "POST",
        lambda f: f"/cases/{f['web_case']}/access/restrict/",
        officer_only(400),
    ),
    # Not restricted: a message, and back to the case page.
    "cases:restriction_lift": (
        "POST",
        lambda f: f"/cases/{f['web_case']}/access/restrict/lift/",
        officer_only(302),
    ),
    "cases:deny": ("POST", lambda f: f"/cases/{f['web_case']}/access/denials/", officer_only(400)),
    "cases:denial_lift": (
        "POST",
        lambda f: f"/cases/{f['web_case']}/access/denials/{f['denied_web']}/lift/",
        officer_only(302),
    ),
    # People: view on the people section and a case the viewer may see (DCF and the
    # prosecutor are in none: 404). People: none is none (the security officer, the other
    # expert, the training administrator: 403), merging included (issue 18, item 5).
    "people:person_detail": (
        "GET",
        lambda f: f"/people/{f['case_person']}/",
        row(
            302,
            200,
            security_officer=403,
            other_expert=403,
            training_admin=403,
            dcf=404,
            states_attorney=404,
        ),
    ),
    # Merging from a person page: the merge capability and People view. The coordinator
    # merges her centre's duplicates; the security officer has People: none by default
    # (she decides cross-team pairs on the review list).
    "people:merge_search": (
        "GET",
        lambda f: f"/people/{f['case_person']}/merge/",
        row(302, 403, coordinator=200),
    ),
    "people:merge_confirm": (
        "GET",
        lambda f: f"/people/{f['case_person']}/merge/{f['duplicate_person']}/",
        row(302, 403, coordinator=200),
    ),
    # The review list of likely duplicates intake could not be shown (issue 18, item 1):
    # the security officer only; an empty decision is a 400 asking her to choose.
    "people:duplicate_reviews": ("GET", lambda f: "/people/duplicates/", officer_only(200)),
    "people:duplicate_decide": (
        "POST",
        lambda f: f"/people/duplicates/{f['duplicate_review']}/",
        officer_only(400),
    ),
    "api-case-assignment-end": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/assignments/{f['web_assignment']}/end/",
        row(401, 403, coordinator=415, intake=415, **_NOT_INVOLVED),
    ),
    "api-case-access": (
        "GET",
        lambda f: f"/api/v1/cases/{f['web_case']}/access/",
        api_officer_only(200),
    ),
    "api-case-restrict": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/access/restrict/",
        api_officer_only(415),
    ),
    # Not restricted: a problem saying so.
    "api-case-restriction-lift": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/access/restrict/lift/",
        api_officer_only(400),
    ),
    "api-case-deny": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/access/denials/",
        api_officer_only(415),
    ),
    "api-case-denial-lift": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/access/denials/{f['denied_api']}/lift/",
        api_officer_only(200),
    ),
    # The case report: anyone who may see the case.
    "cases:case_report": (
        "GET",
        lambda f: f"/cases/{f['web_case']}/report/",
        row(302, 200, **_NOT_INVOLVED),
    ),
    # Closing and reopening: editors of the general section.
    "cases:case_status": (
        "GET",
        lambda f: f"/cases/{f['web_case']}/status/",
        row(302, 403, coordinator=200, intake=200, **_NOT_INVOLVED),
    ),
    "api-case-close": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/close/",
        row(401, 403, coordinator=415, intake=415, **_NOT_INVOLVED),
    ),
    "api-case-reopen": (
        "POST",
        lambda f: f"/api/v1/cases/{f['web_case']}/reopen/",
        row(401, 403, coordinator=415, intake=415, **_NOT_INVOLVED),
    ),
    "api-case-timeline": (
        "GET",
        lambda f: f"/api/v1/cases/{f['web_case']}/timeline/",
        row(401, 200, **_NOT_INVOLVED),
    ),
}


def fixtures(cast, base):
    from django.utils import timezone

    from haven.accounts.disciplines import Discipline
    from haven.accounts.services import user_create
    from haven.cases.models import Case, DuplicateReview
    from haven.cases.services import case_deny
    from haven.conftest import PASSWORD
    from haven.people.services import person_create

    case = Case.objects.get(public_id=base["web_case"])
    denied = {}
    for key, email in (("denied_web", "dee@hpd.test"), ("denied_api", "dan@hpd.test")):
        user = user_create(
            actor=cast.security_officer,
            email=email,
            full_name=email.split("@")[0].title(),
            discipline=Discipline.LAW_ENFORCEMENT,
            agency=cast.police_elsewhere,
            password=PASSWORD,
        )
        case_deny(actor=cast.security_officer, case=case, user=user)
        denied[key] = user.public_id
    duplicate = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Table", last_name="Childe"
    )
    review = DuplicateReview.objects.create(
        cac=cast.cac,
        new_person=duplicate,
        existing_person=case.child,
        reasons=["similar name"],
        found_by=cast.intake,
        found_at=timezone.now(),
    )
    return {
        "duplicate_review": review.public_id,
        "web_assignment": case.assignments.get().public_id,
        "duplicate_person": duplicate.public_id,
        **denied,
    }
