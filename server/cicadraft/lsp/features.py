"""The feature modules, each with ``register(server)``. Order does not matter."""

from __future__ import annotations

MODULES: list = []

# Structure and navigation: folding, outline, semantic tokens, code completion in tags,
# highlights/references of a delegation, and renaming a code.
from . import completion, folding, highlight, rename, semantic_tokens, symbols  # noqa: E402

MODULES += [folding, symbols, semantic_tokens, completion, highlight, rename]

# Hover, code actions and the cicadraft/status request (issue 4).
from . import code_actions, hover, status  # noqa: E402

MODULES.extend([hover, code_actions, status])

# The cicadraft.compare command: a diff report between two revisions (issue 13).
from . import compare  # noqa: E402

MODULES.append(compare)

# Where the negotiation stands (issue 14): the cicadraft/positions request and the
# cicadraft.positions command; the code lens above each open paragraph.
from . import code_lens, negotiation  # noqa: E402

MODULES.extend([negotiation, code_lens])

# The cicadraft.import and cicadraft.export commands: Word and PDF in and out (issue 12).
from . import import_export  # noqa: E402

MODULES.append(import_export)
