"""Access-table rows for the documents routes (merged by
haven/core/tests/test_access_table.py).

The routes use a case of their own, held by the cast's CAC and assigned to the detective,
the DCF worker and the prosecutor, with one release of information (general section)
attached by the coordinator. Everyone but the training administrator (DCF, unassigned:
404) sees the case. The documents column of the matrix is the gate: the security officer,
youth services and the other expert do not view it (403 for the page and the list, 404 for
a document, which does not exist for them). Those who view it and edit some section may
attach (the form); the general section's editors (coordinator, intake) may withdraw the
release; everyone else who sees it 403.
"""

from django.utils import timezone

from haven.testing.access_table import row

NO_DOCUMENTS = ("security_officer", "youth_services", "other_expert")
SEES_DOCUMENT = dict.fromkeys(NO_DOCUMENTS, 404)


def _case(f, rest: str) -> str:
    return f"/cases/{f['doc_case']}/documents/{rest}"


def _api(f, rest: str) -> str:
    return f"/api/v1/cases/{f['doc_case']}/documents/{rest}"


ATTACH = row(302, 200, training_admin=404, **dict.fromkeys(NO_DOCUMENTS, 403))
DOWNLOAD = row(302, 200, training_admin=404, **SEES_DOCUMENT)
WITHDRAW = row(302, 403, training_admin=404, coordinator=200, intake=200, **SEES_DOCUMENT)

ROUTES = {
    "documents:attach": ("GET", lambda f: _case(f, "new/"), ATTACH),
    "documents:download": ("GET", lambda f: _case(f, f"{f['doc_general']}/download/"), DOWNLOAD),
    "documents:withdraw": ("GET", lambda f: _case(f, f"{f['doc_general']}/withdraw/"), WITHDRAW),
    "api-documents": ("GET", lambda f: _api(f, ""), ATTACH | {"anon": 401}),
    # An empty form body: the fields are missing (400) once the caller may attach somewhere;
    # withdraw takes JSON, so an empty form body is 415 once the caller may withdraw.
    "api-document-upload": (
        "POST",
        lambda f: _api(f, "upload/"),
        ATTACH | {"anon": 401} | {d: 400 for d, status in ATTACH.items() if status == 200},
    ),
    "api-document-download": (
        "GET",
        lambda f: _api(f, f"{f['doc_general']}/download/"),
        DOWNLOAD | {"anon": 401},
    ),
    "api-document-withdraw": (
        "POST",
        lambda f: _api(f, f"{f['doc_general']}/withdraw/"),
        WITHDRAW | {"anon": 401, "coordinator": 415, "intake": 415},
    ),
}


def fixtures(cast, base) -> dict:
    import datetime

    from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
    from haven.documents import samples, services
    from haven.people.services import person_create

    child = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Doc", last_name="Child"
    )
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=10),
        parties=[PartyIn(child, "alleged_victim")],
        allegations=[AllegationIn(child, "sexual_abuse")],
    ).cases[0]
    since = timezone.localdate() - datetime.timedelta(days=9)
    for user, section in (
        (cast.detective, "law_enforcement"),
        (cast.dcf_worker, "child_protection"),
        (cast.prosecutor, "prosecution"),
    ):
        case_assign(actor=cast.coordinator, case=case, section=section, user=user, starts_on=since)
    document = services.document_attach(
        actor=cast.coordinator,
        case=case,
        kind="release_of_information",
        file_name="release.pdf",
        content=samples.pdf_bytes(["Release of information (synthetic)"]),
    )
    return {"doc_case": case.public_id, "doc_general": document.public_id}
