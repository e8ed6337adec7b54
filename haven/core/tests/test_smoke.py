def test_home_greets_the_signed_in_user_by_role(cast, client_for):
    response = client_for(cast.detective).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Luis" in body
    assert "Law enforcement" in body
    assert "New Haven Police" in body
