"""Issue, list and revoke personal API tokens from the server's shell.

    manage.py api_token create <email> [--name NAME] [--days N] [--scope read|read_write]
    manage.py api_token list <email>
    manage.py api_token revoke <token-id>

Run by the server's operator, who already holds the database: issuing uses
`token_create_by_operator` (audited as token.created_by_operator, with no actor),
the one path that issues a token for someone else; nothing on the web or the API
reaches it. Revocation is audited with no actor. The raw token is printed once,
on creation, and is never stored.
"""

import argparse
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from haven.accounts.models import User
from haven.api.models import ApiToken, Scope
from haven.api.tokens import DEFAULT_DAYS, MAX_DAYS, token_create_by_operator, token_revoke
from haven.core.errors import HavenError

DEFAULT_NAME = "Issued with manage.py api_token"


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days from 1 to {MAX_DAYS}, not {value!r}."
        ) from None
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of days from 1 to {MAX_DAYS}, not {days}."
        )
    return days


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z") if moment else "-"


class Command(BaseCommand):
    help = "Issue, list or revoke a staff member's personal API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="Issue a token; the raw token is printed once.")
        create.add_argument("email", help="The staff member's email address.")
        create.add_argument("--name", default=DEFAULT_NAME, help="What will use the token.")
        create.add_argument(
            "--days",
            type=_days,
            default=DEFAULT_DAYS,
            help=f"Days until it expires, 1 to {MAX_DAYS} (default {DEFAULT_DAYS}).",
        )
        create.add_argument(
            "--scope",
            choices=Scope.values,
            default=Scope.READ,
            help="read (the default: GET only) or read_write.",
        )
        listing = sub.add_parser("list", help="List a staff member's tokens.")
        listing.add_argument("email", help="The staff member's email address.")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id (from `list`).")
        revoke.add_argument("token_id", help="The token's id, a UUID.")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            self._create(options["email"], options["name"], options["days"], options["scope"])
        elif action == "list":
            self._list(options["email"])
        else:
            self._revoke(options["token_id"])

    @staticmethod
    def _user(email: str) -> User:
        try:
            return User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(
                f"No staff account has the email {email!r}. Check the address, or create "
                "the account first."
            ) from None

    def _create(self, email: str, name: str, days: int, scope: str) -> None:
        user = self._user(email)
        try:
            token, raw = token_create_by_operator(user=user, name=name, days=days, scope=scope)
        except HavenError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Token {token.public_id} for {user.email} ({token.name}, "
            f"{token.get_scope_display().lower()}), expires {_when(token.expires_at)}."
        )
        self.stdout.write("Copy it now: Haven keeps only its hash and cannot show it again.")
        self.stdout.write(raw)

    def _list(self, email: str) -> None:
        user = self._user(email)
        tokens = list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))
        if not tokens:
            self.stdout.write(f"{user.email} has no API tokens.")
            return
        now = timezone.now()
        rows = [("ID", "PREFIX", "NAME", "SCOPE", "EXPIRES", "REVOKED")]
        for t in tokens:
            expires = _when(t.expires_at) + (" (expired)" if t.expires_at <= now else "")
            rows.append((str(t.public_id), t.prefix, t.name, t.scope, expires, _when(t.revoked_at)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]))

    def _revoke(self, token_id: str) -> None:
        try:
            public_id = uuid.UUID(token_id.strip())
        except ValueError:
            raise CommandError(
                f"{token_id!r} is not a token id. Use the ID column of `api_token list <email>`."
            ) from None
        token = ApiToken.objects.select_related("user").filter(public_id=public_id).first()
        if token is None:
            raise CommandError(
                f"No token has the id {public_id}. Use the ID column of `api_token list <email>`."
            )
        if token.revoked_at is not None:
            self.stdout.write(
                f"Token {token.public_id} ({token.prefix}…) was already revoked on "
                f"{_when(token.revoked_at)}."
            )
            return
        token = token_revoke(actor=None, token=token)
        self.stdout.write(
            self.style.SUCCESS(
                f"Revoked token {token.public_id} ({token.prefix}…) of {token.user.email}."
            )
        )
