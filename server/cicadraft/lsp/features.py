"""The feature modules, each with ``register(server)``. Order does not matter."""

from __future__ import annotations

MODULES: list = []
