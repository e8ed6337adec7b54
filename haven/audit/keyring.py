"""The audit chain's HMAC keys, held outside the database.

Each audit row's hash is HMAC-SHA-256 under one key of the keyring, and the row stores
that key's id (`key_id`), so a keyring holds every key the chain was ever written with:
rotating adds a new current key and keeps the old ones, and rows written under an old
key verify with it. Someone who can write to the database but cannot read the keyring
cannot re-hash a changed row.

Where the keyring comes from (the format is `haven.core.sealed.MasterKeys`: one key a
line, `<key id> <base64 of 32 bytes>`, the first line the current key, the id derived
from the key so a wrong key is never mistaken for the right one):

- `HAVEN_AUDIT_KEY`: the keyring's text in the environment, entries separated by
  newlines or commas (for a secret store that injects variables). It wins if set;
  rotate by putting a new entry first and keeping the old ones.
- otherwise `HAVEN_AUDIT_KEY_FILE`: a file, mode 600, rotated by `manage.py audit_key
  rotate`. Outside production a missing file is created in var/ on first use.

Rows written before the chain was keyed have an empty `key_id` and plain SHA-256
hashes ("legacy" rows); `haven.audit.verify` accepts them only at the start of the chain.
"""

import hashlib
import hmac
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from haven.core import sealed


class AuditKeyError(ImproperlyConfigured):
    """The audit keyring is missing, unreadable, or lacks a key a row was written with."""


HOW_TO_SET = (
    "set HAVEN_AUDIT_KEY_FILE to the audit key file (create one with "
    "`manage.py audit_key new PATH`, kept outside the database and its backups), "
    "or HAVEN_AUDIT_KEY to the key file's text"
)

# One loaded keyring, reused while its source is unchanged (the file's size and time).
_cache: dict[str, tuple[tuple, sealed.MasterKeys]] = {}


def key_source() -> str:
    """Where the keyring is read from, for messages: never the key itself."""
    if getattr(settings, "HAVEN_AUDIT_KEY", ""):
        return "HAVEN_AUDIT_KEY"
    return str(settings.HAVEN_AUDIT_KEY_FILE or "")


def key_file() -> Path | None:
    """The key file `audit_key rotate` writes, or None when the keys come from the environment."""
    if getattr(settings, "HAVEN_AUDIT_KEY", "") or not settings.HAVEN_AUDIT_KEY_FILE:
        return None
    return Path(settings.HAVEN_AUDIT_KEY_FILE)


def audit_keys() -> sealed.MasterKeys:
    """The keyring, or AuditKeyError saying what to set."""
    text = getattr(settings, "HAVEN_AUDIT_KEY", "")
    try:
        if text:
            version = (hashlib.sha256(text.encode()).digest(),)
            return _cached("env", version, lambda: _parse(text.replace(",", "\n")))
        path = key_file()
        if path is None:
            raise AuditKeyError(f"The audit chain has no key: {HOW_TO_SET}.")
        if not path.exists() and not getattr(settings, "PRODUCTION", False):
            _create_development_key(path)
        try:
            stat = path.stat()
        except OSError as exc:
            raise AuditKeyError(
                f"Cannot read the audit key file {path}: {exc.strerror}; {HOW_TO_SET}."
            ) from None
        version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return _cached(str(path), version, lambda: sealed.MasterKeys.load(path))
    except sealed.SealedError as error:
        raise AuditKeyError(f"The audit keyring is not usable: {error}") from None


def hmac_hex(keys: sealed.MasterKeys, key_id: str, message: bytes) -> str:
    key = keys.keys.get(key_id)
    if key is None:
        raise AuditKeyError(f"The audit keyring ({key_source()}) has no key {key_id}.")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def write_new_key_file(path: str | Path) -> sealed.MasterKeys:
    """A new keyring with one key, at a path that must not exist yet: replacing a keyring
    would lose the keys that older rows verify with."""
    path = Path(path)
    keys = sealed.MasterKeys.parse(sealed.new_key_file_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise AuditKeyError(
            f"{path} already exists; an audit keyring is never replaced (older rows need "
            "its keys). Rotate it with `manage.py audit_key rotate`."
        ) from None
    with os.fdopen(fd, "w") as handle:
        handle.write(keys.dumps())
        handle.flush()
        os.fsync(handle.fileno())
    return keys


def rotate_key_file() -> tuple[str, sealed.MasterKeys]:
    """Put a new current key first in the key file, keeping every older key.
    Returns the previous current key id and the new keyring."""
    path = key_file()
    if path is None:
        raise AuditKeyError(
            "The audit keys come from HAVEN_AUDIT_KEY, which Haven cannot rewrite: generate "
            "a key with `manage.py audit_key new PATH`, put its line first in "
            "HAVEN_AUDIT_KEY and keep the old entries after it."
        )
    keys = audit_keys()
    rotated = keys.with_new_current()
    sealed.write_key_file(path, rotated)
    _cache.clear()
    return keys.current, rotated


def _parse(text: str) -> sealed.MasterKeys:
    return sealed.MasterKeys.parse(text, source="HAVEN_AUDIT_KEY")


def _cached(source: str, version: tuple, load) -> sealed.MasterKeys:
    hit = _cache.get(source)
    if hit is not None and hit[0] == version:
        return hit[1]
    keys = load()
    _cache.clear()
    _cache[source] = (version, keys)
    return keys


def _create_development_key(path: Path) -> None:
    try:
        write_new_key_file(path)
    except AuditKeyError:  # pragma: no cover (another process made it first)
        pass
