"""The recordings' master keys (HAVEN_RECORDING_KEY_FILE) and storage.

Outside production a missing key file is created on first use, so `make run` and the
tests need no setup; production refuses to start without one (haven/settings.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages

from haven.core import sealed


def key_file() -> Path:
    return Path(settings.HAVEN_RECORDING_KEY_FILE)


def master_keys() -> sealed.MasterKeys:
    path = key_file()
    if not path.exists() and not getattr(settings, "PRODUCTION", False):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            sealed.write_key_file(path, sealed.MasterKeys.parse(sealed.new_key_file_text()))
        except FileExistsError:  # pragma: no cover (another process made it first)
            pass
    return sealed.MasterKeys.load(path)


def recording_storage():
    return storages["recordings"]


# Other sealed files under the same master key (case documents) re-wrap their data keys
# when it rotates: each app registers (label, rewrap(keys=...) -> count) from its ready().
_REWRAPPERS: dict[str, object] = {}


def register_sealed_files(label: str, rewrap) -> None:
    _REWRAPPERS[label] = rewrap


def sealed_file_rewrappers() -> dict[str, object]:
    return dict(_REWRAPPERS)
