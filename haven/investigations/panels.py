"""The case page's sections for investigations, prosecution and trafficking details."""


def register() -> None:
    pass
