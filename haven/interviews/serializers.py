"""The interviews API's small input and output serializers. Public ids only; no child's
name (a client that needs it reads the case, audited, through the cases API)."""

from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.interviews.models import (
    Disclosure,
    Interview,
    Observer,
    Protocol,
    Recording,
    Status,
)


class InterviewOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    case = serializers.UUIDField(source="case.public_id")
    room = serializers.CharField(source="room.name")
    interviewer = serializers.UUIDField(source="interviewer.public_id")
    interviewer_name = serializers.CharField(source="interviewer.full_name")
    exception = serializers.BooleanField(source="is_exception")

    class Meta:
        model = Interview
        fields = [
            "id",
            "case",
            "room",
            "interviewer",
            "interviewer_name",
            "starts_at",
            "ends_at",
            "protocol",
            "language",
            "interpreter",
            "child_age",
            "developmental_considerations",
            "cultural_considerations",
            "requested_by",
            "status",
            "started_at",
            "ended_at",
            "disclosure",
            "team_notes",
            "no_recording_reason",
            "repeat_reason",
            "exception",
        ]


class ScheduleIn(StrictInput):
    room = serializers.UUIDField()
    interviewer = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    protocol = serializers.ChoiceField(choices=Protocol.choices)
    language = serializers.CharField(max_length=60, default="English")
    interpreter = serializers.CharField(max_length=200, default="", allow_blank=True)
    developmental_considerations = serializers.CharField(default="", allow_blank=True)
    cultural_considerations = serializers.CharField(default="", allow_blank=True)
    requested_by = serializers.CharField(max_length=200, default="", allow_blank=True)
    repeat_reason = serializers.CharField(default="", allow_blank=True)


class StatusIn(StrictInput):
    status = serializers.ChoiceField(choices=Status.choices)
    disclosure = serializers.ChoiceField(choices=Disclosure.choices, default="", allow_blank=True)
    team_notes = serializers.CharField(required=False, allow_blank=True)
    no_recording_reason = serializers.CharField(default="", allow_blank=True)


class UserIn(StrictInput):
    user = serializers.UUIDField()


class ObserverOut(serializers.ModelSerializer):
    user = serializers.UUIDField(source="user.public_id")
    name = serializers.CharField(source="user.full_name")

    class Meta:
        model = Observer
        fields = ["user", "name", "seat", "seat_label", "recorded_at"]


class RecordingOut(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    interview = serializers.UUIDField(source="interview.public_id")

    class Meta:
        model = Recording
        fields = [
            "id",
            "interview",
            "content_type",
            "size",
            "received",
            "chunk_size",
            "sha256",
            "status",
            "created_at",
            "completed_at",
            "verified_at",
            "retain_until",
        ]


class RecordingBeginIn(StrictInput):
    size = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200, default="", allow_blank=True)
