def test_home_greets_the_signed_in_user_by_role(cast, client_for):
    response = client_for(cast.detective).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Luis" in body
    assert "Law enforcement" in body
    assert "New Haven Police" in body


def test_apps_add_their_entries_to_the_navigation_marked_current_where_you_are(cast, client_for):
    page = client_for(cast.detective).get("/interviews/").content.decode()
    assert '<a class="usa-nav-link usa-current" href="/interviews/"><span>Interviews</span>' in page
    home = client_for(cast.detective).get("/").content.decode()
    assert '<a class="usa-nav-link" href="/interviews/"><span>Interviews</span>' in home
