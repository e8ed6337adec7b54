"""Request-wide reads of the access rules."""

from haven.access.rules import levels_read_once


class LevelsOncePerRequestMiddleware:
    """Each user's role levels are read from the matrix once per request, however many
    pages parts, panels and checks ask for them (haven.access.rules.levels_read_once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with levels_read_once():
            return self.get_response(request)
