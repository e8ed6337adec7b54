"""Reads of the directory. The directory holds no child's data: every staff user may read it."""

from django.db.models import Count, Prefetch, QuerySet

from haven.directory.models import Agency, Credential, District, Personnel


def district_list() -> QuerySet[District]:
    return District.objects.annotate(agency_count=Count("agencies")).order_by("name")


def agency_list(*, query: str = "", kind: str = "", district: str = "") -> QuerySet[Agency]:
    agencies = Agency.objects.select_related("district")
    if query:
        agencies = agencies.filter(name__icontains=query)
    if kind:
        agencies = agencies.filter(kind=kind)
    if district:
        agencies = agencies.filter(district__slug=district)
    return agencies.order_by("name")


def agency_detail(public_id) -> Agency:
    credentials = Prefetch("credentials", queryset=Credential.objects.order_by("-issued_on"))
    people = Prefetch(
        "personnel",
        queryset=Personnel.objects.order_by("full_name").prefetch_related(credentials),
    )
    return (
        Agency.objects.select_related("district").prefetch_related(people).get(public_id=public_id)
    )
