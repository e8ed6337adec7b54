from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from haven.core.net import client_address


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by a security officer; there is no public sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """allauth's rate limits (sign-ins per address) count the same address as the rest
        of Haven (haven.core.net), not allauth's own reading of proxy headers."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address.")
        return address
