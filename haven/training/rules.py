"""Training rules as plain functions, each with its source.

Sources: the statute summary (mission/ct-statutes-summary.txt, "Training Requirement",
Gen. Stat. §§ 17a-106f(b), 17a-106g, 17a-106h) and shared/reference/ct.json
`training_cadence` (Public Acts 16-71, 17-32, 21-103: refreshers every three years since
2021; school staff within six months of starting employment).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from haven.directory.models import AgencyKind
from haven.training.models import Audience

CITATION = "Gen. Stat. §§ 17a-106f(b), 17a-106g, 17a-106h"
CADENCE_SOURCE = "Public Acts 16-71, 17-32 and 21-103 (ct.json training_cadence)"
REFRESHER_YEARS = 3  # ct.json training_cadence.refresher_years
SCHOOL_FIRST_TRAINING_MONTHS = 6  # ct.json training_cadence.school_staff_first_training
DUE_SOON_DAYS = 90
# A video is watched when its played segments cover it to within this many seconds.
WATCH_TOLERANCE_SECONDS = 2.0
# Played time cannot outrun the clock by more than the fastest playback rate offered.
MAX_PLAYBACK_RATE = 2.0

# Which directory organisations each statutory audience works in.
AUDIENCE_AGENCY_KINDS: dict[str, list[str]] = {
    Audience.LAW_ENFORCEMENT: [AgencyKind.MUNICIPAL_POLICE, AgencyKind.STATE_POLICE],
    Audience.LODGING: [AgencyKind.LODGING],
    Audience.JUDGES: [AgencyKind.COURT],
    Audience.PROSECUTORS: [AgencyKind.STATES_ATTORNEY],
    # "public defenders and other attorneys who represent criminal defendants" (§ 17a-106h)
    Audience.DEFENDERS: [AgencyKind.PUBLIC_DEFENDER, AgencyKind.LAW_FIRM],
    # "hospital emergency room staff and urgent care facility staff": two workplaces.
    Audience.EMERGENCY_ROOM: [AgencyKind.HOSPITAL],
    Audience.URGENT_CARE: [AgencyKind.URGENT_CARE],
    # "persons employed by a local or regional board of education or a constituent unit, as
    # defined in § 10a-1, who have contact with students": the six-month first-training
    # rule (ct.json) is for board-of-education staff, so the college staff are their own.
    Audience.SCHOOL_STAFF: [AgencyKind.SCHOOL_DISTRICT],
    Audience.HIGHER_EDUCATION: [AgencyKind.HIGHER_EDUCATION],
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the month lacks becomes its last day
    (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """29 February + N years is 28 February when the target year has no leap day."""
    return add_months(day, 12 * years)


def refresher_due(completed_on: datetime.date, years: int = REFRESHER_YEARS) -> datetime.date:
    """The next refresher is due `years` after the last completion (three years since
    Public Act 21-103; ct.json training_cadence.refresher_years)."""
    return add_years(completed_on, years)


def school_first_training_due(hired_on: datetime.date) -> datetime.date:
    """School staff who have contact with students train within six months of starting
    employment (Gen. Stat. § 17a-106h; ct.json training_cadence.school_staff_first_training)."""
    return add_months(hired_on, SCHOOL_FIRST_TRAINING_MONTHS)


def initial_due(audience: str, *, hired_on: datetime.date | None) -> datetime.date | None:
    """When an untrained learner's first training is due, where the law says (only for
    school staff); None means no statutory deadline."""
    if audience == Audience.SCHOOL_STAFF and hired_on:
        return school_first_training_due(hired_on)
    return None


class Standing:
    TRAINED = "trained"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UNTRAINED = "untrained"


def standing(next_due: datetime.date | None, *, on: datetime.date, trained: bool) -> str:
    """Trained (current), due within 90 days, overdue, or untrained and not yet due."""
    if next_due is not None and next_due < on:
        return Standing.OVERDUE
    if next_due is not None and (next_due - on).days <= DUE_SOON_DAYS:
        return Standing.DUE_SOON
    return Standing.TRAINED if trained else Standing.UNTRAINED


def merge_segments(segments) -> list[list[float]]:
    """Overlapping or touching [start, end] ranges merged, sorted."""
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in segments if b > a):
        if merged and start <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covered_seconds(segments) -> float:
    return sum(end - start for start, end in merge_segments(segments))


def video_watched(
    segments, *, duration: float, first_reported_at, now, tolerance: float | None = None
) -> bool:
    """Played through: the reported segments cover the whole duration (to within a
    tolerance), and at least duration / fastest rate of real time has passed since the
    first report, so a script cannot claim a whole video in one request."""
    if duration <= 0 or first_reported_at is None:
        return False
    if tolerance is None:  # a frame or two lost at the ends, never a real part of the video
        tolerance = min(WATCH_TOLERANCE_SECONDS, duration * 0.05)
    if covered_seconds(segments) < duration - tolerance:
        return False
    elapsed = (now - first_reported_at).total_seconds()
    return elapsed + tolerance >= duration / MAX_PLAYBACK_RATE


def quiz_score(questions, answers: dict[str, str]) -> int:
    """Percent of questions answered with a correct choice (every correct choice counts)."""
    if not questions:
        return 0
    right = 0
    for question in questions:
        chosen = answers.get(str(question.pk))
        correct = {str(c.public_id) for c in question.choices.all() if c.is_correct}
        if chosen and chosen in correct:
            right += 1
    return round(100 * right / len(questions))


@dataclass(frozen=True)
class ModuleState:
    required: bool
    done: bool


def program_complete(states: list[ModuleState]) -> bool:
    """Complete when every required module is done (a quiz is done only when passed)."""
    required = [s for s in states if s.required]
    return bool(required) and all(s.done for s in required)


# --- Content checks: captions and video, by content, never by name ---------------

_TIMING = re.compile(
    r"^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}[ \t]+-->[ \t]+(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
)


def webvtt_problem(data: bytes) -> str | None:
    """Why `data` is not a WebVTT caption file, or None when it is (W3C WebVTT: UTF-8,
    a "WEBVTT" signature line, and at least one cue timing line)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "The caption file is not UTF-8 text: upload a WebVTT (.vtt) file."
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0].rstrip("\r")
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        return "The caption file is not WebVTT: its first line must be WEBVTT."
    if not any(_TIMING.match(line.strip()) for line in text.splitlines()):
        return "The caption file has no cues (lines like 00:00.000 --> 00:04.000)."
    return None


def sniff_video(head: bytes) -> str | None:
    """The video type from the file's first bytes (MP4 or WebM), or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    return None
