"""Rules about people: age, minority (Gen. Stat. § 17a-106a: 'minor child' means under 18)."""

import datetime

CITATION_MINOR = "Gen. Stat. § 17a-106a"


def age_on(person, day: datetime.date) -> int | None:
    if person.date_of_birth:
        dob = person.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    if person.estimated_age is not None and person.estimated_age_on:
        years = (
            day.year
            - person.estimated_age_on.year
            - ((day.month, day.day) < (person.estimated_age_on.month, person.estimated_age_on.day))
        )
        return person.estimated_age + max(0, years)
    if person.estimated_age is not None:
        return person.estimated_age
    return None


def is_minor(person, *, on: datetime.date) -> bool | None:
    """Under 18 on `on` (None if the age is unknown)."""
    age = age_on(person, on)
    return None if age is None else age < 18
