"""The audit log: one append-only, hash-chained table.

Rows are written only by `haven.audit.services`, in the same transaction as the
change they record. Database triggers (migration 0002) refuse UPDATE and DELETE on
both SQLite and PostgreSQL (and TRUNCATE on PostgreSQL). Each row's hash is
HMAC-SHA-256 under a key held outside the database (`haven.audit.keyring`), whose id
the row stores; `manage.py audit_anchor` copies the chain head outside the database
and `manage.py audit_verify` recomputes the chain and checks it against the anchors.

Actions ("verbs") are plain text in the database, checked in code against a
registry: `Action` below seeds it, and an app may add its own with
`register_actions(SomeTextChoices)`. Adding a verb is one line and no migration.
"""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.audit import keyring
from haven.core.sealed import MasterKeys


class Kind(models.TextChoices):
    CHANGE = "change", _("Change")
    ACCESS = "access", _("Record viewed")
    AUTH = "auth", _("Sign-in")


class Action(models.TextChoices):
    # Authentication
    LOGIN = "auth.login", _("Signed in")
    LOGOUT = "auth.logout", _("Signed out")
    LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    LOCKED_OUT = "auth.locked_out", _("Account locked after failed sign-ins")
    UNLOCKED = "auth.unlocked", _("Account lock released")
    SESSION_EXPIRED = "auth.session_expired", _("Session expired")
    MFA_ENROLLED = "auth.mfa_enrolled", _("Second factor added")
    MFA_REMOVED = "auth.mfa_removed", _("Second factor removed")
    MFA_FAILED = "auth.mfa_failed", _("Second factor rejected")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    PASSWORD_RESET = "auth.password_reset", _("Password reset")
    # Second-step lockout (security issue 18)
    MFA_LOCKED = "auth.mfa_locked", _("Second sign-in step locked after wrong codes")
    MFA_UNLOCKED = "auth.mfa_unlocked", _("Second sign-in step lock released")
    # Accounts
    USER_CREATED = "user.created", _("Staff account created")
    USER_UPDATED = "user.updated", _("Staff account changed")
    USER_DISABLED = "user.disabled", _("Staff account disabled")
    USER_ENABLED = "user.enabled", _("Staff account enabled")
    TOKEN_CREATED = "token.created", _("API token issued")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    # API tokens (security issue 18): the server's operator issues from the shell
    TOKEN_CREATED_BY_OPERATOR = "token.created_by_operator", _("API token issued by the operator")
    # Directory
    AGENCY_CREATED = "agency.created", _("Agency created")
    AGENCY_UPDATED = "agency.updated", _("Agency changed")
    PERSONNEL_CREATED = "personnel.created", _("Personnel added")
    PERSONNEL_UPDATED = "personnel.updated", _("Personnel changed")
    CREDENTIAL_CREATED = "credential.created", _("Credential recorded")
    CREDENTIAL_UPDATED = "credential.updated", _("Credential changed")
    # People and cases
    PERSON_CREATED = "person.created", _("Person added")
    PERSON_UPDATED = "person.updated", _("Person changed")
    PERSON_MERGED = "person.merged", _("Duplicate person merged")
    REFERRAL_CREATED = "referral.created", _("Referral taken in")
    CASE_OPENED = "case.opened", _("Case opened")
    CASE_UPDATED = "case.updated", _("Case changed")
    CASE_ASSIGNED = "case.assigned", _("Case assignment added")
    CASE_UNASSIGNED = "case.unassigned", _("Case assignment ended")
    CASE_RESTRICTED = "case.restricted", _("Case access restricted")
    CASE_DENIED = "case.denied", _("User denied one case")
    CASE_CLOSED = "case.closed", _("Case closed")
    CASE_REOPENED = "case.reopened", _("Case reopened")
    # Likely duplicates that intake could not be shown (the security officer's review list)
    DUPLICATE_FLAGGED = "duplicate.flagged", _("Possible duplicate put on the review list")
    DUPLICATE_MERGED = "duplicate.merged", _("Possible duplicate merged")
    DUPLICATE_LINKED = "duplicate.linked", _("Possible duplicate marked the same person")
    DUPLICATE_DISMISSED = "duplicate.dismissed", _("Possible duplicate dismissed")
    # Investigations, prosecution, trafficking details (Gen. Stat. § 17a-106f)
    INVESTIGATION_OPENED = "investigation.opened", _("Investigation record opened")
    INVESTIGATION_UPDATED = "investigation.updated", _("Investigation record changed")
    INFORMATION_RELIED_ON = "investigation.relied_on", _("DCF relied on team information")
    HEARING_RECORDED = "hearing.recorded", _("Court hearing recorded")
    PROSECUTION_UPDATED = "prosecution.updated", _("Prosecution decision changed")
    CHARGE_FILED = "charge.filed", _("Charge recorded")
    CHARGE_DISPOSED = "charge.disposed", _("Charge disposition recorded")
    TRAFFICKING_UPDATED = "trafficking.updated", _("Trafficking details changed")
    DOCUMENT_UPLOADED = "document.uploaded", _("Document attached")
    DOCUMENT_DOWNLOADED = "document.downloaded", _("Document downloaded")
    DOCUMENT_WITHDRAWN = "document.withdrawn", _("Document withdrawn")
    # Forensic interviews and recordings
    ROOM_CREATED = "room.created", _("Interview room added")
    INTERVIEW_SCHEDULED = "interview.scheduled", _("Interview scheduled")
    INTERVIEW_UPDATED = "interview.updated", _("Interview changed")
    INTERVIEW_COMPLETED = "interview.completed", _("Interview completed")
    INTERVIEW_DUPLICATE_ACK = "interview.duplicate_acknowledged", _("Repeat interview acknowledged")
    OBSERVER_ADDED = "interview.observer_added", _("Interview observer recorded")
    PLAYBACK_GRANTED = "recording.playback_granted", _("Recording playback granted")
    RECORDING_UPLOADED = "recording.uploaded", _("Recording uploaded")
    RECORDING_PLAYED = "recording.played", _("Recording played")
    RECORDING_DOWNLOADED = "recording.downloaded", _("Recording downloaded")
    RECORDING_RELEASED = "recording.released", _("Recording copy released")
    RECORDING_RETENTION = "recording.retention", _("Recording retention decided")
    RECORDING_VERIFIED = "recording.verified", _("Recording integrity verified")
    RECORDING_INTEGRITY_FAILED = "recording.integrity_failed", _("Recording failed integrity check")
    RECORDING_KEY_ROTATED = "recording.key_rotated", _("Recording master key rotated")
    CALENDAR_FEED_ISSUED = "calendar.feed_issued", _("Calendar feed issued")
    CALENDAR_FEED_REVOKED = "calendar.feed_revoked", _("Calendar feed revoked")
    # Services
    SERVICE_REFERRED = "service.referred", _("Service referral made")
    SERVICE_STATUS = "service.status_changed", _("Service referral status changed")
    SERVICE_SESSION = "service.session_logged", _("Service session or contact recorded")
    MEDICAL_EXAM = "service.medical_exam", _("Medical exam recorded")
    INSTRUMENT_ADDED = "service.instrument_added", _("Assessment instrument added")
    ASSESSMENT_RECORDED = "service.assessment", _("Assessment score recorded")
    ADVOCACY_RECORDED = "service.advocacy", _("Advocacy contact recorded")
    COMPENSATION_RECORDED = "service.compensation", _("Compensation application recorded")
    REMINDER_QUEUED = "reminder.queued", _("Appointment reminder queued")
    REMINDER_SENT = "reminder.sent", _("Appointment reminder sent")
    REMINDER_REFUSED = "reminder.refused", _("Appointment reminder not sent")
    # Training
    TRAINING_PROGRAM_CREATED = "training.program_created", _("Training program created")
    TRAINING_MODULE_ADDED = "training.module_added", _("Training module added")
    TRAINING_REGISTERED = "training.registered", _("Learner registered for training")
    TRAINING_ENROLLED = "training.enrolled", _("Learner enrolled in a training program")
    TRAINING_QUIZ_SUBMITTED = "training.quiz_submitted", _("Training quiz submitted")
    TRAINING_COMPLETED = "training.completed", _("Training program completed")
    TRAINING_SESSION_SCHEDULED = "training.session_scheduled", _("Training session scheduled")
    TRAINING_ATTENDANCE = "training.attendance", _("Training session attendance recorded")
    TRAINING_CONTACT_DESIGNATED = "training.contact_designated", _("Employer contact designated")
    TRAINING_DEVELOPMENT = "training.development", _("Professional development recorded")
    TRAINING_REMINDER_SENT = "training.reminder_sent", _("Refresher reminder sent")
    # Trafficking identification and routing (screening app; Gen. Stat. §§ 53a-82, 53a-192a)
    PUBLIC_REPORT_RECEIVED = "screening.report_received", _("Public trafficking report received")
    REPORT_TRIAGED = "screening.report_triaged", _("Public report triaged")
    REPORT_ESCALATED = "screening.report_escalated", _("Public report escalated")
    REPORT_MARKED_DUPLICATE = "screening.report_duplicate", _("Public report marked duplicate")
    INSTRUMENT_CHANGED = "screening.instrument_changed", _("Screening instrument changed")
    SCREENING_RECORDED = "screening.recorded", _("Screening recorded")
    ENCOUNTER_RECORDED = "encounter.recorded", _("Law-enforcement encounter recorded")
    DEFENSE_SUMMARY_PRINTED = "encounter.defense_summary", _("Affirmative-defense summary printed")
    # Insights (reports and statistics)
    REPORT_NARRATIVE_SAVED = "insights.narrative_saved", _("Annual report narrative saved")
    REPORT_VIEWED = "insights.report_viewed", _("Statistical report viewed")
    # Teams
    TEAM_CREATED = "team.created", _("Team created")
    TEAM_UPDATED = "team.updated", _("Team changed")
    MEMBERSHIP_ADDED = "team.member_added", _("Team member seated")
    MEMBERSHIP_ENDED = "team.member_ended", _("Team membership ended")
    PROTOCOL_DRAFTED = "protocol.drafted", _("Protocol version drafted")
    PROTOCOL_SIGNED = "protocol.signed", _("Protocol signed off by an agency")
    PROTOCOL_ADOPTED = "protocol.adopted", _("Protocol version adopted")
    # Case review
    REVIEW_SETTINGS_CHANGED = "review.settings_changed", _("Case-review settings changed")
    REVIEW_MEETING_TYPE_ADDED = "review.meeting_type_added", _("Review meeting type added")
    REVIEW_OPTION_ADDED = "review.option_added", _("Recommendation option added")
    REVIEW_SCHEDULE_CREATED = "review.schedule_created", _("Review schedule created")
    REVIEW_MEETING_SCHEDULED = "review.meeting_scheduled", _("Review meeting scheduled")
    REVIEW_MEETING_CLOSED = "review.meeting_closed", _("Review meeting closed")
    REVIEW_MEETING_REOPENED = "review.meeting_reopened", _("Review meeting reopened")
    REVIEW_CASE_ADDED = "review.case_added", _("Case added to a review agenda")
    REVIEW_ATTENDANCE = "review.attendance", _("Review meeting attendance recorded")
    REVIEW_RECORDED = "review.recorded", _("Case review discussion recorded")
    REVIEW_RECOMMENDATION = "review.recommendation", _("Review recommendation recorded")
    REVIEW_ACTION_ADDED = "review.action_added", _("Review action item added")
    REVIEW_ACTION_STATUS = "review.action_status", _("Review action item status changed")
    REVIEW_ACTION_REMINDED = "review.action_reminded", _("Review action item reminder sent")
    REVIEW_FEED_ISSUED = "review.feed_issued", _("Team review calendar issued")
    REVIEW_FEED_REVOKED = "review.feed_revoked", _("Team review calendar revoked")
    # Audit chain (keys and anchors)
    AUDIT_KEY_ROTATED = "audit.key_rotated", _("Audit chain key rotated")
    # Access
    MATRIX_CHANGED = "access.matrix_changed", _("Role matrix changed")
    # Reads
    VIEWED = "record.viewed", _("Record viewed")
    EXPORTED = "record.exported", _("Records exported")


# value -> human label, for every action an audit row may carry.
_ACTIONS: dict[str, str] = {}


def register_actions(choices: type[models.TextChoices]) -> None:
    """Let `audit_record` accept these actions; a value registered twice must keep its label."""
    for value, label in choices.choices:
        known = _ACTIONS.get(value)
        if known is not None and str(known) != str(label):
            raise ValueError(f"Audit action {value!r} is already registered as {known!r}.")
        _ACTIONS[value] = label


def is_registered_action(value: str) -> bool:
    return value in _ACTIONS


def action_label(value: str) -> str:
    """The label a person reads; an unregistered (retired) value reads as itself."""
    return str(_ACTIONS.get(value, value))


def action_choices() -> list[tuple[str, str]]:
    """Every registered action, sorted by label, for filters."""
    return sorted(_ACTIONS.items(), key=lambda item: str(item[1]))


register_actions(Action)

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Checked against the registry above by `audit_record`, not by a choices list,
    # so a new verb needs no migration.
    action = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=True,
    )
    # The actor's email at the time, so the row reads correctly if the account changes.
    actor_label = models.CharField(max_length=254, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_label = models.CharField(max_length=200, blank=True)
    case_id = models.UUIDField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    old_values = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    new_values = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)
    # The keyring key whose HMAC is `row_hash`; empty for a legacy row, hashed with plain
    # SHA-256 before the chain was keyed (accepted only at the start of the chain).
    key_id = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor", "occurred_at"], name="audit_actor_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def get_action_display(self) -> str:
        return action_label(self.action)

    def canonical(self) -> str:
        """The text the hash covers: every field but the hash itself, in a fixed form.

        A keyed row's text includes its key id; a legacy row's text is exactly what it
        was before the chain was keyed, so its stored hash still verifies."""
        payload = {
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "kind": self.kind,
            "action": self.action,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_label": self.object_label,
            "case_id": str(self.case_id) if self.case_id else None,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "old_values": self.old_values,
            "new_values": self.new_values,
            "prev_hash": self.prev_hash,
        }
        if self.key_id:
            payload["key_id"] = self.key_id
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)

    def compute_hash(self, keys: "MasterKeys | None" = None) -> str:
        """HMAC-SHA-256 under the row's key (from `keys`, or the configured keyring);
        plain SHA-256 for a legacy row. AuditKeyError if the keyring lacks the key."""
        text = self.canonical().encode()
        if not self.key_id:
            return hashlib.sha256(text).hexdigest()
        return keyring.hmac_hex(keys or keyring.audit_keys(), self.key_id, text)
