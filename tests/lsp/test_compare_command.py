"""The ``cicadraft.compare`` command over LSP: two documents, or a document and a git
revision, give the diff report (markdown, json, html)."""

from __future__ import annotations

import asyncio
import os
import subprocess

from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import TIMEOUT, open_draft, uri_for
from test_status_request import plain


async def compare(client: LanguageClient, *arguments):
    return plain(
        await asyncio.wait_for(
            client.workspace_execute_command_async(types.ExecuteCommandParams(command="cicadraft.compare", arguments=list(arguments))),
            TIMEOUT,
        )
    )


def revised(text: str) -> str:
    return text.replace("(+IRAN) (SEC tcb)", "(+IRAN, +IND) (SEC tcb)").replace("\n13. Support", "\n14. Support")


async def test_the_command_is_advertised(client: LanguageClient):
    provider = client.server_capabilities.execute_command_provider
    assert provider is not None and "cicadraft.compare" in provider.commands


async def test_two_open_documents(client: LanguageClient, tmp_path, example_text):
    old, new = uri_for(tmp_path, "Rev0.cicadraft"), uri_for(tmp_path, "Rev1.cicadraft")
    await open_draft(client, old, example_text)
    await open_draft(client, new, revised(example_text))
    result = await compare(client, old, new)
    assert result["changes"] == 2 and result["old"] == "Rev0.cicadraft" and result["new"] == "Rev1.cicadraft"
    assert result["markdown"].startswith("# Changes from Rev0.cicadraft to Rev1.cicadraft")
    kinds = sorted(c["kind"] for c in result["json"]["changes"])
    assert kinds == ["item-renumbered", "tag-added"]
    assert result["json"]["summary"]["delegations"]["IND"]["joined"]
    assert "html" not in result


async def test_the_open_text_is_compared_not_the_saved_file(client: LanguageClient, tmp_path, example_text):
    path = tmp_path / "saved.cicadraft"
    path.write_text(example_text, encoding="utf-8")
    other = uri_for(tmp_path, "other.cicadraft")
    (tmp_path / "other.cicadraft").write_text(example_text, encoding="utf-8")
    await open_draft(client, path.as_uri(), revised(example_text))  # unsaved edits
    result = await compare(client, other, path.as_uri())  # other is not open: read from disk
    assert result["changes"] == 2


async def test_formats_and_locale(client: LanguageClient, tmp_path, example_text):
    old, new = uri_for(tmp_path, "a.cicadraft"), uri_for(tmp_path, "b.cicadraft")
    await open_draft(client, old, example_text)
    await open_draft(client, new, revised(example_text))
    result = await compare(client, old, new, {"formats": ["html"], "locale": "ru"})
    assert set(result) == {"title", "old", "new", "changes", "html"}
    assert '<html lang="ru">' in result["html"] and "Было" in result["html"]


async def test_against_a_git_revision(client: LanguageClient, tmp_path, example_text):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    path = tmp_path / "draft.cicadraft"
    path.write_text(example_text, encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "Rev.0"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    await open_draft(client, path.as_uri(), revised(example_text))
    result = await compare(client, path.as_uri(), "HEAD")
    assert result["old"] == "draft.cicadraft@HEAD" and result["changes"] == 2
    missing = await compare(client, path.as_uri(), "no-such-revision")
    assert "git show no-such-revision" in missing["error"] and "\n" not in missing["error"]


async def test_bad_arguments_get_an_error_and_the_server_lives_on(client: LanguageClient, tmp_path, example_text):
    uri = uri_for(tmp_path)
    await open_draft(client, uri, example_text)
    for arguments in ([], [uri], [1, 2], [uri, uri, uri], [uri_for(tmp_path, "nothing-here.cicadraft"), uri]):
        result = await compare(client, *arguments)
        assert result.get("error"), arguments
    binary = tmp_path / "blob.cicadraft"
    binary.write_bytes(b"\x00\x01")
    assert "binary" in (await compare(client, binary.as_uri(), uri))["error"]
    assert (await compare(client, uri, uri))["changes"] == 0
