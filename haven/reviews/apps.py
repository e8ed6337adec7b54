from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "haven.reviews"
    label = "reviews"
    verbose_name = "Case review"

    def ready(self) -> None:
        # The case page's "Case reviews" panel, open work and timeline sections
        # (haven/cases/panels.py, hooks.py); cases never imports this app.
        from haven.access.models import Section
        from haven.cases.hooks import register_event_section, register_open_work
        from haven.reviews import panels, selectors

        panels.register()

        from django.utils.translation import gettext_lazy as _

        from haven.teams.links import TeamLink, register_team_link

        register_team_link(
            TeamLink("reviews", _("Case review meetings"), "reviews:team_reviews", order=10)
        )

        from haven.core.daily import register_daily
        from haven.reviews.tasks import remind_due_action_items

        register_daily(
            "review_action_reminders",
            "remind owners of case-review action items coming due",
            remind_due_action_items,
        )
        register_open_work(selectors.open_action_work)
        for object_type in (
            "reviews.agendaitem",
            "reviews.recommendation",
            "reviews.actionitem",
        ):
            register_event_section(object_type, Section.REVIEWS)

        # The owner's open action items on the home page.
        from django.utils.translation import gettext_lazy as _

        from haven.core.home import HomePanel, register_home_panel

        register_home_panel(
            HomePanel(
                key="action-items",
                title=_("Your action items from case reviews"),
                template="reviews/_my_actions.html",
                context=lambda request: (
                    {"actions": items}
                    if (items := selectors.my_action_items(request.user))
                    else None
                ),
                order=20,
            )
        )
