"""Faults in the configuration (issue 7): a broken ``cicadraft.toml``, a registry file that
is missing or unusable, settings of the wrong type. Each is said once, in plain words;
the server carries on with the defaults; and nothing in a workspace is ever executed.

Every test runs as VS Code (diagnostics pushed) and as Neovim 0.11 (diagnostics pulled).
Problems in a ``cicadraft.toml`` are pushed as diagnostics on that file under both
profiles (the editor does not have it open, so it cannot pull them).
"""

from __future__ import annotations

import asyncio
import os
import shlex
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cicadraft.analysis.document_findings import analyze
from cicadraft.registry import default_registry
from cicadraft.syntax import parse
from conftest import PROFILES, SERVER, TIMEOUT, accept_registrations, current_diagnostics, open_draft, pulls

# A draft with one finding that depends on the registry (ZZZZ is unknown, IRAN is known)
# and one that does not (the stray bracket).
DRAFT = "1. The parties [shall promote] (+IRAN) (-ZZZZ) dialogue. ]\n"


def expected(text: str = DRAFT, severities: dict | None = None) -> list[tuple]:
    """The findings with the shipped registry and default settings, in English."""
    return sorted((f.code, f.severity, f.message) for f in analyze(parse(text), default_registry(), severities or {}, "en"))


SEVERITY_NAMES = {1: "error", 2: "warning", 3: "information", 4: "hint"}


def seen(diagnostics) -> list[tuple]:
    return sorted((d.code, SEVERITY_NAMES[d.severity], d.message) for d in diagnostics)


# -- a server per test, with initializationOptions ----------------------------------------------


# initializationOptions by test (the other tests send none).
OPTIONS: dict[str, dict] = {}


def initialization_options(options: dict):
    def mark(test):
        OPTIONS[test.__name__] = options
        return test

    return mark


def options_of(request) -> dict | None:
    return OPTIONS.get(request.function.__name__)


@pytest_lsp.fixture(params=PROFILES, config=ClientServerConfig(server_command=SERVER))
async def client(request, lsp_client: LanguageClient):
    """The shared ``client`` fixture, plus the test's ``initialization_options``."""
    accept_registrations(lsp_client)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            process_id=None,
            locale="en",
            initialization_options=options_of(request),
        )
    )
    lsp_client.profile = request.param
    lsp_client.server_capabilities = result.capabilities
    yield
    await lsp_client.shutdown_session()


def shown(client: LanguageClient) -> list[str]:
    return [m.message for m in client.messages]


async def settle(client: LanguageClient) -> None:
    """Wait until the server has handled everything sent so far (its answers come in order)."""
    await asyncio.wait_for(
        client.protocol.send_request_async("cicadraft/status", {"textDocument": {"uri": "file:///settle.cicadraft"}}), TIMEOUT
    )


async def wait_for(condition, what: str, seconds: float = TIMEOUT) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def watched(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=kind)])
    )


async def fresh_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The draft's diagnostics after a recheck: pushed again, or pulled again."""
    if pulls(client):
        return await current_diagnostics(client, uri)
    await wait_for(lambda: uri in client.diagnostics, f"diagnostics for {uri}")
    return list(client.diagnostics[uri])


# -- an invalid cicadraft.toml ----------------------------------------------------------------------


async def test_an_invalid_toml_is_reported_on_its_line_and_the_defaults_apply(client: LanguageClient, tmp_path):
    config = tmp_path / "cicadraft.toml"
    config.write_text('[diagnostics]\nseverity = { unknown-code = "off" }\n[settings\nlocale = "ru"\n', encoding="utf-8")
    uri = (tmp_path / "draft.cicadraft").as_uri()

    diagnostics = await open_draft(client, uri, DRAFT)
    # The draft is checked with the shipped registry and the defaults: the file's
    # `unknown-code = "off"` and `locale = "ru"` are not applied.
    assert seen(diagnostics) == expected()
    assert "unknown-code" in {d.code for d in diagnostics}

    await wait_for(lambda: config.as_uri() in client.diagnostics, "diagnostics on cicadraft.toml")
    (problem,) = client.diagnostics[config.as_uri()]
    assert problem.range.start.line == 2  # `[settings` is the third line
    assert problem.severity == types.DiagnosticSeverity.Error
    assert "not valid TOML" in problem.message
    await wait_for(lambda: any("not valid TOML" in m for m in shown(client)), "a message")
    assert sum("not valid TOML" in m for m in shown(client)) == 1

    # Typing in the draft does not repeat the message.
    for version in range(2, 6):
        change(client, uri, version, DRAFT + "x" * version)
    await settle(client)
    assert sum("not valid TOML" in m for m in shown(client)) == 1

    # Fixing the file clears its diagnostics and applies it.
    config.write_text('[diagnostics]\nseverity = { unknown-code = "off" }\n', encoding="utf-8")
    client.diagnostics.pop(uri, None)
    watched(client, config, types.FileChangeType.Changed)
    await wait_for(lambda: list(client.diagnostics.get(config.as_uri(), [None])) == [], "the toml's diagnostics to clear")
    text = DRAFT + "x" * 5
    assert seen(await fresh_diagnostics(client, uri)) == expected(text, {"unknown-code": "off"})


# -- a registry file that cannot be used -------------------------------------------------------------


def _registry_problems(client: LanguageClient) -> list[str]:
    return [m for m in shown(client) if "egistry" in m]


@initialization_options({"registry": "/nowhere/at/all/codes.toml"})
async def test_a_missing_registry_file_from_the_settings_is_said_once_and_the_shipped_one_is_used(client, tmp_path):
    uri = (tmp_path / "draft.cicadraft").as_uri()
    assert seen(await open_draft(client, uri, DRAFT)) == expected()
    for version in range(2, 5):
        change(client, uri, version, DRAFT)
    await settle(client)
    problems = _registry_problems(client)
    assert len(problems) == 1, shown(client)
    assert "/nowhere/at/all/codes.toml" in problems[0]


async def test_a_missing_registry_file_named_in_the_toml_is_placed_at_its_line(client, tmp_path):
    config = tmp_path / "cicadraft.toml"
    config.write_text('# our codes\n[settings]\nregistry = "missing-codes.toml"\n', encoding="utf-8")
    uri = (tmp_path / "draft.cicadraft").as_uri()
    assert seen(await open_draft(client, uri, DRAFT)) == expected()
    await wait_for(lambda: config.as_uri() in client.diagnostics, "diagnostics on cicadraft.toml")
    (problem,) = client.diagnostics[config.as_uri()]
    assert problem.range.start.line == 2
    assert "missing-codes.toml" in problem.message
    await settle(client)
    assert len(_registry_problems(client)) == 1, shown(client)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[delegations.ABC\nname = 'x'\n", id="not-toml"),
        pytest.param(b"\xff\xfe[delegations]\n", id="not-utf8"),
        pytest.param(b"as_of = 2024\n", id="no-delegation"),
        pytest.param(None, id="a-folder"),
    ],
)
async def test_an_unusable_registry_file_is_reported_and_the_shipped_one_is_used(client, tmp_path, content):
    registry = tmp_path / "codes.toml"
    if content is None:
        registry.mkdir()
    else:
        registry.write_bytes(content)
    config = tmp_path / "cicadraft.toml"
    config.write_text('[settings]\nregistry = "codes.toml"\n', encoding="utf-8")
    uri = (tmp_path / "draft.cicadraft").as_uri()
    assert seen(await open_draft(client, uri, DRAFT)) == expected()
    await wait_for(lambda: config.as_uri() in client.diagnostics, "diagnostics on cicadraft.toml")
    # Where the toml names the file...
    (named,) = client.diagnostics[config.as_uri()]
    assert named.range.start.line == 1 and str(registry) in named.message and "built-in registry" in named.message
    # ...and in the registry file itself, at its first line, when it is a file.
    if content is not None:
        await wait_for(lambda: registry.as_uri() in client.diagnostics, "diagnostics on the registry file")
        (inside,) = client.diagnostics[registry.as_uri()]
        assert inside.range.start.line == 0
    # Said once each, however much is typed.
    for version in range(2, 5):
        change(client, uri, version, DRAFT)
    await settle(client)
    messages = [m for m in shown(client) if str(registry) in m]
    assert len(messages) == (1 if content is None else 2) == len(set(messages)), messages


# -- settings of the wrong type ------------------------------------------------------------------------

WRONG = {"validate": 3, "severity": "loud", "locale": ["x"]}
WRONG_AGAIN = {"validate": "always", "severity": {"unknown-code": "deafening", "no-such-code": "off"}, "locale": {"ru": 1}}


def about(client: LanguageClient, key: str) -> list[str]:
    return [m for m in shown(client) if f"cicadraft.{key}" in m]


@initialization_options(WRONG)
async def test_wrong_types_in_initialization_options_are_said_once_each_and_the_defaults_apply(client, tmp_path):
    uri = (tmp_path / "draft.cicadraft").as_uri()
    # Defaults: English messages, default severities...
    assert seen(await open_draft(client, uri, DRAFT)) == expected()
    for key in ("validate", "severity", "locale"):
        assert len(about(client, key)) == 1, (key, shown(client))
    # ...and validation on type: each change gets diagnostics (pushed or pulled).
    count = len(shown(client))
    for version in range(2, 6):
        text = DRAFT + "[" * (version - 1)
        change(client, uri, version, text)
        if not pulls(client):
            client.diagnostics.pop(uri, None)
        diagnostics = await fresh_diagnostics(client, uri)
        assert [d.code for d in diagnostics].count("unclosed-bracket") == version - 1
    await settle(client)
    assert len(shown(client)) == count, "a message repeated on a keystroke"


async def test_wrong_types_through_did_change_configuration_are_said_once_each(client, tmp_path):
    uri = (tmp_path / "draft.cicadraft").as_uri()
    await open_draft(client, uri, DRAFT)
    for _ in range(3):  # the same wrong settings, sent again and again
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cicadraft": WRONG}))
    await settle(client)
    for key in ("validate", "severity", "locale"):
        assert len(about(client, key)) == 1, (key, shown(client))
    # Other wrong values are new problems: each said once too.
    for _ in range(2):
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"cicadraft": WRONG_AGAIN}))
    await settle(client)
    assert len(about(client, "validate")) == 2
    assert len(about(client, "locale")) == 2
    assert len(about(client, "severity")) == 3  # the old one, the bad level, the unknown code
    # The defaults still apply.
    client.diagnostics.pop(uri, None)
    change(client, uri, 2, DRAFT)
    assert seen(await fresh_diagnostics(client, uri)) == expected()


async def test_wrong_types_pulled_through_workspace_configuration(client, tmp_path):
    # Both profiles (VS Code, Neovim) answer workspace/configuration.
    assert client_capabilities(client.profile).workspace.configuration
    asked = []

    def configuration(params: types.ConfigurationParams):
        asked.append(params)
        return [client.get_configuration(section=item.section, scope_uri=item.scope_uri) for item in params.items]

    client.protocol.fm._features.pop(types.WORKSPACE_CONFIGURATION, None)
    client.feature(types.WORKSPACE_CONFIGURATION)(configuration)
    uri = (tmp_path / "draft.cicadraft").as_uri()
    await open_draft(client, uri, DRAFT)
    client.set_configuration(WRONG, section="cicadraft")
    before = len(asked)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: len(about(client, "locale")) == 1, "the message about locale")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for(lambda: len(asked) >= before + 2, "the server to read the configuration again")
    for _ in range(3):  # the server applies the answer after its await: give it turns
        await settle(client)
    for key in ("validate", "severity", "locale"):
        assert len(about(client, key)) == 1, (key, shown(client))
    client.diagnostics.pop(uri, None)
    change(client, uri, 2, DRAFT)
    assert seen(await fresh_diagnostics(client, uri)) == expected()


# -- editing cicadraft.toml on disk -----------------------------------------------------------------


async def test_editing_the_toml_on_disk_rechecks_the_open_drafts(client, tmp_path):
    config = tmp_path / "cicadraft.toml"
    sub = tmp_path / "meeting"
    sub.mkdir()
    first, second = (tmp_path / "a.cicadraft").as_uri(), (sub / "b.cicadraft").as_uri()
    assert "unknown-code" in {d.code for d in await open_draft(client, first, DRAFT)}
    assert "unknown-code" in {d.code for d in await open_draft(client, second, DRAFT)}
    refreshes = client.diagnostic_refresh_count

    # A new file switches unknown-code off: both drafts lose that diagnostic.
    config.write_text('[diagnostics]\nseverity = { unknown-code = "off" }\n', encoding="utf-8")
    client.diagnostics.pop(first, None)
    client.diagnostics.pop(second, None)
    watched(client, config, types.FileChangeType.Created)
    for uri in (first, second):
        assert seen(await fresh_diagnostics(client, uri)) == expected(severities={"unknown-code": "off"})
    refresh = client_capabilities(client.profile).workspace.diagnostics
    if pulls(client) and refresh and refresh.refresh_support:
        await wait_for(lambda: client.diagnostic_refresh_count > refreshes, "workspace/diagnostic/refresh")

    # An edit teaches the registry the code instead.
    config.write_text('[delegations.ZZZZ]\nname = "Zed"\n', encoding="utf-8")
    client.diagnostics.pop(first, None)
    watched(client, config, types.FileChangeType.Changed)
    codes = {d.code for d in await fresh_diagnostics(client, first)}
    assert "unknown-code" not in codes and "stray-bracket" in codes

    # Deleting it brings the defaults back.
    config.unlink()
    client.diagnostics.pop(first, None)
    watched(client, config, types.FileChangeType.Deleted)
    assert seen(await fresh_diagnostics(client, first)) == expected()


# -- nothing from a workspace is executed ----------------------------------------------------------


def hostile(marker: Path) -> list[str]:
    """Strings that a careless tool would run, each creating ``marker``."""
    quoted = shlex.quote(str(marker))
    return [
        f"__import__('os').system('touch {marker}')",
        f"$(touch {quoted})",
        f"`touch {quoted}`",
        f"; touch {quoted}",
        f"{{{{ __import__('os').system('touch {marker}') }}}}",
    ]


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def test_nothing_in_a_workspace_is_executed(client, tmp_path):
    marker = tmp_path / "PWNED"
    payloads = hostile(marker)
    registry = tmp_path / "codes.toml"
    registry.write_text(
        "".join(f"[delegations.X{n}Y]\nname = {toml_string(p)}\n" for n, p in enumerate(payloads))
        + f"[aliases]\n{toml_string(payloads[1])} = \"X0Y\"\n",
        encoding="utf-8",
    )
    config = tmp_path / "cicadraft.toml"
    config.write_text(
        f"[settings]\nlocale = {toml_string(payloads[0])}\nregistry = \"codes.toml\"\n"
        f"[delegations.EVIL]\nname = {toml_string(payloads[1])}\nnames = {{ en = {toml_string(payloads[2])} }}\n"
        f"sources = [{', '.join(toml_string(p) for p in payloads)}]\n"
        f"[diagnostics]\nseverity = {{ unknown-code = {toml_string(payloads[3])} }}\n"
        f"[{toml_string(payloads[4])}]\nx = 1\n",
        encoding="utf-8",
    )
    uri = (tmp_path / "draft.cicadraft").as_uri()
    text = "[x] (+EVIL) (+X0Y) (-ZZZZ) $(touch PWNED) __import__('os').system('touch PWNED')\n"
    await open_draft(client, uri, text)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"cicadraft": {"registry": payloads[1], "locale": payloads[0]}})
    )
    watched(client, config, types.FileChangeType.Changed)
    hover = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 6))
    await asyncio.wait_for(client.text_document_hover_async(hover), TIMEOUT)
    await settle(client)
    await asyncio.sleep(0.5)
    assert not marker.exists()
    assert not (Path.cwd() / "PWNED").exists()
    assert not Path(os.path.expanduser("~"), "PWNED").exists()
    assert client.error is None and client._server.returncode is None
