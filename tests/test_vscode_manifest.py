"""The VS Code extension's manifest agrees with the server: every semantic token type
and modifier the server sends is declared, and the settings name every diagnostic code."""

from __future__ import annotations

import json
from pathlib import Path

from cicadraft.analysis.diagnostics import CODES
from cicadraft.lsp.semantic_tokens import TOKEN_MODIFIERS, TOKEN_TYPES

MANIFEST = json.loads((Path(__file__).parents[1] / "vscode-client" / "package.json").read_text(encoding="utf-8"))


def test_semantic_token_legend_is_declared():
    contributes = MANIFEST["contributes"]
    assert [t["id"] for t in contributes["semanticTokenTypes"]] == TOKEN_TYPES
    assert [m["id"] for m in contributes["semanticTokenModifiers"]] == TOKEN_MODIFIERS
    (scopes,) = contributes["semanticTokenScopes"]
    assert scopes["language"] == "cicadraft"
    assert {selector.split(".")[0] for selector in scopes["scopes"]} <= set(TOKEN_TYPES)


def test_severity_setting_lists_every_diagnostic_code():
    properties = MANIFEST["contributes"]["configuration"]["properties"]
    assert set(properties["cicadraft.severity"]["properties"]) == set(CODES)
