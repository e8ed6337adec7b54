import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.training import services
from haven.training.models import Completion, Enrolment, Learner, ModuleKind
from haven.training.tests.conftest import correct_answers

pytestmark = pytest.mark.django_db


def _register_by_email(client, program, employer, email="rosa@inn.test"):
    response = client.post(
        "/training/register/",
        {
            "full_name": "Rosa Diaz",
            "email": email,
            "employer": employer.public_id,
            "program": program.public_id,
        },
    )
    assert response.status_code == 200
    link = re.search(r"https?://\S+/training/register/confirm/\S+/", mail.outbox[-1].body)[0]
    return client.get(link)


def test_an_external_learner_registers_verifies_email_takes_the_quiz_and_checks_the_certificate(
    client, cast, hotels, lodging_program
):
    response = _register_by_email(client, lodging_program, hotels[0])
    enrolment = Enrolment.objects.get(learner__email="rosa@inn.test")
    assert response.url == f"/training/learn/{enrolment.public_id}/"
    assert client.get(response.url).status_code == 200
    reading, quiz = lodging_program.modules.all()
    client.post(f"/training/learn/{enrolment.public_id}/modules/{reading.public_id}/")
    answers = {f"q-{k}": v for k, v in correct_answers(quiz).items()}
    page = client.post(f"/training/learn/{enrolment.public_id}/modules/{quiz.public_id}/", answers)
    assert b"You scored 100%" in page.content
    completion = Completion.objects.get(learner__email="rosa@inn.test")
    pdf = client.get(f"/training/certificates/{completion.public_id}.pdf")
    assert pdf.content.startswith(b"%PDF-")
    check = client.post("/training/verify/", {"code": completion.verification_code})
    assert b"Valid certificate" in check.content and b"Rosa Diaz" in check.content
    assert b"rosa@inn.test" not in check.content and b"Harbor Inn" not in check.content


def test_a_forged_certificate_code_is_a_clear_message(client, cast):
    response = client.post("/training/verify/", {"code": "ZZZZZZZZZZZZ"})
    assert response.status_code == 404
    assert b"No certificate has this code" in response.content


def test_registering_twice_sends_a_link_back_to_the_same_training(
    client, cast, hotels, lodging_program
):
    _register_by_email(client, lodging_program, hotels[0])
    _register_by_email(client, lodging_program, hotels[0])
    assert Learner.objects.filter(email="rosa@inn.test").count() == 1
    assert Enrolment.objects.filter(learner__email="rosa@inn.test").count() == 1


def test_a_caption_file_that_is_not_webvtt_is_refused_on_the_form(
    client_for, cast, lodging_program
):
    response = client_for(cast.trainer).post(
        f"/training/programs/{lodging_program.public_id}/modules/new/",
        {
            "kind": ModuleKind.VIDEO,
            "title": "Kept title",
            "video": SimpleUploadedFile("v.mp4", b"not video"),
            "captions": SimpleUploadedFile("c.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
        },
    )
    assert response.status_code == 400
    assert b"not WebVTT" in response.content and b"Kept title" in response.content


def test_an_employers_contact_sees_only_their_own_staffs_records_on_the_pages(
    client_for, cast, hotels, lodging_program
):
    harbor, elm = hotels
    for email, employer in (("a@harbor.test", harbor), ("b@elm.test", elm)):
        reg, token = services.registration_request(
            full_name=email, email=email, employer=employer, program=lodging_program
        )
        services.registration_confirm(token=token)
    cast.expert.agency = harbor
    cast.expert.save(update_fields=["agency"])
    services.employer_contact_designate(actor=cast.trainer, agency=harbor, user=cast.expert)
    client = client_for(cast.expert)
    page = client.get("/training/compliance/")
    assert b"a@harbor.test" in page.content and b"b@elm.test" not in page.content
    other = Learner.objects.get(email="b@elm.test")
    assert client.get(f"/training/learners/{other.public_id}/").status_code == 404
    csv = client.get("/training/compliance.csv").content.decode()
    assert "a@harbor.test" in csv and "b@elm.test" not in csv
    assert client_for(cast.coordinator).get("/training/compliance/").status_code == 403


def test_the_training_administrator_designates_and_revokes_an_employers_contact(
    client, cast, hotels
):
    from haven.audit.models import Action, AuditEvent
    from haven.training.models import EmployerContact

    harbor, elm = hotels
    cast.expert.agency = harbor
    cast.expert.save(update_fields=["agency"])
    client.force_login(cast.trainer)
    page = client.get("/training/contacts/")
    assert b"No employer has a designated contact yet." in page.content
    wrong = client.post(
        "/training/contacts/", {"employer": elm.public_id, "email": cast.expert.email}
    )
    assert wrong.status_code == 400
    assert "must work for that employer" in wrong.content.decode()
    assert "works for Harbor Inn" in wrong.content.decode()
    assert cast.expert.email in wrong.content.decode()  # what was typed is kept
    unknown = client.post("/training/contacts/", {"employer": elm.public_id, "email": "x@y.test"})
    assert b"No Haven staff account has this email" in unknown.content
    made = client.post(
        "/training/contacts/", {"employer": harbor.public_id, "email": cast.expert.email.upper()}
    )
    assert made.status_code == 302
    contact = EmployerContact.objects.get()
    assert (contact.agency, contact.user) == (harbor, cast.expert)
    listed = client.get("/training/contacts/").content.decode()
    assert "Harbor Inn" in listed and cast.expert.full_name in listed
    client.post(f"/training/contacts/{contact.public_id}/revoke/")
    assert not EmployerContact.objects.exists()
    events = AuditEvent.objects.filter(action=Action.TRAINING_CONTACT_DESIGNATED)
    assert events.order_by("id").last().new_values == {"revoked": True}
    assert events.count() == 2


def test_only_the_training_administrator_designates_contacts(client, cast, hotels):
    client.force_login(cast.coordinator)
    assert client.get("/training/contacts/").status_code == 403
    response = client.post(
        "/training/contacts/", {"employer": hotels[0].public_id, "email": cast.expert.email}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("output", ["csv", "xlsx"])
def test_every_formula_start_is_neutralised_in_the_compliance_export(
    client_for, cast, hotels, lodging_program, output
):
    from haven.testing.exports import FORMULA_PAYLOADS, assert_neutralised, csv_rows, xlsx_rows

    harbor, _elm = hotels
    for number, payload in enumerate(FORMULA_PAYLOADS):
        email = f"learner{number}@harbor.test"
        _registration, token = services.registration_request(
            full_name="Placeholder", email=email, employer=harbor, program=lodging_program
        )
        services.registration_confirm(token=token)
        Learner.objects.filter(email=email).update(full_name=payload)
    response = client_for(cast.trainer).get(f"/training/compliance.{output}")
    assert response.status_code == 200
    rows = csv_rows(response) if output == "csv" else xlsx_rows(response)
    assert_neutralised(rows)
