"""Small output serializers for the insights API: the same figures as the pages."""

from rest_framework import serializers

from haven.api.serializers import StrictInput
from haven.insights import rules


class PeriodOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class RowOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FigureOut(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    rows = RowOut(many=True)


class MissingOut(serializers.Serializer):
    case = serializers.UUIDField(source="public_id")
    number = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField())


class NcaOut(serializers.Serializer):
    centre = serializers.UUIDField(source="centre.public_id")
    centre_name = serializers.CharField(source="centre.name")
    period = PeriodOut()
    whole_centre = serializers.BooleanField(
        help_text="True when the counts include every case of the centre (statistics access)."
    )
    total = serializers.IntegerField()
    figures = FigureOut(many=True)
    services = FigureOut()
    missing_count = serializers.IntegerField()
    missing = MissingOut(many=True, help_text="Only the cases the caller may open.")


class CaseRowOut(serializers.Serializer):
    public_id = serializers.UUIDField()
    number = serializers.CharField()
    received_on = serializers.DateField()
    status = serializers.CharField()


class TracedOut(serializers.Serializer):
    counted = serializers.IntegerField(help_text="How many cases the figure counts.")
    listed = serializers.IntegerField(help_text="How many of them the caller may open.")
    cases = CaseRowOut(many=True)


class TraffickingReportOut(serializers.Serializer):
    reporter = serializers.CharField(source="reporter.key")
    reporter_name = serializers.CharField(source="reporter.label")
    period = PeriodOut()
    due_on = serializers.DateField()
    whole_state = serializers.BooleanField()
    figures = RowOut(many=True)
    dispositions = RowOut(many=True)
    training = RowOut(many=True)
    narrative = serializers.SerializerMethodField()

    def get_narrative(self, report) -> dict[str, str]:
        n = report.narrative
        return {key: (getattr(n, key) if n else "") for key, _label in rules.NARRATIVE_FIELDS}


class NarrativeIn(StrictInput):
    reporter = serializers.CharField(help_text='An agency\'s public id, or "csa".')
    end = serializers.DateField(help_text="The last day of the twelve months.")
    criteria = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.NARRATIVE_MAX
    )
    coordination = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.NARRATIVE_MAX
    )
    obstacles = serializers.CharField(
        required=False, allow_blank=True, max_length=rules.NARRATIVE_MAX
    )


class BarOut(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.IntegerField()


class WaitOut(serializers.Serializer):
    median_days = serializers.FloatField(
        source="median", allow_null=True, help_text="Null when no wait was measured."
    )
    n = serializers.IntegerField(help_text="How many waits the median and the bands count.")
    excluded = serializers.IntegerField(
        help_text="Waits left out of bands and median: dated before the case was received."
    )


class ServiceWaitOut(serializers.Serializer):
    type = serializers.CharField()
    total = serializers.IntegerField()
    bands = serializers.ListField(child=serializers.IntegerField())
    wait = WaitOut()


class DashboardOut(serializers.Serializer):
    today = serializers.DateField()
    received_by_month = BarOut(many=True, source="received_by_month.bars")
    open_caseload = serializers.IntegerField()
    to_interview = BarOut(many=True, source="to_interview.bars")
    to_interview_wait = WaitOut()
    service_bands = serializers.ListField(child=serializers.CharField())
    to_service = ServiceWaitOut(many=True)
    recordings_waiting = serializers.IntegerField()
    recordings_uploading = serializers.IntegerField()
    cadence = serializers.ListField(child=serializers.DictField())
    empty_seats = serializers.ListField(child=serializers.DictField())
    training = serializers.ListField(child=serializers.DictField())
