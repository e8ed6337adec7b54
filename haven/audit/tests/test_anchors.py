"""Anchors: the chain head copied outside the database, and verification against them."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from haven.audit import keyring
from haven.audit.anchors import AnchorError, anchor_age, latest_anchor, read_anchors, write_anchor
from haven.audit.models import Action, AuditEvent
from haven.audit.services import audit_record
from haven.audit.tests.tampering import (
    delete_rows,
    drop_guards,
    rehash_forward,
    write_legacy_row,
)
from haven.audit.verify import verify_chain


@pytest.fixture
def anchors(tmp_path, settings):
    settings.HAVEN_AUDIT_ANCHOR_DIR = str(tmp_path / "anchors")
    return tmp_path / "anchors"


def _rows(n: int, label: str = "row") -> list[AuditEvent]:
    return [
        audit_record(actor=None, action=Action.LOGIN_FAILED, object_label=f"{label} {i}")
        for i in range(n)
    ]


def _sign_with_the_key(event: AuditEvent) -> str:
    """An attacker who also holds the key."""
    keys = keyring.audit_keys()
    key = keys.keys[event.key_id]
    return hmac.new(key, event.canonical().encode(), hashlib.sha256).hexdigest()


@pytest.mark.django_db
def test_audit_anchor_writes_the_chain_head_to_a_read_only_file(anchors, capsys):
    rows = _rows(3)
    call_command("audit_anchor")
    [path] = anchors.iterdir()
    data = json.loads(path.read_text())
    assert data["sequence"] == rows[-1].id
    assert data["row_hash"] == rows[-1].row_hash
    assert data["key_id"] == rows[-1].key_id
    assert datetime.fromisoformat(data["anchored_at"]).tzinfo is not None
    assert path.stat().st_mode & 0o222 == 0
    assert f"Anchored row {rows[-1].id}" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_anchor_to_a_directory_given_on_the_command_line(tmp_path, settings):
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    _rows(1)
    call_command("audit_anchor", "--to", str(tmp_path / "elsewhere"))
    assert len(read_anchors(tmp_path / "elsewhere")) == 1


@pytest.mark.django_db
def test_audit_anchor_never_overwrites_an_anchor(anchors):
    _rows(1)
    moment = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    first = write_anchor(now=moment)
    path = anchors / first.name
    path.chmod(0o644)  # even where the file could be written
    path.write_text(path.read_text().replace(first.row_hash, "kept as it was"))
    with pytest.raises(AnchorError, match="already exists; an anchor is never overwritten"):
        write_anchor(now=moment)  # the same head at the same moment: the same name
    assert "kept as it was" in path.read_text()


@pytest.mark.django_db
def test_audit_anchor_without_a_destination_says_what_to_set(settings):
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    _rows(1)
    with pytest.raises(CommandError, match="give --to DIR or set HAVEN_AUDIT_ANCHOR_DIR"):
        call_command("audit_anchor")


@pytest.mark.django_db
def test_audit_anchor_on_an_empty_log_says_so(anchors):
    with pytest.raises(CommandError, match="The audit log is empty"):
        call_command("audit_anchor")


@pytest.mark.django_db
def test_audit_anchor_refuses_to_vouch_for_a_broken_chain(anchors):
    rows = _rows(4)
    call_command("audit_anchor")
    more = _rows(3)
    rehash_forward(more[1].id, object_label="changed", key_id="")
    with pytest.raises(CommandError, match=rf"No anchor written: .* broken at row {more[1].id}"):
        call_command("audit_anchor")
    assert [a.sequence for a in read_anchors()] == [rows[-1].id]


@pytest.mark.django_db
def test_audit_anchor_checks_the_anchored_row_before_trusting_it(anchors):
    rows = _rows(4)
    call_command("audit_anchor")
    _rows(2)
    rehash_forward(rows[1].id, sign=_sign_with_the_key, object_label="changed")
    with pytest.raises(CommandError, match=rf"broken at row {rows[-1].id}: it does not match"):
        call_command("audit_anchor")


@pytest.mark.django_db
def test_audit_verify_checks_every_anchor(anchors, capsys):
    _rows(2)
    call_command("audit_anchor")
    _rows(2)
    call_command("audit_anchor")
    _rows(1)
    call_command("audit_verify")
    assert "2 anchors matched" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_rewrite_with_the_key_before_an_anchor_fails_at_the_anchored_row(anchors):
    rows = _rows(5)
    call_command("audit_anchor")
    _rows(2)
    rehash_forward(rows[1].id, sign=_sign_with_the_key, object_label="changed")
    assert verify_chain().ok  # the chain alone cannot tell: the attacker had the key
    with pytest.raises(
        CommandError,
        match=rf"row {rows[-1].id}: it does not match anchor audit-anchor-.*rewritten after",
    ):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_rewrite_of_legacy_rows_before_an_anchor_is_found(anchors):
    legacy = [write_legacy_row(f"legacy {i}") for i in range(4)]
    call_command("audit_anchor")
    rehash_forward(legacy[0].id, object_label="changed")  # plain SHA-256 throughout
    assert verify_chain().ok
    with pytest.raises(CommandError, match=rf"row {legacy[-1].id}: it does not match anchor"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_rows_removed_from_the_end_below_an_anchor_are_found(anchors):
    rows = _rows(5)
    call_command("audit_anchor")
    delete_rows(rows[-1].id, rows[-2].id)
    assert verify_chain().ok  # a shorter chain is still a chain
    with pytest.raises(
        CommandError,
        match=rf"row {rows[-1].id}: the log ends at row {rows[-3].id}, but anchor .* 3 rows "
        "before it verified",
    ):
        call_command("audit_verify")


@pytest.mark.django_db
def test_an_anchored_row_removed_from_the_middle_is_named(anchors):
    rows = _rows(3)
    call_command("audit_anchor")
    later = _rows(2)
    delete_rows(rows[-1].id)
    report = verify_chain(anchors=read_anchors())
    assert report.broken_id == rows[-1].id
    assert "no longer in the log" in report.reason
    assert later[0].id > rows[-1].id


@pytest.mark.django_db
def test_an_unreadable_anchor_fails_verification_naming_the_file(anchors):
    _rows(1)
    anchors.mkdir()
    (anchors / "audit-anchor-20261204T000000000000Z-000000000001.json").write_text("{not json")
    with pytest.raises(CommandError, match=r"audit-anchor-20261204T000000000000Z.*cannot be read"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_an_anchor_directory_that_is_not_there_fails_verification(tmp_path):
    _rows(1)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("audit_verify", "--anchors", str(tmp_path / "missing"))


@pytest.mark.django_db
def test_audit_verify_without_anchors_says_only_the_chain_was_checked(settings, capsys):
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    _rows(2)
    call_command("audit_verify")
    out = capsys.readouterr()
    assert "No anchors checked" in out.err
    assert "Audit chain intact" in out.out


@pytest.mark.django_db
def test_anchor_age_is_the_time_since_the_latest_anchor(anchors):
    assert anchor_age() is None
    _rows(1)
    taken = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    write_anchor(now=taken - timedelta(hours=5))
    write_anchor(now=taken)
    assert latest_anchor().anchored_at == taken.isoformat()
    assert anchor_age(now=taken + timedelta(minutes=90)) == timedelta(minutes=90)


def test_anchor_age_without_a_destination_is_none(settings):
    settings.HAVEN_AUDIT_ANCHOR_DIR = ""
    assert anchor_age() is None


@pytest.mark.django_db
def test_audit_anchor_finds_the_anchored_row_changed_in_place(anchors):
    rows = _rows(3)
    call_command("audit_anchor")
    drop_guards()
    AuditEvent.objects.filter(pk=rows[-1].pk).update(object_label="changed, hash kept")
    with pytest.raises(CommandError, match=rf"broken at row {rows[-1].id}: its contents do not"):
        call_command("audit_anchor")


@pytest.mark.django_db
def test_an_anchor_names_the_last_row_verified_not_a_later_one(anchors):
    rows = _rows(4)
    anchor = write_anchor(upto=rows[1].id)
    assert (anchor.sequence, anchor.row_hash) == (rows[1].id, rows[1].row_hash)
