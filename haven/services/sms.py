"""A pluggable text-message interface. No provider is wired: set HAVEN_SMS_SENDER in the
settings to the dotted path of a class implementing `SmsSender`, and reminders may use it.
"""

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsSender(Protocol):
    def send(self, *, to: str, body: str) -> None:
        """Send `body` to the phone number `to`; raise on failure."""


def sms_sender() -> SmsSender | None:
    path = getattr(settings, "HAVEN_SMS_SENDER", "")
    return import_string(path)() if path else None
