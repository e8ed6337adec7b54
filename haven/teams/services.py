"""Writes to teams, memberships and protocols. Each checks who may, validates, audits."""

import datetime
import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from haven.accounts.models import User
from haven.audit.models import Action
from haven.audit.services import audit_record, snapshot
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import Agency, AgencyKind, District, Personnel
from haven.teams import rules
from haven.teams.models import (
    Membership,
    Protocol,
    ProtocolSignoff,
    ProtocolVersion,
    Seat,
    Team,
    VersionStatus,
)
from haven.teams.selectors import can_manage_team

MAX_PROTOCOL_BYTES = 10 * 1024 * 1024
_TEAM_FIELDS = [
    "name",
    "district_id",
    "area",
    "host_cac_id",
    "dcf_designee",
    "states_attorney_designee",
    "established_on",
    "purpose_case_review",
    "purpose_investigation",
    "purpose_treatment",
    "status",
    "contact_name",
    "contact_email",
    "contact_phone",
]


def _require_manager(actor, team: Team) -> None:
    if not can_manage_team(actor, team):
        raise HavenError(
            "Only the host CAC's coordinators and security officers manage this team.",
            status=403,
            code="forbidden",
        )


def team_create(
    *, actor, name: str, district: District, host_cac: Agency, request=None, **fields
) -> Team:
    if host_cac.kind != AgencyKind.CAC:
        raise HavenError("The host must be a children's advocacy center.", field="host_cac")
    team = Team(name=name.strip(), district=district, host_cac=host_cac, **fields)
    _require_manager(actor, team)
    if Team.objects.filter(name__iexact=team.name).exists():
        raise HavenError("A team with this name already exists.", field="name")
    with transaction.atomic():
        full_clean_or_refuse(team)
        team.save()
        audit_record(
            actor=actor,
            action=Action.TEAM_CREATED,
            target=team,
            request=request,
            new=snapshot(team, _TEAM_FIELDS),
        )
    return team


def membership_add(
    *,
    actor,
    team: Team,
    seat: str,
    starts_on: datetime.date,
    user: User | None = None,
    personnel: Personnel | None = None,
    ends_on: datetime.date | None = None,
    is_primary: bool = True,
    request=None,
) -> Membership:
    """Seat a person on the team. Refused, with the statute, if the seat does not fit them."""
    _require_manager(actor, team)
    if seat not in Seat.values:
        raise HavenError("Choose a seat.", field="seat")
    if (user is None) == (personnel is None):
        raise HavenError("Choose one person: a Haven user or a directory person.", field="user")
    if user is not None and not user.is_active:
        raise HavenError("That account is disabled.", field="user")
    if ends_on is not None and ends_on < starts_on:
        raise HavenError("The end date must be on or after the start date.", field="ends_on")
    person_record = personnel if personnel is not None else (user.personnel if user else None)
    agency = personnel.agency if personnel is not None else user.agency
    if personnel is not None and not personnel.is_active:
        raise HavenError("That directory person is marked inactive.", field="personnel")
    if agency is not None and not agency.is_active:
        raise HavenError(f"{agency.name} is marked inactive in the directory.", field="user")
    if agency is None:
        raise HavenError(
            "This person has no agency in Haven; set their agency first.", field="user"
        )
    credentials = list(person_record.credentials.all()) if person_record else []
    misfit = rules.seat_misfit(
        seat=seat, team=team, agency=agency, credentials=credentials, on=starts_on
    )
    if misfit:
        raise HavenError(misfit, citation=rules.CITATION, field="seat", code="seat_misfit")
    with transaction.atomic():
        # Lock the team's rows for this seat so two coordinators cannot race an overlap in.
        seat_rows = Membership.objects.select_for_update(of=("self",)).filter(team=team, seat=seat)
        _refuse_overlap(seat_rows, _same_person(user, person_record), starts_on, ends_on)
        membership = Membership(
            team=team,
            seat=seat,
            user=user,
            # A user's directory record is stored too, so the person is one person however
            # they were chosen.
            personnel=person_record,
            agency=agency,
            is_primary=is_primary,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        full_clean_or_refuse(membership)
        membership.save()
        audit_record(
            actor=actor,
            action=Action.MEMBERSHIP_ADDED,
            target=membership,
            request=request,
            object_label=f"{team}: {membership}",
            new={
                "team": team.name,
                "seat": seat,
                "person": membership.person_name,
                "agency": agency.name,
                "is_primary": is_primary,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )
    return membership


def _same_person(user: User | None, personnel: Personnel | None) -> Q:
    """Memberships of this person, whether they were seated by account or directory record."""
    q = Q(pk__in=[])
    if user is not None:
        q |= Q(user=user)
    if personnel is not None:
        q |= Q(personnel=personnel) | Q(user__personnel=personnel)
    return q


def _refuse_overlap(seat_rows, person: Q, starts_on, ends_on, exclude_pk=None) -> None:
    others = seat_rows.filter(person)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for existing in others:
        if rules.overlaps(existing.starts_on, existing.ends_on, starts_on, ends_on):
            until = f" until {existing.ends_on:%B %-d, %Y}" if existing.ends_on else ""
            raise HavenError(
                f"This person already holds this seat from {existing.starts_on:%B %-d, %Y}"
                f"{until}; end that membership or choose dates that do not overlap.",
                field="starts_on",
                code="overlap",
            )


def membership_end(
    *, actor, membership: Membership, ends_on: datetime.date, request=None
) -> Membership:
    _require_manager(actor, membership.team)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("team", "user", "personnel")
            .get(pk=membership.pk)
        )
        if ends_on < membership.starts_on:
            raise HavenError(
                "The end date must be on or after the start date "
                f"({membership.starts_on:%B %-d, %Y}).",
                field="ends_on",
            )
        seat_rows = Membership.objects.select_for_update(of=("self",)).filter(
            team=membership.team, seat=membership.seat
        )
        _refuse_overlap(
            seat_rows,
            _same_person(membership.user, membership.personnel),
            membership.starts_on,
            ends_on,
            exclude_pk=membership.pk,
        )
        old = membership.ends_on
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        audit_record(
            actor=actor,
            action=Action.MEMBERSHIP_ENDED,
            target=membership,
            request=request,
            object_label=f"{membership.team}: {membership}",
            old={"ends_on": old},
            new={"ends_on": ends_on},
        )
    return membership


def _pdf_checked(upload: UploadedFile) -> tuple[bytes, str]:
    if upload.size > MAX_PROTOCOL_BYTES:
        raise HavenError("The protocol file is larger than 10 MB.", field="document")
    content = upload.read()
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-2048:]:
        raise HavenError(
            "That file is not a PDF (it does not start and end as a PDF does). Save the "
            "protocol as PDF and upload it again, or write it in the page.",
            field="document",
        )
    return content, hashlib.sha256(content).hexdigest()


def protocol_draft(
    *,
    actor,
    team: Team,
    title: str,
    body: str = "",
    document: UploadedFile | None = None,
    request=None,
) -> ProtocolVersion:
    """A new draft version of the protocol titled `title` (created if new)."""
    _require_manager(actor, team)
    title = title.strip()
    if not title:
        raise HavenError("Give the protocol a title.", field="title")
    if not body.strip() and document is None:
        raise HavenError("Write the protocol in the page or upload it as a PDF.", field="body")
    content = digest = None
    if document is not None:
        content, digest = _pdf_checked(document)
    with transaction.atomic():
        protocol = Protocol.objects.filter(team=team, title__iexact=title).first()
        if protocol is None:
            protocol = Protocol.objects.create(team=team, title=title)
        # Serialise drafts of one protocol so two cannot take the same number.
        protocol = Protocol.objects.select_for_update().get(pk=protocol.pk)
        last = protocol.versions.order_by("-number").values_list("number", flat=True).first()
        version = ProtocolVersion(
            protocol=protocol, number=(last or 0) + 1, body=body.strip(), created_by=actor
        )
        if content is not None:
            from django.core.files.base import ContentFile

            version.document.save("protocol.pdf", ContentFile(content), save=False)
            version.document_sha256 = digest
        version.save()
        audit_record(
            actor=actor,
            action=Action.PROTOCOL_DRAFTED,
            target=version,
            request=request,
            new={
                "team": team.name,
                "title": title,
                "number": version.number,
                "sha256": digest or "",
            },
        )
    return version


def member_agencies(team: Team, *, on: datetime.date) -> list[Agency]:
    """Agencies with an active member on `on`: the ones whose sign-off adoption needs."""
    agencies = {
        m.agency_id: m.agency
        for m in team.memberships.select_related("agency")
        if m.is_active_on(on)
    }
    return sorted(agencies.values(), key=lambda a: a.name)


def protocol_signoff(
    *, actor, version: ProtocolVersion, agency: Agency, signed_on: datetime.date, request=None
) -> ProtocolSignoff:
    team = version.protocol.team
    _require_manager(actor, team)
    with transaction.atomic():
        version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise HavenError("Only a draft can be signed off.")
        if agency.pk not in {a.pk for a in member_agencies(team, on=signed_on)}:
            raise HavenError(
                f"That agency had no active member on this team on {signed_on:%B %-d, %Y}.",
                field="agency",
            )
        signoff, created = ProtocolSignoff.objects.get_or_create(
            version=version, agency=agency, defaults={"signed_by": actor, "signed_on": signed_on}
        )
        if created:
            audit_record(
                actor=actor,
                action=Action.PROTOCOL_SIGNED,
                target=version,
                request=request,
                new={"agency": agency.name, "signed_on": signed_on},
            )
    return signoff


def protocol_adopt(
    *, actor, version: ProtocolVersion, adopted_on: datetime.date, request=None
) -> ProtocolVersion:
    """Adopt a draft once every member agency has signed it; the previous version is superseded.

    The CAC aids the team in writing interdisciplinary protocols (Gen. Stat. § 17a-106f);
    the adopted version is reviewed yearly.
    """
    team = version.protocol.team
    _require_manager(actor, team)
    with transaction.atomic():
        version = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise HavenError("Only a draft can be adopted.")
        signed = set(version.signoffs.values_list("agency_id", flat=True))
        members = member_agencies(team, on=adopted_on)
        if not members:
            raise HavenError(
                "The team has no active members on that date, so no agency can sign off.",
                citation=rules.CITATION,
                code="signoff_missing",
            )
        signed = set(
            version.signoffs.filter(signed_on__lte=adopted_on).values_list("agency_id", flat=True)
        )
        missing = [a.name for a in members if a.pk not in signed]
        if missing:
            raise HavenError(
                "Every member agency signs off before adoption. Still missing: "
                + ", ".join(missing)
                + ".",
                citation=rules.CITATION,
                code="signoff_missing",
            )
        previous = version.protocol.versions.filter(status=VersionStatus.ADOPTED).first()
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        version.status = VersionStatus.ADOPTED
        version.adopted_on = adopted_on
        version.review_due_on = _one_year_after(adopted_on)
        version.save(update_fields=["status", "adopted_on", "review_due_on"])
        audit_record(
            actor=actor,
            action=Action.PROTOCOL_ADOPTED,
            target=version,
            request=request,
            new={
                "team": team.name,
                "title": version.protocol.title,
                "number": version.number,
                "adopted_on": adopted_on,
                "superseded": previous.number if previous else None,
            },
        )
    return version


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
