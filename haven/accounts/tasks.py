"""Mail about a staff account, sent by Django's task framework after the request commits.

The message says what happened and what to do. It never carries a code, an address or a
link: someone who has the password may also read this mailbox.
"""

import datetime

from django.core.mail import send_mail
from django.tasks import task

from haven.accounts.lockout import unlock_time_text
from haven.accounts.models import User

SECOND_STEP_SUBJECT = "Haven: the second step of your sign-in was locked"
SECOND_STEP_BODY = (
    "Hello {name},\n\n"
    "Someone signed in to Haven with your email address and password, then entered {limit} "
    "wrong codes at the second step (the code from your authenticator app, or a recovery "
    "code). To protect the records in Haven, that step is now locked on your account.\n\n"
    "It unlocks by itself at {until} (Connecticut time). Your CAC's security officer can "
    "release it sooner.\n\n"
    "If this was not you, someone may know your password. Contact your CAC's security "
    "officer now, and change your password as soon as you can sign in.\n\n"
    "This is an automatic message from Haven; please do not reply to it.\n"
)


def second_step_locked_message(user: User, until: datetime.datetime, limit: int) -> tuple:
    body = SECOND_STEP_BODY.format(
        name=user.get_short_name(), limit=limit, until=unlock_time_text(until)
    )
    return SECOND_STEP_SUBJECT, body


@task
def send_second_step_locked(user_id: int, until_iso: str) -> str:
    from django.conf import settings

    user = User.objects.get(pk=user_id)
    subject, body = second_step_locked_message(
        user, datetime.datetime.fromisoformat(until_iso), settings.AXES_FAILURE_LIMIT
    )
    send_mail(subject, body, None, [user.email])
    return "sent"
