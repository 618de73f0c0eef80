"""The command ``cicadraft.compare`` (``workspace/executeCommand``): what changed between
two revisions of a draft, as a report for a preview tab or a scratch buffer.

Arguments, either form:

* ``[OLD_URI, NEW_URI]``: two documents (open ones as the editor has them, else as saved);
* ``[URI, REVISION]``: the document against its version at a git revision (``HEAD``,
  ``HEAD~1``, a commit hash), which is OLD;

optionally followed by ``{"formats": ["markdown", "json", "html"], "locale": "ru"}``
(default: markdown and json, the document's locale).

Result: ``{"title", "old", "new", "changes": N, "markdown", "json", "html"}`` (only the
formats asked for; "json" is the object of docs/diff.md), or ``{"error": "one line"}``
when a document or the revision cannot be read. The diff runs in a worker thread: the
server goes on answering while it works.
"""

from __future__ import annotations

import asyncio

from cicadraft.gitfiles import MAX_BYTES, GitError, git_show

from .uris import fs_path

COMPARE = "cicadraft.compare"
FORMATS = ("markdown", "json", "html")


class CompareError(Exception):
    pass


def _name(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1] or uri


def _read_uri(ls, uri: str) -> str:
    """The text the user sees: the open document, else the file on disk."""
    document = ls.document(uri)
    if document is not None:
        return document.text

    path = fs_path(uri)
    if path is None:
        raise CompareError(f"{uri}: not open in the editor and not a file")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise CompareError(f"{_name(uri)}: cannot read ({error.strerror or error})") from None
    return _decode(data, _name(uri))


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise CompareError(f"{name}: too big for a draft")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CompareError(f"{name}: not UTF-8 text") from None
    if "\x00" in text:
        raise CompareError(f"{name}: a binary file, not a draft")
    return text.removeprefix("\ufeff")


def _request(ls, args) -> dict:
    """What to compare: texts read now (in the server's thread, while the documents are
    as the user sees them)."""
    args = list(args or [])
    options = args.pop() if args and isinstance(args[-1], dict) else {}
    if len(args) == 1 and isinstance(args[0], list):  # a client that sends one array
        args = list(args[0])
    if len(args) != 2 or not all(isinstance(a, str) and a for a in args):
        raise CompareError("cicadraft.compare takes two document URIs, or a document URI and a git revision")
    first, second = args
    new_uri = second if _looks_like_uri(second) else first
    new_text = _read_uri(ls, new_uri)
    if _looks_like_uri(second):
        old_text, old_name, new_name = _read_uri(ls, first), _name(first), _name(second)
        registry_uri = second
    else:
        path = fs_path(first)
        if path is None:
            raise CompareError(f"{first}: not a file, so it has no git history")
        try:
            old_text = _decode(git_show(second, path, timeout=20), f"{_name(first)}@{second}")
        except GitError as error:
            raise CompareError(str(error)) from None
        shown = second[:10] if len(second) == 40 and all(c in "0123456789abcdef" for c in second) else second
        old_name, new_name, registry_uri = f"{_name(first)}@{shown}", _name(first), first
    formats = options.get("formats") or ["markdown", "json"]
    if isinstance(formats, str):
        formats = [formats]
    formats = [f for f in formats if f in FORMATS] or ["markdown", "json"]
    document = ls.document(registry_uri)
    if document is not None:
        registry, locale = ls.registry_for(document), ls.locale_for(document)
    else:
        registry, locale = None, ls.locale
    locale = options.get("locale") if options.get("locale") in ("en", "ru") else locale
    return dict(old=old_text, new=new_text, old_name=old_name, new_name=new_name, registry=registry,
                locale=locale if locale in ("en", "ru") else "en", formats=formats)


def _looks_like_uri(value: str) -> bool:
    head = value.split(":", 1)[0]
    return ":" in value and len(head) > 1 and head.replace("+", "").replace("-", "").replace(".", "").isalnum() and (
        value.startswith(head + "://") or head in ("untitled", "file", "vscode-remote", "vscode-userdata")
    )


def report_for(request: dict) -> dict:
    from cicadraft.analysis.diff import compare
    from cicadraft.analysis.diff.render import render
    from cicadraft.analysis.diff.render.words import word

    report = compare(request["old"], request["new"], request["registry"])
    result = {
        "title": word("title", request["locale"], old=request["old_name"], new=request["new_name"]),
        "old": request["old_name"],
        "new": request["new_name"],
        "changes": len(report.changes),
    }
    for name in request["formats"]:
        if name == "json":
            result["json"] = report.as_json()
        else:
            result[name] = render(report, name, request["old_name"], request["new_name"], request["locale"])
    return result


def register(server) -> None:
    @server.command(COMPARE)
    async def cicadraft_compare(ls, *args):
        try:
            request = _request(ls, args)
            return await asyncio.get_running_loop().run_in_executor(None, report_for, request)
        except CompareError as error:
            return {"error": str(error)}
        except Exception as error:  # the server never dies because one request failed
            import traceback

            ls.log(f"cicadraft: compare failed: {type(error).__name__}: {error}\n{traceback.format_exc()}")
            return {"error": f"compare failed: {type(error).__name__}: {error}"}
