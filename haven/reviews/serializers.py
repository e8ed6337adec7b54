"""Input and output shapes of the case-review API. A case the caller may not see is
`restricted: true` with its number only: no child, no discussion."""

from rest_framework import serializers

from haven.reviews.models import ActionStatus


class MeetingOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    meeting_type = serializers.CharField(source="meeting_type.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField()
    video_link = serializers.CharField()
    facilitator = serializers.CharField(source="facilitator.full_name")
    status = serializers.CharField()


class ActionOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    case_number = serializers.CharField(source="case.number")
    description = serializers.CharField()
    owner = serializers.CharField(source="owner.full_name")
    due_on = serializers.DateField()
    status = serializers.CharField()
    overdue = serializers.BooleanField(default=False)


class RecommendationOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    option = serializers.CharField(source="option.label", default=None)
    text = serializers.CharField()


def agenda_row(row, today) -> dict:
    from haven.reviews import rules

    item = row.item
    out = {
        "id": str(item.public_id),
        "case_number": row.number,
        "restricted": not row.shown,
        "case_id": None,
        "child_name": None,
        "reasons": None,
        "discussion": None,
        "decisions": None,
        "information_shared": None,
        "deferred": None,
        "recommendations": None,
        "action_items": None,
    }
    if row.shown:
        actions = list(item.action_items.all())
        for a in actions:
            a.overdue = rules.is_overdue(status=a.status, due_on=a.due_on, today=today)
        out |= {
            "case_id": str(item.case.public_id),
            "child_name": item.case.child.full_name,
            "reasons": row.reasons,
            "discussion": item.discussion,
            "decisions": item.decisions,
            "information_shared": item.information_shared,
            "deferred": item.deferred,
            "recommendations": RecommendationOut(item.recommendations.all(), many=True).data,
            "action_items": ActionOut(actions, many=True).data,
        }
    return out


class AgendaOut(serializers.Serializer):
    meeting = MeetingOut()
    items = serializers.ListField(child=serializers.DictField())


class AgendaAddIn(serializers.Serializer):
    case_number = serializers.CharField(max_length=32)


class AttendanceIn(serializers.Serializer):
    user = serializers.UUIDField()


class AttendanceOut(serializers.Serializer):
    name = serializers.CharField(source="membership.person_name")
    seat = serializers.CharField()
    agency = serializers.CharField(source="membership.agency.name")


class SeatsOut(serializers.Serializer):
    attendance = AttendanceOut(many=True)
    seats_present = serializers.ListField(child=serializers.CharField())
    seats_missing = serializers.ListField(child=serializers.CharField())


class RecommendationIn(serializers.Serializer):
    option = serializers.UUIDField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ActionIn(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.UUIDField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class ActionStatusIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
