"""Recompute the audit chain, check it against its anchors, and report the first break.

A row fits when:
- its `prev_hash` is the previous row's `row_hash` (the first row's is all zeros);
- its `row_hash` is the HMAC-SHA-256 of its contents under the key its `key_id` names,
  and that key is in the keyring;
- or, for a legacy row (empty `key_id`, written before the chain was keyed), its plain
  SHA-256, but only while no keyed row has come before it. Anyone can compute plain
  SHA-256, so a legacy row after a keyed one is what a rewrite without the key looks like;
- every anchor taken at it records its `row_hash` and `key_id`.

An anchor naming a row that is no longer there means rows were removed (from the end, or
from the middle with the rest renumbered); an anchor that disagrees with its row means
that row, or one before it, was rewritten after the anchor was taken.
"""

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from haven.audit import keyring
from haven.audit.anchors import Anchor
from haven.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int  # rows read, the broken one included
    broken_id: int | None = None
    reason: str = ""
    anchors_checked: int = 0
    rows_verified: int | None = None  # rows that fit before the break (all read, if None)
    last_id: int | None = None  # the last row that fits, when the whole run fits

    @property
    def rows_before_break(self) -> int:
        if self.rows_verified is not None:
            return self.rows_verified
        return self.rows_checked - 1 if self.broken_id is not None else self.rows_checked

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(
    *, anchors: Iterable[Anchor] = (), since: Anchor | None = None, batch_size: int = 5000
) -> ChainReport:
    """Check the whole chain, or only the rows after `since` (an anchor already trusted,
    whose row must still match it), against `anchors`."""
    keys = keyring.audit_keys()
    by_row: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        if since is None or anchor.sequence > since.sequence:
            by_row.setdefault(anchor.sequence, []).append(anchor)
    pending = sorted(by_row)
    anchors_checked = 0

    expected_prev = GENESIS_HASH
    first_keyed: int | None = None
    queryset = AuditEvent.objects.order_by("id")
    if since is not None:
        start = AuditEvent.objects.filter(id=since.sequence).first()
        problem = _anchor_problem(start, since)
        if not problem and not _hash_fits(start, keys):
            problem = "its contents do not match its hash (altered)"
        if problem:
            return ChainReport(0, since.sequence, problem, rows_verified=0)
        expected_prev = start.row_hash
        first_keyed = start.id if start.key_id else None
        queryset = queryset.filter(id__gt=since.sequence)

    checked = 0
    last_id = since.sequence if since is not None else None
    for event in queryset.iterator(chunk_size=batch_size):
        checked += 1
        while pending and pending[0] < event.id:
            missing = pending.pop(0)
            anchor = by_row[missing][0]
            return ChainReport(
                checked,
                missing,
                f"anchor {anchor.name} (taken {anchor.anchored_at}) records row {missing}, "
                "which is no longer in the log (rows were removed)",
                anchors_checked,
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked,
                event.id,
                "its link to the previous row is broken (a row was removed)",
                anchors_checked,
            )
        if not event.key_id and first_keyed is not None:
            return ChainReport(
                checked,
                event.id,
                f"it carries a plain SHA-256 hash after keyed row {first_keyed}: rows are "
                "only written keyed now, so it was rewritten by someone without the key",
                anchors_checked,
            )
        try:
            expected = event.compute_hash(keys)
        except keyring.AuditKeyError:
            return ChainReport(
                checked,
                event.id,
                f"it names key {event.key_id}, which the audit keyring "
                f"({keyring.key_source()}) does not hold (a forged row, or a key dropped "
                "from the keyring)",
                anchors_checked,
            )
        if not hmac.compare_digest(expected, event.row_hash):
            return ChainReport(
                checked, event.id, "its contents do not match its hash (altered)", anchors_checked
            )
        if event.key_id and first_keyed is None:
            first_keyed = event.id
        if pending and pending[0] == event.id:
            for anchor in by_row[pending.pop(0)]:
                problem = _anchor_problem(event, anchor)
                if problem:
                    return ChainReport(checked, event.id, problem, anchors_checked)
                anchors_checked += 1
        expected_prev = event.row_hash
        last_id = event.id
    if pending:
        anchor = by_row[pending[-1]][0]
        ends = f"at row {last_id}" if last_id is not None else "empty"
        return ChainReport(
            checked,
            anchor.sequence,
            f"the log ends {ends}, but anchor {anchor.name} (taken {anchor.anchored_at}) "
            f"records row {anchor.sequence}: rows were removed from the end",
            anchors_checked,
            rows_verified=checked,
        )
    return ChainReport(checked, anchors_checked=anchors_checked, last_id=last_id)


def _hash_fits(event: AuditEvent, keys) -> bool:
    try:
        return hmac.compare_digest(event.compute_hash(keys), event.row_hash)
    except keyring.AuditKeyError:
        return False


def _anchor_problem(event: AuditEvent | None, anchor: Anchor) -> str:
    if event is None:
        return (
            f"anchor {anchor.name} (taken {anchor.anchored_at}) records row "
            f"{anchor.sequence}, which is no longer in the log (rows were removed)"
        )
    if event.row_hash != anchor.row_hash or event.key_id != anchor.key_id:
        return (
            f"it does not match anchor {anchor.name} (taken {anchor.anchored_at}): this row, "
            "or one before it, was rewritten after the anchor was taken"
        )
    return ""
