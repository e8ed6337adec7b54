import cProfile, pstats, time
from rest_framework.test import APIClient

def test_prof(cast, issue):
    _, raw = issue(cast.detective)
    c = APIClient(); c.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    c.get("/api/v1/me/")
    t=time.perf_counter(); c.get("/api/v1/me/"); print("me", time.perf_counter()-t)
    pr = cProfile.Profile(); pr.enable()
    for _ in range(3): c.get("/api/v1/me/")
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
