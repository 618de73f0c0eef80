"""The UN registry profile (docs/conventions.md): group and delegation codes of UN
drafts (G77, EU, AOSIS, LMDC, AGN, AILAC, EIG, LDCs, SIDS, Arab Group, US/USA), a data
file shipped beside CICA's, chosen with `[settings] profile = "un"`; CICA stays the
default."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from cicadraft.cli.main import main

DRAFT = "The Parties [shall] (+G77, -US) act [now] (+AOSIS, +EU) (LDCs tcb) [here] (-USA, +LMDC, +AGN, +AILAC, +EIG, +SIDS, +ARAB) (-IRAN).\n"
GROUP_CODES = ["G77", "EU", "AOSIS", "LMDC", "AGN", "AILAC", "EIG", "LDCS", "SIDS", "ARAB", "US", "USA"]


def check(tmp_path, capsys, settings: str | None) -> tuple[int, str]:
    draft = tmp_path / "a.cicadraft"
    draft.write_text(DRAFT, encoding="utf-8")
    if settings is not None:
        (tmp_path / "cicadraft.toml").write_text(settings, encoding="utf-8")
    code = main(["check", str(draft)])
    return code, capsys.readouterr().out


def test_the_un_profile_knows_the_codes_of_un_drafts(tmp_path, capsys):
    code, out = check(tmp_path, capsys, '[settings]\nprofile = "un"\n')
    assert "unknown-code" not in out and "malformed-tag" not in out, out
    assert "observer-tag" not in out  # in UN negotiations the United States is a Party
    assert code == 0


def test_cica_stays_the_default(tmp_path, capsys):
    _, out = check(tmp_path, capsys, None)
    unknown = {line.split("“")[1].split("”")[0] for line in out.splitlines() if "unknown-code" in line}
    assert {"G77", "AOSIS", "EU", "LMDC", "US"} <= unknown
    assert "IRAN" not in unknown
    _, explicit = check(tmp_path, capsys, '[settings]\nprofile = "cica"\n')
    assert explicit == out


def test_an_unknown_profile_is_a_config_error(tmp_path, capsys):
    _, out = check(tmp_path, capsys, '[settings]\nprofile = "wto"\n')
    assert 'cicadraft.toml:2:1: error config-error “profile” must be one of "cica" or "un"' in out


def test_every_entry_of_the_profile_has_its_sources():
    text = resources.files("cicadraft.registry").joinpath("data", "un.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)
    sources = table["sources"]
    delegations = table["delegations"]
    for code in ("G77", "EU", "AOSIS", "LMDC", "AGN", "AILAC", "EIG", "LDC", "SIDS", "ARABGROUP", "USA", "GBR", "CAN"):
        assert code in delegations, code
    for code, entry in delegations.items():
        assert entry["sources"], code
        for source in entry["sources"]:
            assert source in sources, (code, source)
    assert "US" in delegations["USA"]["aliases"]
    assert "LDCS" in delegations["LDC"]["aliases"]


@pytest.mark.parametrize("code", GROUP_CODES)
def test_each_group_code_is_known_under_the_profile(code):
    from cicadraft.registry.loader import profile_registry

    assert profile_registry("un").lookup(code) is not None
    assert profile_registry("cica").lookup(code) is None or code == "USA"
