"""Anchors: copies of the audit chain's head kept outside the database.

An anchor is a small JSON file: the sequence (the row's id), its `row_hash` and `key_id`,
when the row was written and when the anchor was taken. Each row's hash covers the one
before it, so an anchor fixes every row up to its own: rewriting any of them, even with
the key, or removing rows from the end, no longer matches the anchor.

The destination is a directory (`--to DIR`, or HAVEN_AUDIT_ANCHOR_DIR), ideally on other
storage than the database and not writable by the database's administrators: a mounted
write-once share, or a directory a separate job copies to object storage with object lock.
A file is created once (O_EXCL, read-only) and never overwritten.
"""

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FORMAT = "haven-audit-anchor/1"
PREFIX = "audit-anchor-"


class AnchorError(Exception):
    """No destination, nothing to anchor, or an anchor file that cannot be read."""


@dataclass(frozen=True)
class Anchor:
    sequence: int
    row_hash: str
    key_id: str
    row_time: str
    anchored_at: str
    name: str = ""

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "sequence": self.sequence,
                "row_hash": self.row_hash,
                "key_id": self.key_id,
                "row_time": self.row_time,
                "anchored_at": self.anchored_at,
            },
            indent=2,
            sort_keys=True,
        )


def anchor_dir(directory: str | Path | None = None) -> Path | None:
    """The given directory, else HAVEN_AUDIT_ANCHOR_DIR, else None (not configured)."""
    chosen = directory or getattr(settings, "HAVEN_AUDIT_ANCHOR_DIR", "")
    return Path(chosen) if chosen else None


def write_anchor(
    directory: str | Path | None = None, *, upto: int | None = None, now: datetime | None = None
) -> Anchor:
    """Write the chain head (the last row up to `upto`, the last verified row, if given)
    as a new anchor file; never replaces one."""
    from haven.audit.models import AuditEvent

    target = anchor_dir(directory)
    if target is None:
        raise AnchorError("No anchor destination: give --to DIR or set HAVEN_AUDIT_ANCHOR_DIR.")
    rows = AuditEvent.objects.order_by("-id").only("id", "row_hash", "key_id", "occurred_at")
    head = (rows.filter(id__lte=upto) if upto is not None else rows).first()
    if head is None:
        raise AnchorError("The audit log is empty: there is no chain head to anchor yet.")
    now = now or timezone.now()
    name = f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}-{head.id:012d}.json"
    anchor = Anchor(
        sequence=head.id,
        row_hash=head.row_hash,
        key_id=head.key_id,
        row_time=head.occurred_at.isoformat(),
        anchored_at=now.astimezone(UTC).isoformat(),
        name=name,
    )
    try:
        target.mkdir(parents=True, exist_ok=True)
        fd = os.open(target / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    except FileExistsError:
        raise AnchorError(
            f"{target / name} already exists; an anchor is never overwritten."
        ) from None
    except OSError as exc:
        raise AnchorError(f"Cannot write an anchor in {target}: {exc.strerror}.") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(anchor.as_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return anchor


def read_anchors(directory: str | Path | None = None) -> list[Anchor]:
    """Every anchor in the destination, oldest sequence first. An unreadable or malformed
    anchor file is an AnchorError naming it: it cannot be skipped silently."""
    target = anchor_dir(directory)
    if target is None:
        return []
    if not target.is_dir():
        raise AnchorError(f"The anchor directory {target} does not exist or is not a directory.")
    anchors = [_read(path) for path in sorted(target.glob(f"{PREFIX}*.json"))]
    return sorted(anchors, key=lambda a: (a.sequence, a.anchored_at))


def latest_anchor(directory: str | Path | None = None) -> Anchor | None:
    """The most recently taken anchor (file names sort by the time taken)."""
    target = anchor_dir(directory)
    if target is None or not target.is_dir():
        return None
    names = sorted(target.glob(f"{PREFIX}*.json"))
    return _read(names[-1]) if names else None


def anchor_age(directory: str | Path | None = None, *, now: datetime | None = None):
    """How long ago the latest anchor was taken (a timedelta), or None when there is no
    anchor (or no destination). For health checks and metrics: rows written since the
    latest anchor are protected by the key alone."""
    anchor = latest_anchor(directory)
    if anchor is None:
        return None
    age = (now or timezone.now()) - datetime.fromisoformat(anchor.anchored_at)
    return max(age, timedelta(0))


def _read(path: Path) -> Anchor:
    try:
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise ValueError("unknown format")
        datetime.fromisoformat(data["anchored_at"])
        return Anchor(
            sequence=int(data["sequence"]),
            row_hash=str(data["row_hash"]),
            key_id=str(data["key_id"]),
            row_time=str(data["row_time"]),
            anchored_at=str(data["anchored_at"]),
            name=path.name,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AnchorError(f"The anchor file {path} cannot be read as an anchor ({exc}).") from None
