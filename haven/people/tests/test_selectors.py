"""Finding people again: likely duplicates before creating one, and name search."""

import datetime

import pytest

from haven.people.selectors import MATCH_THRESHOLD, likely_matches, people_named
from haven.people.services import person_merge

D = datetime.date


def names(people) -> set[str]:
    return {p.full_name for p in people}


def matched(matches) -> list[str]:
    return [m.person.full_name for m in matches]


# --- likely_matches ---------------------------------------------------------


def test_likely_matches_finds_the_same_person_typed_without_accents_or_capitals(add_person):
    jose = add_person("José", "Núñez")
    matches = likely_matches(first_name="jose", last_name="NUNEZ")
    assert [m.person for m in matches] == [jose]
    assert "same name" in matches[0].reasons


def test_likely_matches_finds_a_person_by_sound(add_person):
    john = add_person("John", "Smith")
    matches = likely_matches(first_name="Jon", last_name="Smyth")
    assert [m.person for m in matches] == [john]
    assert "sounds alike" in matches[0].reasons
    assert "same name" not in matches[0].reasons


def test_likely_matches_finds_kathryn_when_catherine_is_typed(add_person):
    add_person("Kathryn", "Smith")
    assert matched(likely_matches(first_name="Catherine", last_name="Smith")) == ["Kathryn Smith"]


def test_likely_matches_ranks_an_equal_date_of_birth_higher(add_person):
    add_person("John", "Smith", date_of_birth=D(2001, 1, 1))
    twin = add_person("Jon", "Smith", date_of_birth=D(2015, 4, 2))
    matches = likely_matches(first_name="John", last_name="Smith", date_of_birth=D(2015, 4, 2))
    assert matches[0].person == twin
    assert "same date of birth" in matches[0].reasons
    assert matches[0].score > 1.0


def test_likely_matches_raises_a_date_of_birth_within_a_year(add_person):
    add_person("John", "Smith", date_of_birth=D(2015, 4, 2))
    near = likely_matches(first_name="John", last_name="Smith", date_of_birth=D(2015, 9, 30))
    plain = likely_matches(first_name="John", last_name="Smith")
    assert near[0].score > plain[0].score
    assert "date of birth within a year" in near[0].reasons


def test_likely_matches_lowers_the_score_for_a_far_date_of_birth(add_person):
    add_person("Jon", "Smith", date_of_birth=D(2015, 4, 2))
    without_dob = likely_matches(first_name="John", last_name="Smith")
    far = likely_matches(first_name="John", last_name="Smith", date_of_birth=D(1980, 4, 2))
    assert without_dob and without_dob[0].score >= MATCH_THRESHOLD
    # 0.2 lower, which takes a mere spelling variant below the threshold.
    assert far == []


def test_likely_matches_ignores_a_different_name(add_person):
    add_person("Maria", "Garcia")
    assert likely_matches(first_name="John", last_name="Smith") == []


def test_likely_matches_never_offers_a_merged_person(cast, add_person):
    kept = add_person("José", "Núñez")
    duplicate = add_person("Jose", "Nunez")
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    assert [m.person for m in likely_matches(first_name="José", last_name="Núñez")] == [kept]


def test_likely_matches_respects_the_limit(add_person):
    for first in ("John", "Jon", "Johnny", "Jonn"):
        add_person(first, "Smith")
    assert len(likely_matches(first_name="John", last_name="Smith", limit=2)) == 2


def test_likely_matches_finds_the_duplicate_among_more_namesakes_than_it_reads(add_person):
    # More people whose last name sounds like Smith than likely_matches reads (a common
    # name in a statewide database), all created before the child typed in again.
    from haven.people.models import Person
    from haven.people.names import phonetic, sort_key
    from haven.people.selectors import MAX_CANDIDATES

    firsts = ["Aaron", "Beth", "Carl", "Dora", "Evan", "Faye", "Gus", "Hana", "Ivan", "Joy"]
    Person.objects.bulk_create(
        Person(
            first_name=f"{firsts[i % 10]}{i}",
            last_name=("Smith", "Smyth", "Smithe")[i % 3],
            sort_name=sort_key(f"{firsts[i % 10]}{i}", "Smith"),
            last_phonetic=phonetic("Smith"),
            first_phonetic=phonetic(f"{firsts[i % 10]}{i}"),
        )
        for i in range(MAX_CANDIDATES + 100)
    )
    add_person("Zelda", "Smith", date_of_birth=D(2015, 4, 2))
    found = likely_matches(first_name="Zelda", last_name="Smyth", date_of_birth=D(2015, 4, 2))
    assert matched(found)[:1] == ["Zelda Smith"]


def test_likely_matches_with_an_unpronounceable_last_name_falls_back_to_the_prefix(add_person):
    # Metaphone gives '' for a name of punctuation only; the search then uses sort_name.
    assert likely_matches(first_name="John", last_name="-") == []


def test_likely_matches_finds_a_polish_name_typed_without_its_accents(add_person):
    add_person("Łukasz", "Wałęsa")
    assert matched(likely_matches(first_name="Lukasz", last_name="Walesa")) == ["Łukasz Wałęsa"]


# --- people_named -----------------------------------------------------------


@pytest.fixture
def directory(add_person):
    return {
        "jose": add_person("José", "Núñez"),
        "john": add_person("John", "Smith"),
        "mary": add_person("Mary", "Smithers"),
        "kate": add_person("Kathryn", "O'Brien"),
        "other": add_person("Maria", "Garcia"),
    }


def test_people_named_finds_by_first_then_last(directory):
    assert names(people_named("José Núñez")) == {"José Núñez"}


def test_people_named_finds_by_last_then_first(directory):
    assert names(people_named("nunez jose")) == {"José Núñez"}


def test_people_named_finds_by_a_prefix_of_the_last_name(directory):
    assert names(people_named("smi")) == {"John Smith", "Mary Smithers"}


def test_people_named_finds_by_a_prefix_of_last_then_first(directory):
    assert names(people_named("Smith J")) == {"John Smith"}


def test_people_named_finds_by_the_sound_of_the_last_name(directory):
    assert "John Smith" in names(people_named("Smyth"))
    assert "John Smith" in names(people_named("Jon Smyth"))


def test_people_named_by_a_full_name_keeps_only_namesakes_whose_first_name_fits(
    directory, add_person
):
    add_person("Walter", "Smyth")
    # "Jon Smyth" sounds like John Smith; Walter Smyth and Mary Smithers do not fit.
    assert names(people_named("Jon Smyth")) == {"John Smith"}


def test_people_named_finds_an_apostrophe_last_name_typed_with_or_without_it(directory):
    assert names(people_named("O'Brien")) == {"Kathryn O'Brien"}
    assert names(people_named("o brien")) == {"Kathryn O'Brien"}
    assert names(people_named("OBrien")) == {"Kathryn O'Brien"}


def test_people_named_finds_first_then_a_last_name_of_two_words(directory, add_person):
    add_person("Ana", "Smith-Jones")
    add_person("Lucía", "García López")
    assert names(people_named("Kathryn O'Brien")) == {"Kathryn O'Brien"}
    assert names(people_named("Ana Smith-Jones")) == {"Ana Smith-Jones"}
    assert names(people_named("Lucia Garcia Lopez")) == {"Lucía García López"}


def test_people_named_with_nothing_to_search_finds_no_one(directory):
    assert list(people_named("")) == []
    assert list(people_named("  '- ")) == []


def test_people_named_never_returns_merged_people(cast, add_person):
    kept = add_person("José", "Núñez")
    duplicate = add_person("Jose", "Nunez", date_of_birth=D(2016, 5, 4))
    person_merge(actor=cast.security_officer, keep=kept, duplicate=duplicate)
    for query in ("jose nunez", "nunez", "nun", "Núñez José"):
        assert list(people_named(query)) == [kept], query


@pytest.mark.django_db
def test_people_named_finds_a_double_last_name_from_its_first_part_and_the_first_name(cast):
    from haven.people.selectors import people_named
    from haven.people.services import person_create

    sofia = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Sofía", last_name="Martínez-Ruiz"
    )
    person_create(actor=cast.intake, confirmed_new=True, first_name="Ángel", last_name="Martinez")
    assert sofia in list(people_named("sofia martinez"))


@pytest.mark.django_db
def test_name_prefixes_have_an_index_on_postgresql_too():
    # PostgreSQL's linguistic collation keeps its plain index from serving LIKE 'smith j%';
    # migration people 0002 adds a pattern-ops index there.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's binary collation serves prefixes from the plain index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'person_sort_name_pattern'"
        )
        (definition,) = cursor.fetchone()
    assert "varchar_pattern_ops" in definition


@pytest.mark.django_db
def test_the_short_name_key_is_kept_by_the_services_and_serves_the_double_last_name(cast):
    from haven.people.selectors import people_named
    from haven.people.services import person_create, person_update

    sofia = person_create(
        actor=cast.intake, confirmed_new=True, first_name="Sofía", last_name="Martínez Ruiz"
    )
    assert sofia.short_name == "martinez sofia"
    sofia = person_update(actor=cast.intake, person=sofia, last_name="Ortiz-Báez")
    assert sofia.short_name == "ortiz sofia"
    assert sofia in list(people_named("Sofia Ortiz"))
    assert sofia not in list(people_named("Sofia Martinez"))


def test_with_many_exact_namesakes_the_check_reads_only_those_and_ranks_the_same(
    add_person, django_assert_max_num_queries
):
    # Ten people named exactly John Smith fill the list; a "Jon Smith" can only score
    # lower without a date of birth, so reading just the exact namesakes loses nothing.
    exact = {add_person("John", "Smith").pk for _ in range(10)}
    add_person("Jon", "Smith")
    with django_assert_max_num_queries(1):
        matches = likely_matches(first_name="John", last_name="Smith")
    assert {m.person.pk for m in matches} == exact
    assert all(m.score == 1.0 for m in matches)


def test_a_birth_date_still_lifts_a_similar_name_above_many_exact_namesakes(add_person):
    for _ in range(10):
        add_person("John", "Smith")  # no date of birth on record
    born = D(2014, 6, 1)
    jon = add_person("Jon", "Smith", date_of_birth=born)
    away = add_person("John", "Smith", date_of_birth=D(2009, 1, 1))
    matches = likely_matches(first_name="John", last_name="Smith", date_of_birth=born)
    assert matches[0].person == jon and "same date of birth" in matches[0].reasons
    assert away not in [m.person for m in matches]  # born five years apart
    assert len(matches) == 10
