from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "haven.screening"
    label = "screening"
    verbose_name = "Trafficking identification and routing"

    def ready(self) -> None:
        # The triage queue on the home page of DCF, law enforcement and the coordinator
        # (haven/core/home.py); left out when nothing waits. Encounters are linked from it.
        from django.utils.translation import gettext_lazy as _

        from haven.cases.selectors import register_held_people
        from haven.core.home import HomePanel, register_home_panel
        from haven.core.nav import NavItem, register_nav
        from haven.screening.selectors import people_at_encounters, people_at_visible_encounters

        # A person met at an encounter is found in people search only by those who may
        # read one of her encounters (security issue 18, item 4), not by every centre.
        register_held_people(people_at_encounters, people_at_visible_encounters)

        register_nav(
            NavItem(
                "screening",
                _("Screening"),
                "screening:queue",
                "/screening/",
                order=30,
                shown_to=_sees_screening,
            )
        )

        register_home_panel(
            HomePanel(
                key="screening-queue",
                title=_("Trafficking reports awaiting triage"),
                template="screening/_home_queue.html",
                context=_home_context,
                order=15,
            )
        )


def _sees_screening(user, levels) -> bool:
    """services.may_triage or may_record_encounter, from the page's one read of the matrix."""
    from haven.access.models import Level, Section
    from haven.accounts.disciplines import Discipline
    from haven.screening.services import TRIAGERS

    if user.discipline not in TRIAGERS:
        return False
    level = levels()[Section.SCREENING]
    return level >= Level.VIEW or (
        user.discipline == Discipline.LAW_ENFORCEMENT and level >= Level.EDIT
    )


def _home_context(request):
    from haven.screening import selectors, services

    user = request.user
    if not services.may_triage(user):
        return None
    rows = selectors.triage_queue(user)
    if not rows and not services.may_record_encounter(user):
        return None
    return {
        "waiting": len(rows),
        "overdue": sum(1 for r in rows if r.overdue),
        "may_encounter": services.may_record_encounter(user),
    }
