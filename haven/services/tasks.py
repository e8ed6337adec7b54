"""Appointment reminders, sent by Django's task framework after the request commits.

The message names the provider, the date and the time, and nothing else: not the child's
name, not the kind of service (a mental-health or medical appointment stays private if
someone else reads the caregiver's mail). The rule is checked again at send time, since
the parties may have changed since the reminder was queued.
"""

from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from haven.services import rules
from haven.services.models import Channel, Reminder, ReminderStatus

TEXT = {
    "en": {
        "subject": "Appointment reminder",
        "body": (
            "Hello {name},\n\nThis is a reminder of an appointment at {provider} on {day} "
            "at {time}.\n\nIf you need to change it, please call {provider}.\n"
        ),
    },
    "es": {
        "subject": "Recordatorio de cita",
        "body": (
            "Hola {name}:\n\nLe recordamos que tiene una cita en {provider} el {day} "
            "a las {time}.\n\nSi necesita cambiarla, llame a {provider}.\n"
        ),
    },
}


def reminder_message(reminder: Reminder) -> tuple[str, str]:
    text = TEXT[reminder.language]
    when = timezone.localtime(reminder.appointment_at)
    body = text["body"].format(
        name=reminder.recipient.first_name,
        provider=reminder.referral.provider.name,
        day=when.strftime("%d/%m/%Y" if reminder.language == "es" else "%m/%d/%Y"),
        time=when.strftime("%H:%M"),
    )
    return text["subject"], body


@task
def send_reminder(reminder_id: str) -> str:
    from haven.services.selectors import reminder_parties
    from haven.services.services import reminder_mark
    from haven.services.sms import sms_sender

    reminder = Reminder.objects.select_related(
        "recipient", "referral__provider", "referral__case__child"
    ).get(public_id=reminder_id)
    if reminder.status != ReminderStatus.QUEUED:
        return reminder.status
    case = reminder.referral.case
    parties = reminder_parties(case)
    refusal = rules.reminder_refusal(
        recipient=reminder.recipient,
        child=case.child,
        caregivers=parties.caregivers,
        offenders=parties.offenders,
        channel=reminder.channel,
    )
    if refusal:
        return reminder_mark(reminder, sent=False, failure=refusal).status
    subject, body = reminder_message(reminder)
    try:
        if reminder.channel == Channel.EMAIL:
            send_mail(subject, body, None, [reminder.recipient.email])
        else:
            sender = sms_sender()
            if sender is None:
                return reminder_mark(reminder, sent=False, failure="No SMS provider").status
            sender.send(to=reminder.recipient.phone, body=body)
    except Exception as error:  # the send failed: record it, never lose the request
        return reminder_mark(reminder, sent=False, failure=type(error).__name__).status
    return reminder_mark(reminder, sent=True).status
