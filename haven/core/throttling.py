"""The API's throttles, keyed by the client address from haven.core.net.

DRF's own get_ident believes any X-Forwarded-For header (a new header each time is a
new client); these read the address the same way as the rest of Haven.
"""

from rest_framework import throttling

from haven.core.net import client_address


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request) or ""


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass
