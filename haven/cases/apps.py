from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "haven.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # A merge of two people moves these links (haven/people/links.py).
        from haven.cases.models import Allegation, Case, Party
        from haven.people.links import register_person_link

        register_person_link(Party, "person", unique_with=("referral_id", "role"))
        register_person_link(Case, "child")
        register_person_link(Allegation, "victim")
        # The name search rows copy people's name keys (models.CaseName).
        from haven.cases.services import case_names_refresh_for_people
        from haven.people.links import register_names_listener

        register_names_listener(case_names_refresh_for_people)

        # "My open cases" at the top of everyone's home page (NCAtrak's convention).
        from django.utils.translation import gettext_lazy as _

        from haven.core.home import HomePanel, register_home_panel

        register_home_panel(
            HomePanel(
                key="my-cases",
                title=_("Your open cases"),
                template="cases/_home_mine.html",
                context=_home_mine,
                order=5,
            )
        )

        # The security officer's review list of likely duplicates (security issue 18).
        from haven.core.nav import NavItem, register_nav

        register_nav(
            NavItem(
                "duplicates",
                _("Duplicates"),
                "people:duplicate_reviews",
                "/people/duplicates/",
                90,
                shown_to=_reviews_duplicates,
            )
        )


def _reviews_duplicates(user, levels) -> bool:
    from haven.access.rules import Capability, has_capability

    return has_capability(user, Capability.REVIEW_DUPLICATES)


HOME_CASES = 5


def _home_mine(request):
    """The user's newest open assigned cases; the list is an audited access like the case
    list's. None (no panel) for a user with no open assignment."""
    from haven.audit.models import Action, Kind
    from haven.audit.services import audit_record
    from haven.cases import selectors
    from haven.cases.models import CaseStatus

    cases = list(
        selectors.case_list(request.user, mine=True, status=CaseStatus.OPEN)[: HOME_CASES + 1]
    )
    if not cases:
        return None
    shown = cases[:HOME_CASES]
    audit_record(
        actor=request.user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_type="cases.case",
        object_label="home: your open cases",
        request=request,
        new={"cases": [str(c.public_id) for c in shown]},
    )
    return {"cases": shown, "more": len(cases) > HOME_CASES}
