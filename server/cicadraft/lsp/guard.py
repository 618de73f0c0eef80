"""One failing request must never take the server down.

Every feature handler is wrapped: an exception is logged (``window/logMessage``, with the
traceback) and the client gets the feature's empty answer instead of an error.
"""

from __future__ import annotations

import asyncio
import functools
import traceback

from lsprotocol import types


def _empty(value):
    return value() if callable(value) else value


def _report(ls, handler, error: BaseException) -> None:
    detail = "".join(traceback.format_exception(error)).rstrip()
    message = f"cicadraft: {handler.__name__} failed: {type(error).__name__}: {error}\n{detail}"
    try:
        ls.log(message, types.MessageType.Error)
    except Exception:  # pragma: no cover - logging itself failed
        pass


def guarded(empty):
    """Wrap a handler ``(ls, params)``: on an exception, log it and return ``empty`` (a
    value, or a callable making one)."""

    def decorate(handler):
        if asyncio.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(ls, params):
                try:
                    return await handler(ls, params)
                except Exception as error:
                    _report(ls, handler, error)
                    return _empty(empty)

            return run_async

        @functools.wraps(handler)
        def run(ls, params):
            try:
                return handler(ls, params)
            except Exception as error:
                _report(ls, handler, error)
                return _empty(empty)

        return run

    return decorate
