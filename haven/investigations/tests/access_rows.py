"""Access-table rows for the investigations routes (merged by
haven/core/tests/test_access_table.py).

The routes use a case of their own, held by the cast's CAC and assigned to the detective
(law enforcement), the DCF worker (child protection) and the prosecutor: the CAC's staff
and those three see it; the training administrator (DCF, not assigned) does not (404).
Of those who see it, only the statute's own investigators may open the investigation
forms (Gen. Stat. § 17a-106f), only the prosecutor the prosecution forms, and the general
section's editors and the investigators the trafficking form; everyone else 403.
"""

import datetime

from django.utils import timezone

from haven.testing.access_table import row


def _only(ok: int, *disciplines: str) -> dict[str, int]:
    return row(302, 403, training_admin=404, **{d: ok for d in disciplines})


def _case(f, rest: str) -> str:
    return f"/cases/{f['inv_case']}/{rest}"


def _api(f, rest: str) -> str:
    return f"/api/v1/cases/{f['inv_case']}/{rest}"


def _api_only(*disciplines: str) -> dict[str, int]:
    """The API: 401 without credentials; the empty form body is refused (415) once the
    caller may write."""
    return _only(415, *disciplines) | {"anon": 401}


LE = _only(200, "law_enforcement")
CP = _only(200, "dcf")
PROS = _only(200, "states_attorney")
TRAFFICKING = _only(200, "coordinator", "intake", "law_enforcement", "dcf")
API_LE = _api_only("law_enforcement")
API_CP = _api_only("dcf")
API_PROS = _api_only("states_attorney")

ROUTES = {
    "investigations:le_create": ("GET", lambda f: _case(f, "law-enforcement/new/"), LE),
    "investigations:le_edit": (
        "GET",
        lambda f: _case(f, f"law-enforcement/{f['inv_le']}/"),
        LE,
    ),
    "investigations:cp_edit": ("GET", lambda f: _case(f, "child-protection/"), CP),
    "investigations:hearing_add": ("GET", lambda f: _case(f, "child-protection/hearings/new/"), CP),
    "investigations:reliance_add": (
        "GET",
        lambda f: _case(f, "child-protection/relied-on/new/"),
        CP,
    ),
    "investigations:prosecution_create": ("GET", lambda f: _case(f, "prosecution/new/"), PROS),
    "investigations:prosecution_edit": (
        "GET",
        lambda f: _case(f, f"prosecution/{f['inv_matter']}/"),
        PROS,
    ),
    "investigations:charge_add": (
        "GET",
        lambda f: _case(f, f"prosecution/{f['inv_matter']}/charges/new/"),
        PROS,
    ),
    "investigations:charge_dispose": (
        "GET",
        lambda f: _case(f, f"prosecution/{f['inv_matter']}/charges/{f['inv_charge']}/disposition/"),
        PROS,
    ),
    "investigations:prosecution_link": (
        "GET",
        lambda f: _case(f, f"prosecution/{f['inv_matter']}/cases/"),
        PROS,
    ),
    "investigations:trafficking_edit": ("GET", lambda f: _case(f, "trafficking/"), TRAFFICKING),
    # Every role that sees the case reads it; the parts it may not view are null.
    "api-investigations": (
        "GET",
        lambda f: _api(f, "investigations/"),
        row(401, 200, training_admin=404),
    ),
    "api-le-create": ("POST", lambda f: _api(f, "law-enforcement/"), API_LE),
    # An empty PATCH changes nothing (200); an empty PUT lacks the required fields (400).
    "api-le-update": (
        "PATCH",
        lambda f: _api(f, f"law-enforcement/{f['inv_le']}/"),
        API_LE | {"law_enforcement": 200},
    ),
    "api-cp": ("PUT", lambda f: _api(f, "child-protection/"), API_CP | {"dcf": 400}),
    "api-cp-hearings": ("POST", lambda f: _api(f, "child-protection/hearings/"), API_CP),
    "api-cp-relied-on": ("POST", lambda f: _api(f, "child-protection/relied-on/"), API_CP),
    "api-prosecution-create": ("POST", lambda f: _api(f, "prosecution/"), API_PROS),
    "api-prosecution-update": (
        "PATCH",
        lambda f: _api(f, f"prosecution/{f['inv_matter']}/"),
        API_PROS | {"states_attorney": 200},
    ),
    "api-prosecution-link": (
        "POST",
        lambda f: _api(f, f"prosecution/{f['inv_matter']}/cases/"),
        API_PROS,
    ),
    "api-charges": (
        "POST",
        lambda f: _api(f, f"prosecution/{f['inv_matter']}/charges/"),
        API_PROS,
    ),
    "api-charge-disposition": (
        "POST",
        lambda f: _api(f, f"prosecution/{f['inv_matter']}/charges/{f['inv_charge']}/disposition/"),
        API_PROS,
    ),
    "api-trafficking": (
        "PUT",
        lambda f: _api(f, "trafficking/"),
        _only(400, "coordinator", "intake", "law_enforcement", "dcf") | {"anon": 401},
    ),
}


def fixtures(cast, base) -> dict:
    from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
    from haven.investigations import services
    from haven.people.services import person_create

    def person(first, last):
        return person_create(
            actor=cast.intake, confirmed_new=True, first_name=first, last_name=last
        )

    child, offender = person("Inv", "Child"), person("Inv", "Offender")
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=10),
        parties=[PartyIn(child, "alleged_victim"), PartyIn(offender, "alleged_offender")],
        allegations=[AllegationIn(child, "sex_trafficking")],
    ).cases[0]
    today = timezone.localdate()
    since = today - datetime.timedelta(days=9)
    for user, section in (
        (cast.detective, "law_enforcement"),
        (cast.dcf_worker, "child_protection"),
        (cast.prosecutor, "prosecution"),
    ):
        case_assign(actor=cast.coordinator, case=case, section=section, user=user, starts_on=since)
    le = services.le_investigation_open(actor=cast.detective, case=case, opened_on=since)
    services.cp_investigation_save(
        actor=cast.dcf_worker,
        case=case,
        careline_report_number="CL-TABLE",
        careline_reported_on=since,
    )
    matter = services.prosecution_open(actor=cast.prosecutor, case=case, alleged_offender=offender)
    charge = services.charge_file(
        actor=cast.prosecutor,
        case=case,
        matter=matter,
        statute="53a-192a",
        description="Trafficking in persons",
        charge_class="felony_b",
        filed_on=today,
    )
    return {
        "inv_case": case.public_id,
        "inv_le": le.public_id,
        "inv_matter": matter.public_id,
        "inv_charge": charge.public_id,
    }
