"""Files sealed at rest: AES-256-GCM in fixed-size chunks, one random data key per file,
wrapped by a master key. Reusable by any app that keeps sensitive files (recordings now,
documents later); it knows nothing about interviews.

Layout: a sealed file is a set of storage objects `<prefix>/<index:08d>`, one per chunk of
`chunk_size` plaintext bytes (the last may be shorter). The associated data binds the file
id, the index and whether the chunk is the last, so chunks cannot be swapped, replayed into
another file, or dropped from the end without the tag failing.

AES-GCM fails catastrophically if one (key, nonce) pair ever seals two different
plaintexts, so the nonce must never repeat under a data key. Two formats:

- Attempt-stamped (`SealedFile.attempt` set; resumable uploads). The nonce is the 4-byte
  attempt number then the 8-byte chunk index, and each object is that attempt number
  followed by the ciphertext and its 16-byte tag. The caller hands each attempt at writing
  (each upload part, each retry) a number no earlier attempt had, recorded durably before
  anything is sealed; a retry that seals an index again after a failure then uses a new
  nonce even if the client sends different bytes.
- Single-pass (`attempt` None; a fresh key sealed once, e.g. documents). The nonce is the
  chunk index and each object is the ciphertext and tag. Never write an index of such a
  file twice: after a failure, discard the file and its key.

Master keys live in a key file (HAVEN_RECORDING_KEY_FILE for recordings): one key per
line, `<key id> <base64 of 32 bytes>`, the first line the current key. The key id is
derived from the key, so a wrong key can never be mistaken for the right one. Rotating a
master key re-wraps each file's data key; the chunks are never rewritten.
"""

import base64
import hashlib
import os
import secrets
import struct
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
TAG_BYTES = 16
DEFAULT_CHUNK_SIZE = 1024 * 1024


class SealedError(Exception):
    """A sealed file cannot be read or written: wrong key, tampering, a missing chunk."""


# --- master keys ---------------------------------------------------------------------


def key_id_for(key: bytes) -> str:
    return hashlib.sha256(b"haven-sealed-key-id:" + key).hexdigest()[:16]


@dataclass(frozen=True)
class MasterKeys:
    """The keys of one key file; `current` wraps new data keys, any may unwrap."""

    current: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, text: str, *, source: str = "the key file") -> "MasterKeys":
        keys: dict[str, bytes] = {}
        current = ""
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                key_id, encoded = line.split()
                key = base64.b64decode(encoded, validate=True)
            except ValueError:
                raise SealedError(
                    f"{source}, line {number}: expected '<key id> <base64 key>'."
                ) from None
            if len(key) != KEY_BYTES or key_id_for(key) != key_id:
                raise SealedError(f"{source}, line {number}: not a 256-bit key with its id.")
            keys[key_id] = key
            current = current or key_id
        if not keys:
            raise SealedError(f"{source} holds no key.")
        return cls(current=current, keys=keys)

    @classmethod
    def load(cls, path: str | Path) -> "MasterKeys":
        try:
            text = Path(path).read_text()
        except OSError as exc:
            raise SealedError(f"Cannot read the key file {path}: {exc.strerror}.") from None
        return cls.parse(text, source=str(path))

    def dumps(self) -> str:
        order = [self.current] + [k for k in self.keys if k != self.current]
        lines = [f"{k} {base64.b64encode(self.keys[k]).decode()}" for k in order]
        return "\n".join(lines) + "\n"

    def with_new_current(self) -> "MasterKeys":
        key = secrets.token_bytes(KEY_BYTES)
        key_id = key_id_for(key)
        return MasterKeys(current=key_id, keys={key_id: key} | self.keys)

    def only_current(self) -> "MasterKeys":
        return MasterKeys(current=self.current, keys={self.current: self.keys[self.current]})


def new_key_file_text() -> str:
    key = secrets.token_bytes(KEY_BYTES)
    return f"{key_id_for(key)} {base64.b64encode(key).decode()}\n"


def write_key_file(path: str | Path, keys: MasterKeys) -> None:
    """Replace the key file atomically, readable by its owner only."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(keys.dumps())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _wrap_aad(file_id: uuid.UUID, key_id: str) -> bytes:
    return b"haven-wrap:" + file_id.bytes + key_id.encode()


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_data_key(keys: MasterKeys, data_key: bytes, file_id: uuid.UUID) -> tuple[str, bytes]:
    """(key id, wrapped key) for storing beside the file."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(keys.keys[keys.current]).encrypt(
        nonce, data_key, _wrap_aad(file_id, keys.current)
    )
    return keys.current, nonce + sealed


def unwrap_data_key(keys: MasterKeys, key_id: str, wrapped: bytes, file_id: uuid.UUID) -> bytes:
    master = keys.keys.get(key_id)
    if master is None:
        raise SealedError(
            f"The file's data key is wrapped by master key {key_id}, which the key file "
            "does not hold: the wrong key file is configured."
        )
    try:
        return AESGCM(master).decrypt(
            bytes(wrapped[:12]), bytes(wrapped[12:]), _wrap_aad(file_id, key_id)
        )
    except InvalidTag:
        raise SealedError("The file's data key does not open with the master key.") from None


def rewrap_data_key(
    keys: MasterKeys, key_id: str, wrapped: bytes, file_id: uuid.UUID
) -> tuple[str, bytes]:
    """The same data key, wrapped by the current master key (the file is untouched)."""
    return wrap_data_key(keys, unwrap_data_key(keys, key_id, wrapped, file_id), file_id)


# --- chunks ----------------------------------------------------------------------------


def chunk_name(prefix: str, index: int) -> str:
    return f"{prefix}/{index:08d}"


ATTEMPT_BYTES = 4
MAX_ATTEMPT = 2**32 - 1


def _nonce(index: int, attempt: int | None) -> bytes:
    return struct.pack(">IQ", attempt or 0, index)


def _chunk_aad(file_id: uuid.UUID, index: int, final: bool, attempt: int | None) -> bytes:
    if attempt is None:
        return b"haven-chunk:" + file_id.bytes + struct.pack(">Q?", index, final)
    return b"haven-chunk-attempt:" + file_id.bytes + struct.pack(">Q?I", index, final, attempt)


def seal_chunk(
    data_key: bytes,
    file_id: uuid.UUID,
    index: int,
    plaintext: bytes,
    *,
    final: bool,
    attempt: int | None = None,
) -> bytes:
    """The stored object: ciphertext and tag, after the attempt number when there is one."""
    if attempt is not None and not 0 < attempt <= MAX_ATTEMPT:
        raise SealedError(f"Attempt {attempt} is outside 1..{MAX_ATTEMPT}.")
    sealed = AESGCM(data_key).encrypt(
        _nonce(index, attempt), plaintext, _chunk_aad(file_id, index, final, attempt)
    )
    if attempt is None:
        return sealed
    return struct.pack(">I", attempt) + sealed


def open_chunk(
    data_key: bytes,
    file_id: uuid.UUID,
    index: int,
    sealed: bytes,
    *,
    final: bool,
    stamped: bool = False,
) -> bytes:
    """The plaintext of a stored object; `stamped` when it begins with its attempt number."""
    attempt = None
    if stamped:
        if len(sealed) < ATTEMPT_BYTES + TAG_BYTES:
            raise SealedError(f"Chunk {index} is truncated.")
        attempt = struct.unpack(">I", bytes(sealed[:ATTEMPT_BYTES]))[0]
        sealed = sealed[ATTEMPT_BYTES:]
    try:
        return AESGCM(data_key).decrypt(
            _nonce(index, attempt), sealed, _chunk_aad(file_id, index, final, attempt)
        )
    except InvalidTag:
        raise SealedError(
            f"Chunk {index} fails its integrity check: it was altered, swapped or truncated."
        ) from None


@dataclass(frozen=True)
class SealedFile:
    """Where a sealed file is and how to open it."""

    storage: object  # a Django storage
    prefix: str
    file_id: uuid.UUID
    data_key: bytes
    size: int
    chunk_size: int = DEFAULT_CHUNK_SIZE
    # Attempt-stamped files: the number this handle seals under (see the module's text).
    # None for single-pass files. A handle that only reads may carry any number.
    attempt: int | None = None

    @property
    def chunk_count(self) -> int:
        return max(1, -(-self.size // self.chunk_size))

    def write_chunk(self, index: int, plaintext: bytes) -> None:
        """Seal and store chunk `index`; refuses to overwrite (a nonce is used once)."""
        name = chunk_name(self.prefix, index)
        if self.storage.exists(name):
            raise SealedError(f"Chunk {index} is already stored.")
        final = index == self.chunk_count - 1
        expected = self.size - index * self.chunk_size if final else self.chunk_size
        if len(plaintext) != expected:
            raise SealedError(f"Chunk {index} must be {expected} bytes, not {len(plaintext)}.")
        from django.core.files.base import ContentFile

        sealed = seal_chunk(
            self.data_key, self.file_id, index, plaintext, final=final, attempt=self.attempt
        )
        saved = self.storage.save(name, ContentFile(sealed))
        if saved != name:  # a concurrent writer got there first: keep theirs
            self.storage.delete(saved)
            raise SealedError(f"Chunk {index} is already stored.")

    def read_chunk(self, index: int) -> bytes:
        name = chunk_name(self.prefix, index)
        try:
            with self.storage.open(name, "rb") as handle:
                sealed = handle.read()
        except (FileNotFoundError, OSError) as exc:
            raise SealedError(f"Chunk {index} cannot be read: {exc.__class__.__name__}.") from None
        final = index == self.chunk_count - 1
        return open_chunk(
            self.data_key, self.file_id, index, sealed, final=final, stamped=self.stamped
        )

    @property
    def stamped(self) -> bool:
        return self.attempt is not None

    def read_range(self, start: int, end: int) -> Iterator[bytes]:
        """Plaintext bytes start..end inclusive, decrypted chunk by chunk."""
        if not 0 <= start <= end < self.size:
            raise SealedError("The range is outside the file.")
        first, last = start // self.chunk_size, end // self.chunk_size
        for index in range(first, last + 1):
            plain = self.read_chunk(index)
            base = index * self.chunk_size
            yield plain[max(start - base, 0) : end - base + 1]

    def digest(self) -> str:
        """SHA-256 of the plaintext, read back through every chunk's integrity check."""
        hasher = hashlib.sha256()
        for index in range(self.chunk_count if self.size else 0):
            hasher.update(self.read_chunk(index))
        return hasher.hexdigest()

    def delete(self) -> None:
        for index in range(self.chunk_count):
            name = chunk_name(self.prefix, index)
            if self.storage.exists(name):
                self.storage.delete(name)


def seal_stream(sealed: SealedFile, chunks: Iterable[bytes], *, hasher=None) -> str:
    """Seal a whole stream in one pass, hashing as it goes: the SHA-256 hex digest.

    `chunks` may be any sizes; they are re-cut to the file's chunk size, without copying
    when they already arrive in whole chunks.
    """
    hasher = hasher or hashlib.sha256()
    size, chunk_size = sealed.size, sealed.chunk_size
    pending = b""
    index = 0
    # SHA-256 runs in a second thread (hashlib releases the GIL) while this one encrypts
    # and writes the same piece: the two costs overlap instead of adding up.
    with ThreadPoolExecutor(max_workers=1) as hashing:
        for piece in chunks:
            hashed = hashing.submit(hasher.update, piece)
            pending, index = _seal_piece(sealed, piece, pending, index)
            hashed.result()
    if index * chunk_size + len(pending) != size:
        raise SealedError("The stream ended before the declared size: nothing is kept.")
    sealed.write_chunk(index, pending)
    return hasher.hexdigest()


def _seal_piece(sealed: SealedFile, piece: bytes, pending: bytes, index: int):
    """Seal the whole chunks in pending + piece; return what is left and the next index."""
    size, chunk_size = sealed.size, sealed.chunk_size
    if pending:
        piece = pending + piece
    view, offset = memoryview(piece), 0
    while len(piece) - offset >= chunk_size and (index + 1) * chunk_size < size:
        sealed.write_chunk(index, view[offset : offset + chunk_size])
        offset += chunk_size
        index += 1
    return bytes(view[offset:]), index
