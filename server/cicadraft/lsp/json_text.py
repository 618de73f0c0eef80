"""Results sent as JSON text the server writes itself.

pygls's converter walks every value of a request's result (plain dicts too) before
``json.dumps``: for the thousands of code lenses or positions of a 1 MB draft that took
longer than working them out. A handler that returns :class:`JsonText` (``json.dumps`` of
plain data) has it sent as written (:meth:`CicadraftProtocol._send_response
<cicadraft.lsp.server.CicadraftProtocol._send_response>`).
"""

from __future__ import annotations

import json


class JsonText(str):
    """A request's result written as JSON text already."""

    __slots__ = ()


def json_text(data) -> JsonText:
    """Plain data (dicts, lists, strings, numbers) as a :class:`JsonText` result, ASCII
    only as pygls writes its messages."""
    return JsonText(json.dumps(data))
