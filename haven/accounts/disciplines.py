"""Every staff user has one discipline: the statutory MDT seats plus CAC roles.

The seat codes are those of `mdt_statutory_seats` in shared/reference/ct.json
(Conn. Gen. Stat. § 17a-106f).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.TextChoices):
    # Statutory MDT seats (Gen. Stat. § 17a-106f)
    STATES_ATTORNEY = "states_attorney", _("Prosecutor (State's attorney)")
    DCF = "dcf", _("DCF investigator")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    MEDICAL = "medical", _("Medical provider")
    MENTAL_HEALTH = "mental_health", _("Mental-health clinician")
    FORENSIC_INTERVIEWER = "forensic_interviewer", _("Forensic interviewer")
    VICTIM_ADVOCATE = "victim_advocate", _("Victim advocate")
    YOUTH_SERVICES = "youth_services", _("Youth services bureau")
    OTHER_EXPERT = "other_expert", _("Other child-welfare expert")
    # CAC roles
    COORDINATOR = "coordinator", _("CAC coordinator")
    INTAKE = "intake", _("Intake")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    TRAINING_ADMIN = "training_admin", _("Training administrator")


STATUTORY_SEATS = (
    Discipline.STATES_ATTORNEY,
    Discipline.DCF,
    Discipline.LAW_ENFORCEMENT,
    Discipline.MEDICAL,
    Discipline.MENTAL_HEALTH,
    Discipline.FORENSIC_INTERVIEWER,
    Discipline.VICTIM_ADVOCATE,
    Discipline.YOUTH_SERVICES,
    Discipline.OTHER_EXPERT,
)
CAC_ROLES = (
    Discipline.COORDINATOR,
    Discipline.INTAKE,
    Discipline.SECURITY_OFFICER,
    Discipline.TRAINING_ADMIN,
)
