"""The one exception type for domain errors.

A service raises `HavenError` when a user asked for something Haven must refuse.
The message is written for the user; `citation` names the statute when a legal
rule is the reason. Views turn it into a form error, the API into a 400 (or the
given status) problem document.
"""


class HavenError(Exception):
    def __init__(
        self,
        message: str,
        *,
        citation: str = "",
        field: str | None = None,
        status: int = 400,
        code: str = "invalid",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.citation = citation
        self.field = field
        self.status = status
        self.code = code

    def __str__(self) -> str:
        if self.citation:
            return f"{self.message} ({self.citation})"
        return self.message


def full_clean_or_refuse(instance, *, exclude=None) -> None:
    """Run the model's validation; turn the first problem into a HavenError on its field."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise HavenError(" ".join(messages), field=None if field == "__all__" else field) from None
