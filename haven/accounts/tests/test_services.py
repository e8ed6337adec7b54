import pytest
from django.core import mail

from haven.accounts.models import User
from haven.accounts.services import user_create, user_disable, user_update
from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError


@pytest.mark.django_db
def test_only_a_security_officer_creates_staff_accounts(cast):
    with pytest.raises(HavenError):
        user_create(
            actor=cast.coordinator, email="x@cac.test", full_name="X Y", discipline="intake"
        )


@pytest.mark.django_db
def test_passwords_must_be_twelve_characters_and_not_common(cast):
    with pytest.raises(HavenError, match="at least 12"):
        user_create(
            actor=cast.security_officer,
            email="a@cac.test",
            full_name="A B",
            discipline="intake",
            password="Sh0rt!pass",
        )
    with pytest.raises(HavenError, match="too common"):
        user_create(
            actor=cast.security_officer,
            email="a@cac.test",
            full_name="A B",
            discipline="intake",
            password="password1234",
        )
    assert not User.objects.filter(email="a@cac.test").exists()


@pytest.mark.django_db
def test_email_addresses_are_unique_whatever_their_case(cast):
    with pytest.raises(HavenError, match="already exists"):
        user_create(
            actor=cast.security_officer,
            email="LUIS@nhpd.test",
            full_name="Dup",
            discipline="intake",
        )


@pytest.mark.django_db
def test_a_new_account_gets_a_link_to_set_its_own_password(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast.security_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/new/",
            {
                "email": "new.advocate@cac.test",
                "full_name": "Nia Brooks",
                "discipline": "victim_advocate",
                "agency": str(cast.cac.public_id),
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.advocate@cac.test")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.advocate@cac.test"]
    assert AuditEvent.objects.filter(action=Action.USER_CREATED, object_id=str(user.public_id))


@pytest.mark.django_db
def test_bad_input_on_the_staff_form_keeps_what_was_typed(cast, client_for):
    client = client_for(cast.security_officer)
    response = client.post(
        "/staff/new/",
        {
            "email": "luis@nhpd.test",
            "full_name": "Typed Name",
            "discipline": "intake",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "already exists" in body
    assert 'value="Typed Name"' in body


@pytest.mark.django_db
def test_changing_a_discipline_is_audited_with_old_and_new(cast):
    user_update(
        actor=cast.security_officer,
        user=cast.intake,
        full_name="Ivy Chen",
        discipline="coordinator",
        agency=cast.cac,
    )
    event = AuditEvent.objects.filter(action=Action.USER_UPDATED).get()
    assert event.old_values == {"discipline": "intake"}
    assert event.new_values == {"discipline": "coordinator"}


@pytest.mark.django_db
def test_a_security_officer_cannot_disable_their_own_account(cast):
    with pytest.raises(HavenError, match="your own account"):
        user_disable(actor=cast.security_officer, user=cast.security_officer)


@pytest.mark.django_db
def test_the_staff_list_uses_a_bounded_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.security_officer)
    client.get("/staff/")
    with django_assert_max_num_queries(6):
        response = client.get("/staff/")
    assert len(response.context["users"]) == min(50, User.objects.count())
    for n in range(10):
        user_create(
            actor=cast.security_officer,
            email=f"more{n}@cac.test",
            full_name=f"More {n}",
            discipline="intake",
            agency=cast.cac,
        )
    with django_assert_max_num_queries(6):
        client.get("/staff/")
