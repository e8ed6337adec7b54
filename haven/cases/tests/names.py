"""What the name search rows (cases.models.CaseName) should hold, worked out from the
parties the slow way, for tests to compare with what the services and the demo wrote."""

from haven.cases.models import Case, CaseName

FIELDS = (
    "case_id",
    "cac_id",
    "team_id",
    "received_on",
    "sort_name",
    "short_name",
    "last_phonetic",
    "first_phonetic",
)


def expected_rows() -> set[tuple]:
    rows = set()
    for case in Case.objects.select_related("referral").prefetch_related(
        "referral__parties__person"
    ):
        for party in case.referral.parties.all():
            p = party.person
            rows.add(
                (
                    case.id,
                    case.cac_id,
                    case.team_id,
                    case.received_on,
                    p.sort_name,
                    p.short_name,
                    p.last_phonetic,
                    p.first_phonetic,
                )
            )
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
