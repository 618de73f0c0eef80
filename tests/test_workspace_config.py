"""A workspace's cicadraft.toml: reading it, its problems, and the registry it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicadraft.registry import (DIAGNOSTIC_CODES, WorkspaceConfig, default_registry,
                                find_workspace_config, load_workspace_config, workspace_registry)

EXAMPLE = '''\
[delegations.G77]            # add a code (kind defaults to "custom")
name = "Group of 77"

[delegations.IRN]            # override fields of a shipped delegation
names = { en = "Islamic Republic of Iran" }

[aliases]
PERSIA = "IRN"               # alias -> an existing code

[areas."ict-security"]       # override coordinators by area id
coordinators = [{ code = "RUS", tenure = "2024-2025" }]
co_coordinators = [{ code = "CHN" }]

[areas.environment-protection]
co_coordinators = ["BGD", "CHN"]

[diagnostics]
severity = { duplicate-tag = "off", unknown-code = "error" }

[settings]
locale = "ru"
'''


def write(folder: Path, text: str, name: str = "cicadraft.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    config, problems = load_workspace_config(write(tmp_path, text))
    registry, more = workspace_registry(config)
    return config, registry, problems + more


def lines(problems) -> list[int]:
    return [p.line for p in problems]


def test_the_documented_example(tmp_path):
    config, reg, problems = load(tmp_path, EXAMPLE)
    assert problems == []
    g77 = reg.lookup("G77")
    assert g77.kind == "custom" and g77.name() == "Group of 77"
    assert reg.canonical("PERSIA") == "IRN"
    assert reg.canonical("IRAN") == "IRN"  # the shipped alias is kept
    irn = reg.lookup("IRN")
    assert irn.name() == "Islamic Republic of Iran"
    assert irn.name("ru") == "Иран"  # names merge by language
    assert reg.delegation_by_name("Iran") is irn  # the replaced name still matches prose
    ict = reg.area("ict-security")
    assert [(r.code, r.role, r.tenure) for r in ict.roles] == [
        ("RUS", "coordinator", "2024-2025"), ("CHN", "co-coordinator", None)]
    env = reg.area("environment-protection")
    assert [r.code for r in env.coordinators] == ["MNG"]  # the role not mentioned is kept
    assert [r.code for r in env.co_coordinators] == ["BGD", "CHN"]
    assert ("environment-protection", "co-coordinator") in {(a.id, r.role) for a, r in reg.roles_of("BGD")}
    assert config.severities == {"duplicate-tag": "off", "unknown-code": "error"}
    assert config.locale == "ru"
    assert config.registry_file is None
    # The shipped registry is never changed.
    assert default_registry().lookup("G77") is None
    assert default_registry().lookup("IRN").name() == "Iran"


def test_merged_without_problems(tmp_path):
    config, _ = load_workspace_config(write(tmp_path, EXAMPLE))
    reg, problems = workspace_registry(config)
    assert problems == []
    assert reg.canonical("PERSIA") == "IRN" and reg.is_known("G77")


def test_empty_config_changes_nothing():
    reg, _ = workspace_registry(WorkspaceConfig())
    assert reg.all_codes() == default_registry().all_codes()


def test_every_diagnostic_code_and_severity_is_accepted(tmp_path):
    levels = ["error", "warning", "information", "hint", "off"]
    body = "\n".join(f'{code} = "{levels[i % 5]}"' for i, code in enumerate(DIAGNOSTIC_CODES))
    config, problems = load_workspace_config(write(tmp_path, "[diagnostics.severity]\n" + body + "\n"))
    assert problems == []
    assert set(config.severities) == set(DIAGNOSTIC_CODES)
    assert len(DIAGNOSTIC_CODES) == 10 and "observer-tag" in DIAGNOSTIC_CODES


def test_invalid_toml_gives_a_problem_at_its_line(tmp_path):
    text = '[settings]\nlocale = "ru"\n\n[aliases]\nPERSIA = "IRN\n'
    config, problems = load_workspace_config(write(tmp_path, text))
    assert len(problems) == 1
    assert problems[0].line == 5
    assert "not valid TOML" in problems[0].message
    assert config.locale is None and config.aliases == {}  # nothing applies

    config, problems = load_workspace_config(write(tmp_path, '[settings]\nlocale = \n'))
    assert (problems[0].line, problems[0].column) == (2, 10)

    # tomllib says "at end of document": the last line of the file.
    config, problems = load_workspace_config(write(tmp_path, '[settings]\r\nlocale = "ru"\r\n[aliases]\r\nX = [1,\r\n\r\n'))
    assert problems[0].line == 4 and "end of the file" in problems[0].message


def test_wrong_types_are_placed_at_their_key_and_the_rest_applies(tmp_path):
    text = '''\
[delegations.G77]
name = "Group of 77"
aliases = "G-77"

[delegations.IRN]
kind = "membr"

[aliases]
PERSIA = "IRN"
ELAM = 7

[diagnostics]
severity = { duplicate-tag = "off", empty-bracket = "loud", no-such-check = "off" }

[settings]
locale = "ru"
registry = 42
'''
    config, reg, problems = load(tmp_path, text)
    assert lines(problems) == [3, 6, 10, 13, 13, 17]
    messages = [p.message for p in problems]
    assert "aliases" in messages[0] and "list" in messages[0]
    assert "membr" in messages[1]
    assert "ELAM" in messages[2]
    # Two problems on line 13, each at its own key.
    assert "loud" in messages[3] and problems[3].column == 37
    assert "no-such-check" in messages[4] and problems[4].column == 61
    assert "registry" in messages[5]
    # The valid parts still apply.
    assert reg.lookup("G77").name() == "Group of 77"
    assert reg.lookup("IRN").kind == "member"
    assert reg.canonical("PERSIA") == "IRN"
    assert config.severities == {"duplicate-tag": "off"}
    assert config.locale == "ru"


def test_unknown_keys_with_a_hint(tmp_path):
    text = '[setings]\nlocale = "ru"\n\n[delegations.G77]\nnmae = "Group of 77"\n'
    config, problems = load_workspace_config(write(tmp_path, text))
    assert lines(problems) == [1, 5]
    assert 'Did you mean "settings"' in problems[0].message
    assert 'Did you mean "name"' in problems[1].message


def test_codes_must_be_upper_case(tmp_path):
    config, problems = load_workspace_config(write(tmp_path, '[delegations.g77]\nname = "Group of 77"\n'))
    assert lines(problems) == [1]
    assert 'write “G77”' in problems[0].message
    assert config.delegations == {}


def test_references_the_registry_cannot_resolve(tmp_path):
    text = '''\
[aliases]
GHOST = "ZZZ"
IND = "IDN"

[areas.ict-security]
co_coordinators = [{ code = "CHN" }, { code = "XYZ" }]

[areas.ict-securty]
coordinators = ["KAZ"]
'''
    config, reg, problems = load(tmp_path, text)
    assert lines(problems) == [2, 3, 6, 8]
    assert "ZZZ" in problems[0].message
    assert "India" in problems[1].message  # IND is already India's code
    assert problems[2].column == 47 and "XYZ" in problems[2].message  # at "XYZ"
    assert 'Did you mean "ict-security"' in problems[3].message
    assert not reg.is_known("GHOST")
    assert reg.canonical("IND") == "IND"
    assert [r.code for r in reg.area("ict-security").co_coordinators] == ["CHN"]


def test_aliases_resolve_to_the_canonical_code(tmp_path):
    text = '[aliases]\nAZERBAIJAN = "AZER"\n[areas.transport-corridors]\nco_coordinators = ["IRAN"]\n'
    config, reg, problems = load(tmp_path, text)
    assert problems == []
    assert reg.canonical("AZERBAIJAN") == "AZE"
    assert [r.code for r in reg.area("transport-corridors").co_coordinators] == ["IRN"]


def test_an_alias_moves_to_the_workspace_choice(tmp_path):
    config, reg, problems = load(tmp_path, '[aliases]\nIRAN = "IRQ"\n')
    assert problems == []
    assert reg.canonical("IRAN") == "IRQ"
    assert "IRAN" not in reg.lookup("IRN").aliases


def test_a_delegation_alias_moves_too(tmp_path):
    config, reg, problems = load(tmp_path, '[delegations.IRQ]\naliases = ["IRAN"]\n')
    assert problems == []
    assert reg.canonical("IRAN") == "IRQ"
    assert reg.lookup("IRN").aliases == ()


def test_new_area(tmp_path):
    text = '[areas.space]\ndimension = "economic"\nname = "Space cooperation"\ncoordinators = ["KAZ"]\n'
    config, reg, problems = load(tmp_path, text)
    assert problems == []
    assert reg.area_by_name("space cooperation").id == "space"
    assert reg.area("space").dimension == "economic"


def test_find_the_config_walking_up(tmp_path):
    path = write(tmp_path, EXAMPLE)
    nested = tmp_path / "2023" / "SWG" / "June"
    nested.mkdir(parents=True)
    assert find_workspace_config(nested) == path
    assert find_workspace_config(nested / "draft.cicadraft") == path
    assert find_workspace_config(str(tmp_path)) == path
    closer = write(tmp_path / "2023", "")
    assert find_workspace_config(nested) == closer


def test_find_nothing(tmp_path):
    found = find_workspace_config(tmp_path / "a" / "b")
    assert found is None or tmp_path not in found.parents


def test_registry_file_from_settings(tmp_path):
    write(tmp_path, '[delegations.KAZ]\nname = "Kazakhstan"\n[delegations.OSCE]\nkind = "observer"\nname = "OSCE"\n',
          name="our-codes.toml")
    text = '[settings]\nregistry = "our-codes.toml"\n[delegations.G77]\nname = "Group of 77"\n'
    config, reg, problems = load(tmp_path, text)
    assert problems == []
    assert config.registry_file == str(tmp_path / "our-codes.toml")
    assert reg.all_codes() == ["G77", "KAZ", "OSCE"]


def test_missing_registry_file_is_a_problem_not_an_exception(tmp_path):
    text = '[settings]\nlocale = "en"\nregistry = "missing.toml"\n'
    config, reg, problems = load(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].path == str(tmp_path / "cicadraft.toml")
    assert problems[0].line == 3 and "not found" in problems[0].message
    assert reg.all_codes() == default_registry().all_codes()  # the built-in registry


def test_broken_registry_file_reports_its_own_line(tmp_path):
    write(tmp_path, '[delegations.KAZ]\nname = "Kazakhstan\n', name="codes.toml")
    config, reg, problems = load(tmp_path, '[settings]\nregistry = "codes.toml"\n')
    assert [(Path(p.path).name, p.line) for p in problems] == [("cicadraft.toml", 2), ("codes.toml", 2)]
    assert "cannot be used" in problems[0].message
    assert reg.all_codes() == default_registry().all_codes()


def test_unreadable_and_odd_files(tmp_path):
    config, problems = load_workspace_config(tmp_path / "absent.toml")
    assert len(problems) == 1 and (problems[0].line, problems[0].column) == (1, 1)
    assert config == WorkspaceConfig(path=str(tmp_path / "absent.toml"))

    folder = tmp_path / "dir.toml"
    folder.mkdir()
    config, problems = load_workspace_config(folder)
    assert len(problems) == 1

    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[settings]\nlocale = "ru"\n# caf\xe9\n')
    config, problems = load_workspace_config(path)
    assert lines(problems) == [3] and "UTF-8" in problems[0].message

    path.write_bytes('\ufeff[settings]\nlocale = "ru"\n'.encode("utf-8"))  # a BOM is fine
    config, problems = load_workspace_config(path)
    assert problems == [] and config.locale == "ru"


def test_data_only(tmp_path):
    # Values that look like code stay text.
    text = '[delegations.G77]\nname = "__import__(\'os\').system(\'false\')"\n'
    config, reg, problems = load(tmp_path, text)
    assert problems == []
    assert reg.lookup("G77").name() == "__import__('os').system('false')"


@pytest.mark.parametrize("text, line", [
    ('[diagnostics]\nseverity = "off"\n', 2),
    ('[settings]\nlocale = ["ru"]\n', 2),
    ('aliases = 3\n', 1),
    ('[delegations.G77]\nnames = "Group"\n', 2),
    ('[delegations.G77]\nnames = { en = 77 }\n', 2),
    ('[areas.ict-security]\ncoordinators = "RUS"\n', 2),
    ('[areas.ict-security]\ncoordinators = [{ tenure = "2024" }]\n', 2),
    ('[areas.ict-security]\ncoordinators = [{ code = "rus" }]\n', 2),
    ('[settings]\nlocale = "ru"\n\n[areas."ict-securty"]\ncoordinators = ["KAZ"]\n', 4),
    ('[settings]\nlocale = "ru"\n[areas]\n"ict-security".coordinators = 5\n', 4),
    ('delegations.G77.kind = "state"\n', 1),
    ('[settings]\nlocale = "ru"\n[areas]\nict-securty.coordinators = ["KAZ"]\n', 4),
    ('[settings]\nlocale = "ru"\n[areas.ict-security.extra]\nx = 1\n', 3),
])
def test_each_kind_of_mistake_is_placed(tmp_path, text, line):
    config, reg, problems = load(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].line == line


@pytest.mark.parametrize("value", ['"fr"', '"de-DE"', '"xx"'])
def test_a_locale_cicadraft_does_not_speak_is_a_problem(tmp_path, value):
    # Reported, not silently English: every configuration read reports the same way.
    config, problems = load_workspace_config(write(tmp_path, f"[settings]\nlocale = {value}\n"))
    assert config.locale is None
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
    assert "must be one of en or ru" in problems[0].message


@pytest.mark.parametrize("value", ["ru", "ru-RU", "ru_RU.UTF-8", "en", "EN"])
def test_the_spoken_locales_in_any_spelling(tmp_path, value):
    config, problems = load_workspace_config(write(tmp_path, f'[settings]\nlocale = "{value}"\n'))
    assert (config.locale, problems) == (value, [])
