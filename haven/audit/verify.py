"""Recompute the audit hash chain and report the first row that does not fit."""

from dataclasses import dataclass

from haven.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    rows_checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    expected_prev = GENESIS_HASH
    checked = 0
    queryset = AuditEvent.objects.order_by("id")
    for event in queryset.iterator(chunk_size=batch_size):
        checked += 1
        if event.prev_hash != expected_prev:
            return ChainReport(
                checked, event.id, "its link to the previous row is broken (a row was removed)"
            )
        if event.compute_hash() != event.row_hash:
            return ChainReport(checked, event.id, "its contents do not match its hash (altered)")
        expected_prev = event.row_hash
    return ChainReport(checked)
