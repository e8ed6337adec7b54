"""Finding people: likely duplicates before creating one, and name search."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from haven.people.models import Person
from haven.people.names import fold, phonetic, similarity, sort_key

MATCH_THRESHOLD = 0.85
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    reasons: tuple[str, ...]


def _prefix_range(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`.

    On SQLite (binary collation) a range that an index serves. PostgreSQL compares text
    by the database's linguistic collation, where spaces may not count, so a range is
    wrong there: use LIKE 'prefix%' instead.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "\uffff"})


def _namesakes(people: QuerySet[Person], named: Q, wanted: str, limit: int) -> list[Person]:
    """The candidates among `people` whose score cannot depend on a date of birth.

    Their best possible score is an exact name's. So when at least `limit` of them have
    exactly the name typed, those are a full top `limit` and nobody else can outrank them:
    read just those, through the name index. This keeps the check's cost flat as namesakes
    multiply ("John Smith" among a million people); otherwise read every candidate."""
    exact = list(people.filter(sort_name=wanted)[:limit])
    if len(exact) == limit:
        return exact
    return list(people.filter(named)[:MAX_CANDIDATES])


def likely_matches(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    limit: int = 10,
) -> list[Match]:
    """People who may be this person: same or similar name (accents, case, spelling and sound
    ignored), ranked higher when the date of birth is equal or within a year."""
    last_code = phonetic(last_name)
    first_code = phonetic(first_name)
    last, first = fold(last_name), fold(first_name)
    wanted = sort_key(first_name, last_name)
    # Candidates, each test served by an index: the last name spelled the same with the same
    # first initial, or both names sounding alike. With a million people, "sounds like
    # Smith" alone is tens of thousands of rows, and a cut at MAX_CANDIDATES would drop the
    # real duplicate; these narrower tests keep the candidates few and the duplicate in.
    tests = [_prefix_range("sort_name", f"{last} {first[:1]}".strip())]
    if last_code:
        tests.append(Q(last_phonetic=last_code, first_phonetic=first_code))
    else:
        tests.append(_prefix_range("sort_name", last[:3]))
    named = tests[0] | tests[1]
    people = Person.objects.filter(merged_into__isnull=True)
    if date_of_birth:
        # With a date of birth typed, someone born more than a year apart can never reach
        # the threshold (see the scoring below): read only those born within a year, which
        # the (name or sound, date of birth) indexes find directly, and those with no date
        # of birth on record.
        year = datetime.timedelta(days=366)
        born_near = Q(
            date_of_birth__gte=date_of_birth - year, date_of_birth__lte=date_of_birth + year
        )
        # Each name test with the date range beside it, so that each is one index range
        # (SQLite otherwise skip-scans the whole name index for the dates: measured
        # 1,200,000 steps against 20,000 at a million cases).
        pools = [
            people.filter((tests[0] & born_near) | (tests[1] & born_near))[:MAX_CANDIDATES],
            _namesakes(people.filter(date_of_birth__isnull=True), named, wanted, limit),
        ]
    else:
        pools = [_namesakes(people, named, wanted, limit)]
    seen = set()
    candidates = []
    for pool in pools:
        for person in pool:
            if person.pk not in seen:
                seen.add(person.pk)
                candidates.append(person)
    matches = []
    for person in candidates:
        name_score = similarity(wanted, person.sort_name)
        first_sound = phonetic(first_name) == person.first_phonetic
        reasons = []
        if person.sort_name == wanted:
            reasons.append("same name")
        elif name_score >= MATCH_THRESHOLD:
            reasons.append("similar name")
        if person.last_phonetic == last_code and first_sound:
            reasons.append("sounds alike")
        score = name_score
        if date_of_birth and person.date_of_birth:
            gap = abs((person.date_of_birth - date_of_birth).days)
            if gap == 0:
                score += 0.3
                reasons.append("same date of birth")
            elif gap <= 366:
                score += 0.1
                reasons.append("date of birth within a year")
            else:
                score -= 0.2
        if reasons and score >= MATCH_THRESHOLD:
            matches.append(Match(person, round(min(score, 1.3), 3), tuple(reasons)))
    matches.sort(key=lambda m: (-m.score, m.person.sort_name))
    return matches[:limit]


def name_query(query: str, prefix: str = "", *, each: Q | None = None) -> Q | None:
    """A filter for people named `query`: the folded 'last first' starts with the words in
    either order (a last name may have several words), or the last name sounds alike.
    `prefix` puts the filter on a related person ('person__'). `each` is joined to every
    alternative (so that an index led by, say, the centre serves each one). None for an
    empty query. The fields are the person's name keys, or copies of them with the same
    names (the cases' name search rows)."""
    words = fold(query).split()
    if not words:
        return None
    field = f"{prefix}sort_name"
    terms = [_prefix_range(field, " ".join(words))]
    for split in range(1, len(words)):
        last, first = words[split:], words[:split]
        terms.append(_prefix_range(field, f"{' '.join(last)} {' '.join(first)}"))
        # "Sofia Martinez" for Sofía Martínez-Ruiz: the first word of the last name and the
        # first name, through their own index (a scan of every Martínez-something grew
        # with the database).
        if len(last) == 1:
            terms.append(_prefix_range(f"{prefix}short_name", f"{last[0]} {' '.join(first)}"))
        # Both parts by sound ("Jon Smyth" for John Smith), through the person_sound index.
        code, first_code = phonetic(" ".join(last)), phonetic(" ".join(first))
        if code and first_code:
            terms.append(
                Q(**{f"{prefix}last_phonetic": code, f"{prefix}first_phonetic": first_code})
            )
    if len(words) == 1:
        code = phonetic(words[0])
        if code:
            terms.append(Q(**{f"{prefix}last_phonetic": code}))
    q = Q()
    for term in terms:
        q |= term & each if each is not None else term
    return q


def people_named(query: str) -> QuerySet[Person]:
    q = name_query(query)
    if q is None:
        return Person.objects.none()
    return Person.objects.filter(merged_into__isnull=True).filter(q).order_by()
