"""Reads of staff accounts."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from haven.accounts.lockout import locked_attempts, second_step_locks
from haven.accounts.models import User


def staff_list(*, query: str = "", discipline: str = "", active: str = "") -> QuerySet[User]:
    users = User.objects.select_related("agency").annotate(
        locked=Exists(locked_attempts().filter(username=OuterRef("email"))),
        second_step_locked=Exists(second_step_locks().filter(user=OuterRef("pk"))),
    )
    if query:
        users = users.filter(full_name__icontains=query) | users.filter(email__icontains=query)
    if discipline:
        users = users.filter(discipline=discipline)
    if active == "active":
        users = users.filter(is_active=True)
    elif active == "disabled":
        users = users.filter(is_active=False)
    elif active == "locked":
        users = users.filter(Q(locked=True) | Q(second_step_locked=True))
    return users.order_by("full_name")


def staff_get(public_id) -> User:
    return User.objects.select_related("agency", "personnel").get(public_id=public_id)
