"""Bootstrap: the first security officer of a new installation.

Every other staff account is created by a security officer in Haven itself.
"""

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record


class Command(BaseCommand):
    help = "Create a security officer account (prompts for the password)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Full name")

    def handle(self, *args, email: str, name: str, **options):
        email = email.strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account for {email} already exists.")
        password = getpass.getpass("Password (12+ characters): ")
        if password != getpass.getpass("Again: "):
            raise CommandError("The passwords did not match; nothing was created.")
        user = User(email=email, full_name=name, discipline=Discipline.SECURITY_OFFICER)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            audit_record(
                actor=None,
                action=Action.USER_CREATED,
                target=user,
                new={
                    "email": email,
                    "discipline": user.discipline,
                    "via": "create_security_officer",
                },
            )
        self.stdout.write(self.style.SUCCESS(f"Security officer {email} created."))
