"""The compute kinds (compute clusters, compute instances), discovered from this package: one module per kind."""

from __future__ import annotations

from typing import Any

from amlgen.kinds.compute.base import ComputeKind
from amlgen.kinds.registry import discover

KINDS: tuple[ComputeKind[Any], ...] = tuple(discover(__name__, __path__))
