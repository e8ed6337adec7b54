from django.conf import settings

from haven.access.rules import Capability, has_capability
from haven.core.nav import nav_items


def haven(request):
    user = getattr(request, "user", None)
    nav, items = {}, []
    if user is not None and user.is_authenticated:
        nav = {c.value: has_capability(user, c) for c in Capability}
        items = nav_items(request)
    return {
        "HAVEN_ENV": settings.HAVEN_ENV,
        "HAVEN_REQUIRE_MFA": settings.HAVEN_REQUIRE_MFA,
        "session_idle_seconds": settings.HAVEN_SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.HAVEN_SESSION_WARNING_SECONDS,
        # How long a sign-in lock lasts (passwords and codes), for the pages that say so.
        "lockout_minutes": int(settings.HAVEN_LOCKOUT_COOLOFF.total_seconds() // 60),
        "nav": nav,
        "nav_items": items,
    }
