"""Reads of staff accounts."""

from django.db.models import Exists, OuterRef, QuerySet

from haven.accounts.lockout import locked_attempts
from haven.accounts.models import User


def staff_list(*, query: str = "", discipline: str = "", active: str = "") -> QuerySet[User]:
    users = User.objects.select_related("agency").annotate(
        locked=Exists(locked_attempts().filter(username=OuterRef("email")))
    )
    if query:
        users = users.filter(full_name__icontains=query) | users.filter(email__icontains=query)
    if discipline:
        users = users.filter(discipline=discipline)
    if active == "active":
        users = users.filter(is_active=True)
    elif active == "disabled":
        users = users.filter(is_active=False)
    return users.order_by("full_name")


def staff_get(public_id) -> User:
    return User.objects.select_related("agency", "personnel").get(public_id=public_id)
