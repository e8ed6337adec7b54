import re


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


def test_each_role_sees_the_entries_its_work_needs(cast, client_for):
    def entries(user):
        page = client_for(user).get("/").content.decode()
        return {
            title: href
            for href, title in re.findall(
                r'<a class="usa-nav-link[^"]*" href="([^"]+)"><span>([^<]+)</span>', page
            )
        }

    dcf, detective, coordinator = (
        entries(cast.dcf_worker),
        entries(cast.detective),
        entries(cast.coordinator),
    )
    assert dcf["Screening"] == "/screening/" and detective["Screening"] == "/screening/"
    assert "Screening" not in entries(cast.therapist)
    # The coordinator's reports open on the centre's dashboard; a detective's on the NCA
    # statistics, counting only the cases they may see.
    assert coordinator["Reports"] == "/insights/" and detective["Reports"] == "/insights/nca/"
    assert "Reports" not in entries(cast.trainer)
    assert {"Interviews", "Training"} <= set(dcf)
