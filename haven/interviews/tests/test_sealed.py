"""haven/core/sealed.py: chunked AES-256-GCM, wrapped data keys, ranges, tampering."""

import hashlib
import uuid

import pytest
from django.core.files.storage import FileSystemStorage

from haven.core import sealed


@pytest.fixture
def keys():
    return sealed.MasterKeys.parse(sealed.new_key_file_text())


def make(tmp_path, keys, data: bytes, chunk_size=1000):
    file_id = uuid.uuid4()
    key_id, wrapped = sealed.wrap_data_key(keys, sealed.new_data_key(), file_id)
    data_key = sealed.unwrap_data_key(keys, key_id, wrapped, file_id)
    f = sealed.SealedFile(
        storage=FileSystemStorage(location=tmp_path),
        prefix=f"t/{file_id}",
        file_id=file_id,
        data_key=data_key,
        size=len(data),
        chunk_size=chunk_size,
    )
    digest = sealed.seal_stream(f, [data[i : i + 333] for i in range(0, len(data), 333)])
    return f, digest, key_id, wrapped


def test_it_round_trips_and_hashes_as_it_seals(tmp_path, keys):
    data = bytes(range(256)) * 20
    f, digest, _, _ = make(tmp_path, keys, data)
    assert digest == hashlib.sha256(data).hexdigest() == f.digest()
    assert b"".join(f.read_range(0, len(data) - 1)) == data
    assert b"".join(f.read_range(999, 2001)) == data[999:2002]
    stored = (tmp_path / f.prefix / "00000000").read_bytes()
    assert data[:100] not in stored  # encrypted at rest


def test_a_tampered_chunk_fails_its_check(tmp_path, keys):
    f, _, _, _ = make(tmp_path, keys, b"x" * 3500)
    path = tmp_path / f.prefix / "00000001"
    raw = bytearray(path.read_bytes())
    raw[10] ^= 1
    path.write_bytes(bytes(raw))
    assert b"".join(f.read_range(0, 999)) == b"x" * 1000  # untouched chunks still open
    with pytest.raises(sealed.SealedError, match="Chunk 1"):
        list(f.read_range(1000, 1999))


def test_swapped_chunks_and_a_dropped_last_chunk_fail(tmp_path, keys):
    f, _, _, _ = make(tmp_path, keys, bytes(range(250)) * 12)  # 3000 bytes: 3 chunks
    a, b = tmp_path / f.prefix / "00000000", tmp_path / f.prefix / "00000001"
    first, second = a.read_bytes(), b.read_bytes()
    a.write_bytes(second)
    b.write_bytes(first)
    with pytest.raises(sealed.SealedError):
        f.read_chunk(0)
    # Reading a shorter file (the last chunk dropped) fails: chunk 1 was not sealed as last.
    a.write_bytes(first)
    b.write_bytes(second)
    shorter = sealed.SealedFile(
        storage=f.storage,
        prefix=f.prefix,
        file_id=f.file_id,
        data_key=f.data_key,
        size=2000,
        chunk_size=1000,
    )
    with pytest.raises(sealed.SealedError):
        shorter.read_chunk(1)


def test_a_wrong_master_key_is_named_not_guessed(tmp_path, keys):
    _, _, key_id, wrapped = make(tmp_path, keys, b"y" * 10)
    other = sealed.MasterKeys.parse(sealed.new_key_file_text())
    with pytest.raises(sealed.SealedError, match="does not hold"):
        sealed.unwrap_data_key(other, key_id, wrapped, uuid.uuid4())


def test_rotation_rewraps_the_data_key_only(tmp_path, keys):
    f, _, key_id, wrapped = make(tmp_path, keys, b"z" * 2500)
    before = (tmp_path / f.prefix / "00000000").read_bytes()
    rotated = keys.with_new_current()
    new_id, new_wrapped = sealed.rewrap_data_key(rotated, key_id, wrapped, f.file_id)
    assert new_id == rotated.current != key_id
    only_new = rotated.only_current()
    assert sealed.unwrap_data_key(only_new, new_id, new_wrapped, f.file_id) == f.data_key
    assert (tmp_path / f.prefix / "00000000").read_bytes() == before


def test_a_chunk_is_never_sealed_twice(tmp_path, keys):
    f, _, _, _ = make(tmp_path, keys, b"q" * 1500)
    with pytest.raises(sealed.SealedError, match="already stored"):
        f.write_chunk(0, b"r" * 1000)


def test_key_files_are_checked(tmp_path):
    with pytest.raises(sealed.SealedError):
        sealed.MasterKeys.parse("abc notbase64!!")
    with pytest.raises(sealed.SealedError):
        sealed.MasterKeys.parse("")
    keys = sealed.MasterKeys.parse(sealed.new_key_file_text()).with_new_current()
    sealed.write_key_file(tmp_path / "k", keys)
    assert sealed.MasterKeys.load(tmp_path / "k") == keys
    assert (tmp_path / "k").stat().st_mode & 0o777 == 0o600


def test_an_attempt_stamped_file_carries_its_attempt_and_opens(tmp_path, keys):
    import dataclasses
    import struct

    f, _, _, _ = make(tmp_path, keys, b"y" * 2500)
    stamped = dataclasses.replace(f, prefix=f"s/{f.file_id}", attempt=7)
    stamped.write_chunk(0, b"a" * 1000)
    stamped.write_chunk(1, b"b" * 1000)
    stamped.write_chunk(2, b"c" * 500)
    raw = (tmp_path / stamped.prefix / "00000001").read_bytes()
    assert struct.unpack(">I", raw[:4]) == (7,) and len(raw) == 4 + 1000 + 16
    reader = dataclasses.replace(stamped, attempt=0)  # a reader's number does not matter
    assert b"".join(reader.read_range(0, 2499)) == b"a" * 1000 + b"b" * 1000 + b"c" * 500


def test_a_changed_attempt_number_fails_the_chunks_check(tmp_path, keys):
    import dataclasses

    f, _, _, _ = make(tmp_path, keys, b"y" * 1500)
    stamped = dataclasses.replace(f, prefix=f"s/{f.file_id}", attempt=3)
    stamped.write_chunk(0, b"a" * 1000)
    path = tmp_path / stamped.prefix / "00000000"
    raw = bytearray(path.read_bytes())
    raw[3] = 4  # claims attempt 4
    path.write_bytes(bytes(raw))
    with pytest.raises(sealed.SealedError, match="Chunk 0"):
        stamped.read_chunk(0)


def test_attempt_zero_never_seals(tmp_path, keys):
    with pytest.raises(sealed.SealedError):
        sealed.seal_chunk(sealed.new_data_key(), uuid.uuid4(), 0, b"x", final=True, attempt=0)
