from allauth.account.adapter import DefaultAccountAdapter


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by a security officer; there is no public sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False
