"""What the name search rows (cases.models.CaseName) should hold, worked out from the
parties the slow way, for tests to compare with what the services and the demo wrote."""

from haven.cases.models import Case, CaseName
from haven.people.models import NAME_KEY_FIELDS

FIELDS = ("case_id", "cac_id", "team_id", "received_on", *NAME_KEY_FIELDS)


def expected_rows() -> set[tuple]:
    rows = set()
    for case in Case.objects.select_related("referral").prefetch_related(
        "referral__parties__person"
    ):
        for party in case.referral.parties.all():
            keys = tuple(getattr(party.person, name) for name in NAME_KEY_FIELDS)
            rows.add((case.id, case.cac_id, case.team_id, case.received_on, *keys))
    return rows


def stored_rows() -> list[tuple]:
    return list(CaseName.objects.values_list(*FIELDS))


def assert_rows_mirror_the_parties() -> None:
    stored = stored_rows()
    assert len(stored) == len(set(stored)), "a name row is written twice"
    expected = expected_rows()
    assert set(stored) == expected, {
        "missing": sorted(expected - set(stored))[:5],
        "extra": sorted(set(stored) - expected)[:5],
    }
