"""A scheduled interview is open work when the case closes (haven.cases.hooks), and
interview changes reach the case timeline only for the interview section's readers."""

import pytest

from haven.cases.selectors import case_timeline
from haven.cases.services import case_close
from haven.core.errors import HavenError


def test_closing_a_case_with_a_scheduled_interview_lists_it(cast, world, schedule):
    schedule()
    with pytest.raises(HavenError) as refused:
        case_close(actor=cast.coordinator, case=world.case, reason="family_declined")
    assert refused.value.code == "open_work"
    assert "forensic interview is still scheduled" in refused.value.message


def test_an_interview_shows_on_the_timeline_of_the_interview_sections_readers_only(
    cast, world, schedule
):
    schedule()
    assert "interviews.interview" in [
        e.object_type for e in case_timeline(cast.coordinator, world.case)
    ]
    # The therapist's role has no view on the forensic-interview section.
    assert "interviews.interview" not in [
        e.object_type for e in case_timeline(cast.therapist, world.case)
    ]
