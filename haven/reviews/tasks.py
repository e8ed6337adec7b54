"""Action-item reminders, by Django's task framework.

An owner is reminded `rules.REMINDER_DAYS_BEFORE` days before an open action item is due.
The email names the case number, the meeting and the due date, and nothing of the child:
mail leaves Haven. The rule is checked again at send time (done, cancelled, already
reminded: nothing is sent). `remind_due_action_items` is the daily sweep that catches
items whose queued reminder was lost.
"""

import datetime

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from haven.reviews import rules
from haven.reviews.models import ActionItem, ActionStatus

SUBJECT = "Haven: case-review action item due {day}"
BODY = (
    "Hello {name},\n\nAn action item from the {meeting} meeting on case {number} is due on "
    "{day}.\n\nSee your Haven home page for the details.\n"
)


def reminder_message(action: ActionItem) -> tuple[str, str]:
    day = action.due_on.strftime("%B %-d, %Y")
    meeting = action.item.meeting
    return SUBJECT.format(day=day), BODY.format(
        name=action.owner.get_short_name(),
        meeting=meeting.meeting_type.name,
        number=action.case.number,
        day=day,
    )


def _should_remind(action: ActionItem, today) -> bool:
    return (
        action.status == ActionStatus.OPEN
        and action.reminded_at is None
        and action.owner.is_active
        and rules.reminder_due_on(action.due_on) <= today
    )


def _send(action: ActionItem) -> bool:
    from haven.reviews.services import action_item_mark_reminded

    if not _should_remind(action, timezone.localdate()):
        return False
    subject, body = reminder_message(action)
    send_mail(subject, body, None, [action.owner.email])
    action_item_mark_reminded(action)
    return True


def _actions():
    return ActionItem.objects.select_related("owner", "case", "item__meeting__meeting_type")


@task
def remind_action_item(action_id: str) -> bool:
    action = _actions().filter(public_id=action_id).first()
    return action is not None and _send(action)


@task
def remind_due_action_items() -> int:
    """Run daily: every open action item whose reminder day has come and went unsent."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=rules.REMINDER_DAYS_BEFORE)
    due = _actions().filter(status=ActionStatus.OPEN, reminded_at__isnull=True, due_on__lte=horizon)
    return sum(1 for action in due if _send(action))
