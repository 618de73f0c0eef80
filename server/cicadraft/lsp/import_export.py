"""The commands ``cicadraft.import`` and ``cicadraft.export`` (``workspace/executeCommand``):
Word and PDF documents in and out, for every editor (issue 12).

``cicadraft.import``, arguments ``[DOCUMENT, OPTIONS?]``: DOCUMENT is a path or a ``file:``
URI of a ``.docx``/``.docm``/``.dotx``/``.odt``/``.pdf``; OPTIONS is
``{"authors": {"Word author": "CODE", ...}}`` (added to the ``[import.authors]`` of the
``cicadraft.toml`` beside the document). Result: ``{"text", "notes", "name"}`` where
``name`` is a file name for the new draft (``circular.docx`` → ``circular.cicadraft``).

``cicadraft.export``, arguments ``[DRAFT_URI, OUT, OPTIONS?]``: the draft as the editor has
it (saved or not) is written to OUT (a path or a ``file:`` URI) as a Word document;
OPTIONS is ``{"trackChanges": bool, "clean": bool}``. Result: ``{"path", "notes"}``.

Both answer ``{"error": "one line"}`` instead of failing, and run in a worker thread so
the server goes on answering while a big document is read or written.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from cicadraft.registry.workspaces import Workspaces

from .uris import fs_path

IMPORT = "cicadraft.import"
EXPORT = "cicadraft.export"


class CommandError(Exception):
    pass


def _split(args) -> tuple[list, dict]:
    args = list(args or [])
    options = args.pop() if args and isinstance(args[-1], dict) else {}
    if len(args) == 1 and isinstance(args[0], list):  # a client that sends one array
        args = list(args[0])
    return args, options


def _local_path(value, what: str) -> Path:
    """A path from a ``file:`` URI or a plain path (what Neovim and Emacs users type)."""
    if not isinstance(value, str) or not value:
        raise CommandError(f"{what}: expected a file path or a file: URI")
    if value.startswith("file:"):
        path = fs_path(value)
        if path is None:
            raise CommandError(f"{value}: not a local file")
        return Path(path)
    if ":" in value.split("/", 1)[0] and not os.path.splitdrive(value)[0]:
        raise CommandError(f"{value}: not a local file")
    return Path(os.path.expanduser(value))


def _authors(value) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise CommandError('"authors" must map Word author names to delegation codes')
    return dict(value)


def import_request(ls, args) -> dict:
    """What to import, read in the server's thread (the workspace's registry and
    authors as configured now)."""
    args, options = _split(args)
    if len(args) != 1:
        raise CommandError(f"{IMPORT} takes one document (a path or a file: URI)")
    path = _local_path(args[0], IMPORT)
    from cicadraft.documents.authors import configured_authors

    # The draft will live beside the document: its cicadraft.toml maps the authors, and
    # a broken one stops the import (as on the command line: no decision on a
    # configuration the user did not get).
    # Read afresh, not from the server's cache of folders: the document may sit in a
    # folder no open draft has shown the server, with a cicadraft.toml just written.
    workspace = Workspaces().for_draft(str(path), ls.settings.registry)
    if workspace.problems:
        raise CommandError(f"{workspace.problems[0]} (fix it first: the import maps authors with this file)")
    authors = configured_authors(workspace, _authors(options.get("authors")), '"authors"')
    return {"path": path, "registry": workspace.registry, "authors": authors}


def run_import(request: dict) -> dict:
    from cicadraft.documents.importing import import_document

    result = import_document(request["path"], registry=request["registry"], authors=request["authors"])
    return {"text": result.text, "notes": list(result.notes), "name": request["path"].stem + ".cicadraft"}


def export_request(ls, args) -> dict:
    args, options = _split(args)
    if len(args) != 2 or not isinstance(args[0], str):
        raise CommandError(f"{EXPORT} takes a draft URI and the Word file to write")
    uri, out = args[0], _local_path(args[1], EXPORT)
    document = ls.document(uri)
    if document is not None:
        text, registry = document.text, ls.registry_for(document)
    else:
        source = _local_path(uri, EXPORT)
        try:
            text = source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{source.name}: cannot read the draft ({getattr(error, 'strerror', None) or error})") from None
        registry = ls.workspaces.for_draft(str(source), ls.settings.registry).registry
    if out.suffix.lower() != ".docx":
        raise CommandError(f"{out.name}: the export is a Word document; name it …docx")
    flags = {name: options.get(name, False) for name in ("trackChanges", "clean")}
    if not all(isinstance(value, bool) for value in flags.values()):
        raise CommandError('"trackChanges" and "clean" are true or false')
    if flags["trackChanges"] and flags["clean"]:
        raise CommandError("choose one of trackChanges and clean")
    return {"text": text, "out": out, "registry": registry, **flags}


def run_export(request: dict) -> dict:
    from cicadraft.documents.exporting import export_document

    notes = export_document(request["text"], request["out"], registry=request["registry"],
                            track_changes=request["trackChanges"], clean=request["clean"])
    return {"path": str(request["out"]), "notes": list(notes)}


async def _answer(ls, name: str, prepare, run, args) -> dict:
    from cicadraft.documents.errors import DocumentError

    try:
        request = prepare(ls, args)
        return await asyncio.get_running_loop().run_in_executor(None, run, request)
    except (CommandError, DocumentError) as error:
        return {"error": str(error)}
    except OSError as error:
        where = f"{Path(error.filename).name}: " if error.filename else ""
        return {"error": f"{where}{error.strerror or error}"}
    except Exception as error:  # the server never dies because one request failed
        import traceback

        ls.log(f"cicadraft: {name} failed: {type(error).__name__}: {error}\n{traceback.format_exc()}")
        return {"error": f"{name} failed: {type(error).__name__}: {error}"}


def register(server) -> None:
    @server.command(IMPORT)
    async def cicadraft_import(ls, *args):
        return await _answer(ls, IMPORT, import_request, run_import, args)

    @server.command(EXPORT)
    async def cicadraft_export(ls, *args):
        return await _answer(ls, EXPORT, export_request, run_export, args)
