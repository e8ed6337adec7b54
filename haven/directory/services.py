"""Writes to the directory: agencies, personnel, credentials. Each audited."""

import datetime

from django.db import IntegrityError, transaction

from haven.access.rules import Capability, require_capability
from haven.audit.models import Action
from haven.audit.services import audit_record, changed_fields, snapshot
from haven.core.errors import HavenError, full_clean_or_refuse
from haven.directory.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialKind,
    District,
    Personnel,
)

_AGENCY_FIELDS = ["name", "kind", "district_id", "town", "address", "phone", "email", "is_active"]
_PERSONNEL_FIELDS = ["full_name", "title", "email", "phone", "agency_id", "is_active"]
_CREDENTIAL_FIELDS = ["kind", "issuer", "issued_on", "expires_on", "notes"]


def agency_create(
    *,
    actor,
    name: str,
    kind: str,
    district: District | None = None,
    town: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    request=None,
) -> Agency:
    require_capability(actor, Capability.EDIT_DIRECTORY)
    if kind not in AgencyKind.values:
        raise HavenError("Choose the kind of agency.", field="kind")
    agency = Agency(
        name=name.strip(),
        kind=kind,
        district=district,
        town=town.strip(),
        address=address.strip(),
        phone=phone.strip(),
        email=email.strip(),
    )
    if Agency.objects.filter(name__iexact=agency.name, kind=kind).exists():
        raise HavenError("An agency of this kind with this name already exists.", field="name")
    with transaction.atomic():
        full_clean_or_refuse(agency)
        try:
            agency.save()
        except IntegrityError:
            raise HavenError(
                "An agency of this kind with this name already exists.", field="name"
            ) from None
        audit_record(
            actor=actor,
            action=Action.AGENCY_CREATED,
            target=agency,
            request=request,
            new=snapshot(agency, _AGENCY_FIELDS),
        )
    return agency


def agency_update(*, actor, agency: Agency, request=None, **fields) -> Agency:
    require_capability(actor, Capability.EDIT_DIRECTORY)
    unknown = set(fields) - {
        "name",
        "kind",
        "district",
        "town",
        "address",
        "phone",
        "email",
        "is_active",
    }
    if unknown:
        raise HavenError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(agency, _AGENCY_FIELDS)
        for name, value in fields.items():
            setattr(agency, name, value.strip() if isinstance(value, str) else value)
        full_clean_or_refuse(agency)
        agency.save()
        old, new = changed_fields(agency, _AGENCY_FIELDS, before)
        if new:
            audit_record(
                actor=actor,
                action=Action.AGENCY_UPDATED,
                target=agency,
                old=old,
                new=new,
                request=request,
            )
    return agency


def personnel_create(
    *,
    actor,
    agency: Agency,
    full_name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    request=None,
) -> Personnel:
    require_capability(actor, Capability.EDIT_DIRECTORY)
    person = Personnel(
        agency=agency,
        full_name=full_name.strip(),
        title=title.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
    )
    if not person.full_name:
        raise HavenError("Enter the person's full name.", field="full_name")
    with transaction.atomic():
        full_clean_or_refuse(person)
        person.save()
        audit_record(
            actor=actor,
            action=Action.PERSONNEL_CREATED,
            target=person,
            request=request,
            new=snapshot(person, _PERSONNEL_FIELDS),
        )
    return person


def credential_add(
    *,
    actor,
    personnel: Personnel,
    kind: str,
    issued_on: datetime.date,
    expires_on: datetime.date | None = None,
    issuer: str = "",
    notes: str = "",
    request=None,
) -> Credential:
    require_capability(actor, Capability.EDIT_DIRECTORY)
    if kind not in CredentialKind.values:
        raise HavenError("Choose the kind of credential.", field="kind")
    if expires_on is not None and expires_on < issued_on:
        raise HavenError("The expiry date must be on or after the issue date.", field="expires_on")
    credential = Credential(
        personnel=personnel,
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        issuer=issuer.strip(),
        notes=notes.strip(),
    )
    with transaction.atomic():
        full_clean_or_refuse(credential)
        credential.save()
        audit_record(
            actor=actor,
            action=Action.CREDENTIAL_CREATED,
            target=credential,
            request=request,
            new=snapshot(credential, _CREDENTIAL_FIELDS),
        )
    return credential
