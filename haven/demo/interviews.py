"""Demo interview rooms: two per CAC, so that interviews can be scheduled at once."""

from haven.directory.models import Agency, AgencyKind
from haven.interviews.models import Room

ROOMS = ("Blue interview room", "Green interview room")


def seed_interview_rooms() -> int:
    """Synthetic rooms (created directly: demo data, not a user's act)."""
    rooms = [
        Room(cac=cac, name=name)
        for cac in Agency.objects.filter(kind=AgencyKind.CAC)
        for name in ROOMS
        if not Room.objects.filter(cac=cac, name=name).exists()
    ]
    Room.objects.bulk_create(rooms)
    return len(rooms)
