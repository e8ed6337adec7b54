"""The case page's "Case reviews" section (haven/cases/panels.py): when the case was last
reviewed, when it is next due, and what each meeting said about it. Shown only to a user
whose role may view the case-review section of this case."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.access.models import Section
from haven.cases.panels import CasePanel, register_panel
from haven.reviews import rules, selectors


def case_reviews_context(request, case, level) -> dict:
    today = timezone.localdate()
    items = selectors.case_reviews(case)
    for item in items:
        for action in item.action_items.all():
            action.overdue = rules.is_overdue(
                status=action.status, due_on=action.due_on, today=today
            )
    return {"cadence": selectors.case_cadence(case, today=today), "reviews": items}


def register() -> None:
    register_panel(
        CasePanel(
            key="reviews",
            title=_("Case reviews"),
            section=Section.REVIEWS,
            template="reviews/_case_panel.html",
            context=case_reviews_context,
            order=90,
        )
    )
