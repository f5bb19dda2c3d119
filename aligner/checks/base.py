"""What every check returns: a :class:`Finding` with its code, reason and spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One check's verdict on a bead: its code, why (for a reviewer), and where."""

    code: str
    reason: str
    spans: tuple[dict[str, Any], ...] = field(default=())
