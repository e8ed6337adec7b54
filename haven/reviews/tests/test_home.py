"""An action item's owner sees it on their home page (haven/core/home.py)."""

import pytest

from haven.core.home import home_panels


@pytest.mark.django_db
def test_the_home_page_leaves_out_action_items_when_there_are_none(cast, client_for):
    page = client_for(cast.detective).get("/")
    assert page.status_code == 200
    assert "Your action items from case reviews" not in page.content.decode()


def test_home_panels_render_only_panels_with_something_to_show(rf, monkeypatch):
    from haven.core import home

    monkeypatch.setattr(home, "_PANELS", {})
    home.register_home_panel(
        home.HomePanel(
            key="a", title="A", template="reviews/_my_actions.html", context=lambda request: None
        )
    )
    assert home_panels(rf.get("/")) == []
