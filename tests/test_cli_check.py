"""`cicadraft check`: formats, exit codes, folders, stdin and configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cicadraft.cli.main import main

EXAMPLE = Path(__file__).parents[1] / "examples" / "SWG-739-2023.cicadraft"
BROKEN = "1. Text [with] (+INDD) and\n2. More] text [here] (+ iran).\n"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cicadraft", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.cicadraft"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_example_draft_is_clean():
    result = run("check", str(EXAMPLE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "1 draft checked: no problems found"


def test_text_format_lines_and_summary(broken: Path):
    result = run("check", str(broken))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{broken}:1:18: warning unknown-code Unknown delegation code “INDD”: did you mean IND (India), IDN (Indonesia)?"
    assert f"{broken}:2:8: error stray-bracket" in result.stdout
    assert f"{broken}:2:22: warning malformed-tag" in result.stdout
    assert lines[-1] == "1 draft checked: 1 error, 2 warnings"
    assert result.stderr == ""


def test_column_counts_code_points(tmp_path: Path):
    path = tmp_path / "astral.cicadraft"
    path.write_text("😀😀 [x] (+INDD)\n", encoding="utf-8")
    result = run("check", str(path))
    assert f"{path}:1:10: warning unknown-code" in result.stdout  # code points, not UTF-16 units


def test_json_format(broken: Path):
    result = run("check", "--format", "json", str(broken))
    payload = json.loads(result.stdout)
    assert payload["files"] == 1
    first = payload["findings"][0]
    assert first == {
        "path": str(broken),
        "line": 1,
        "column": 18,
        "endLine": 1,
        "endColumn": 22,
        "severity": "warning",
        "code": "unknown-code",
        "message": first["message"],
    }
    assert payload["summary"] == {"warning": 2, "error": 1}


def test_github_format(broken: Path):
    result = run("check", "--format", "github", str(broken))
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::warning file={broken},line=1,col=18,endLine=1,endColumn=22,title=cicadraft unknown-code::")
    assert "::error " in result.stdout


def test_sarif_format(broken: Path):
    result = run("check", "--format", "sarif", str(broken))
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["tool"]["driver"]["name"] == "cicadraft"
    rule_ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert "unclosed-bracket" in rule_ids
    results = run_["results"]
    assert [r["ruleId"] for r in results] == ["unknown-code", "stray-bracket", "malformed-tag"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 18, "endLine": 1, "endColumn": 22}
    assert results[1]["level"] == "error"


def test_stdin(tmp_path: Path):
    result = run("check", "-", stdin="[open\n", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:1:1: error unclosed-bracket")


def test_folder_means_every_draft_below(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.cicadraft").write_text("[fine] (+IND)\n", encoding="utf-8")
    (tmp_path / "a" / "two.cicadraft").write_text("[broken\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("[not a draft\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert "two.cicadraft:1:1: error unclosed-bracket" in result.stdout
    assert "notes.txt" not in result.stdout
    assert result.stdout.splitlines()[-1] == "2 drafts checked: 1 error"


def test_strict_makes_warnings_fail(tmp_path: Path):
    path = tmp_path / "warn.cicadraft"
    path.write_text("[x] (+INDD)\n", encoding="utf-8")
    assert run("check", str(path)).returncode == 0
    assert run("check", "--strict", str(path)).returncode == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["check", "/no/such/file.cicadraft"], "cicadraft: /no/such/file.cicadraft: no such file"),
        (["check", "--format", "xml", "x"], "invalid choice"),
        (["check", "--severity", "nope=off", "x"], "unknown code “nope”"),
        (["check"], "the following arguments are required"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreadable_and_binary_files_exit_2(tmp_path: Path):
    binary = tmp_path / "junk.cicadraft"
    binary.write_bytes(b"\xff\xfe\x00[\x80")  # a UTF-16 BOM, then an odd number of bytes
    result = run("check", str(binary))
    assert result.returncode == 2
    assert "not valid UTF-16-LE text" in result.stderr and "Traceback" not in result.stderr
    binary.write_bytes(b"\x80[\x81]")
    result = run("check", str(binary))
    assert result.returncode == 2
    assert f"{binary}:1:1: not UTF-8 text (byte 0x80" in result.stderr and "Traceback" not in result.stderr
    folder_named_like_a_draft = tmp_path / "folder.cicadraft"
    folder_named_like_a_draft.mkdir()
    result = run("check", str(binary), str(tmp_path / "missing.cicadraft"))
    assert result.returncode == 2


def test_severity_override_and_off(broken: Path):
    result = run("check", "--severity", "unknown-code=error", "--severity", "malformed-tag=off", str(broken))
    assert "error unknown-code" in result.stdout
    assert "malformed-tag" not in result.stdout


def test_workspace_config_changes_codes_and_severities(tmp_path: Path):
    (tmp_path / "cicadraft.toml").write_text(
        '[delegations.G77]\nname = "Group of 77"\n\n[diagnostics]\nseverity = { duplicate-tag = "off" }\n',
        encoding="utf-8",
    )
    nested = tmp_path / "drafts" / "2026"
    nested.mkdir(parents=True)
    draft = nested / "d.cicadraft"
    draft.write_text("[x] (+G77) (+G77) (+INDD)\n", encoding="utf-8")
    result = run("check", str(draft))
    assert "G77" not in result.stdout
    assert "duplicate-tag" not in result.stdout
    assert "unknown-code" in result.stdout


def test_invalid_workspace_config_is_reported_with_its_line_and_the_shipped_registry_still_applies(tmp_path: Path):
    config = tmp_path / "cicadraft.toml"
    config.write_text('[delegations.G77]\nname = "Group of 77"\n[diagnostics\n', encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[x] (+IRAN) (+INDD)\n", encoding="utf-8")
    result = run("check", str(draft))
    assert result.returncode == 1
    config_line = result.stdout.splitlines()[0]
    assert config_line.startswith(f"{config}:3:")
    assert " error config-error " in config_line
    assert "IRAN" not in result.stdout  # the shipped registry still knows IRAN
    assert "unknown-code" in result.stdout


def test_russian_messages(broken: Path, capsys):
    code = main(["check", "--locale", "ru", str(broken)])
    assert code == 1
    out = capsys.readouterr().out
    assert "Неизвестный код делегации «INDD»" in out


def test_python_dash_m_and_console_script_agree(broken: Path):
    script = Path(sys.executable).parent / "cicadraft"
    via_script = subprocess.run([str(script), "check", str(broken)], capture_output=True, text=True, timeout=60)
    via_module = run("check", str(broken))
    assert via_script.stdout == via_module.stdout
    assert via_script.returncode == via_module.returncode == 1


# -- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["fr", "xx", "", "de-DE"])
def test_a_locale_cicadraft_does_not_speak_is_a_usage_error(broken: Path, locale: str):
    result = run("check", "--locale", locale, str(broken))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"cicadraft: argument --locale: “{locale}” is not a language cicadraft speaks: use en or ru "
        "(see “cicadraft check --help”)\n"
    )


def test_a_locale_in_cicadraft_toml_it_does_not_speak_is_a_config_error(tmp_path: Path):
    (tmp_path / "cicadraft.toml").write_text('[settings]\nlocale = "fr"\n', encoding="utf-8")
    (tmp_path / "d.cicadraft").write_text("1. x\n", encoding="utf-8")
    result = run("check", str(tmp_path / "d.cicadraft"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{tmp_path / 'cicadraft.toml'}:2:1: error config-error “locale” must be one of en or ru")


def test_russian_severities_and_summary(tmp_path: Path):
    (tmp_path / "a.cicadraft").write_text(BROKEN, encoding="utf-8")  # 1 error, 2 warnings
    (tmp_path / "b.cicadraft").write_text("1. [x] (+IND) (+IND) [y] (+INDD) [z] (+INDD) [w] (+INDD)\n", encoding="utf-8")
    result = run("check", "--locale", "ru", str(tmp_path))
    lines = result.stdout.splitlines()
    assert f"{tmp_path / 'a.cicadraft'}:2:8: ошибка stray-bracket " in result.stdout
    assert f"{tmp_path / 'a.cicadraft'}:1:18: предупреждение unknown-code Неизвестный код делегации «INDD»" in result.stdout
    assert " замечание duplicate-tag " in result.stdout
    assert lines[-1] == "Проверено 2 проекта: 1 ошибка, 5 предупреждений, 1 замечание"
    # The machine formats keep the severities' names.
    assert '"severity": "error"' in run("check", "--locale", "ru", "--format", "json", str(tmp_path)).stdout


@pytest.mark.parametrize(
    "n, key, expected",
    [(1, "count.error", "1 ошибка"), (2, "count.error", "2 ошибки"), (5, "count.error", "5 ошибок"),
     (11, "count.error", "11 ошибок"), (12, "count.error", "12 ошибок"), (21, "count.error", "21 ошибка"),
     (22, "count.warning", "22 предупреждения"), (111, "count.information", "111 замечаний"),
     (104, "count.hint", "104 подсказки"), (1, "summary.checked", "Проверен 1 проект"),
     (3, "summary.checked", "Проверено 3 проекта"), (25, "summary.checked", "Проверено 25 проектов")],
)
def test_russian_plural_forms(n: int, key: str, expected: str):
    from cicadraft.analysis import messages

    assert messages.plural(key, n, "ru") == expected


def test_english_summary_unchanged(broken: Path):
    assert run("check", str(broken)).stdout.splitlines()[-1] == "1 draft checked: 1 error, 2 warnings"


# -- files that cannot be read --------------------------------------------------------------


def test_one_unreadable_file_does_not_stop_the_others(tmp_path: Path):
    (tmp_path / "a.cicadraft").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "b.cicadraft").write_bytes("1. Café [x] (+IND)\r\n2. ok\n3. Text caf\xe9 here\n".encode("utf-8").replace(b"caf\xc3\xa9 here", b"caf\xe9 here"))
    (tmp_path / "c.cicadraft").write_text("1. [x] (+INDD)\n", encoding="utf-8")
    (tmp_path / "gone.cicadraft").symlink_to(tmp_path / "nowhere")
    result = run("check", str(tmp_path))
    assert result.returncode == 2  # a file could not be checked
    assert f"{tmp_path / 'a.cicadraft'}:2:8: error stray-bracket" in result.stdout
    assert f"{tmp_path / 'c.cicadraft'}:1:10: warning unknown-code" in result.stdout
    assert result.stdout.splitlines()[-1] == "2 drafts checked: 1 error, 3 warnings"
    assert result.stderr.splitlines() == [
        f"cicadraft: {tmp_path / 'b.cicadraft'}:3:12: not UTF-8 text (byte 0xE9, as Latin-1 or Windows-1252 would "
        "write it): save the draft again as UTF-8",
        f"cicadraft: {tmp_path / 'gone.cicadraft'}: no such file",
    ]


def test_a_non_utf8_byte_is_placed_by_line_and_column(tmp_path: Path):
    path = tmp_path / "d.cicadraft"
    # Lines break at \n, \r\n and a lone \r; columns count characters, the BOM none.
    path.write_bytes(b"\xef\xbb\xbf1. \xc3\xa9\xc3\xa9\r\n2.\r3. ok \xf0\x9f\x98\x80 [x\x96]\n")
    result = run("check", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"cicadraft: {path}:3:11: not UTF-8 text (byte 0x96,")


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_bom_is_read(tmp_path: Path, encoding: str, bom: bytes):
    path = tmp_path / "word.cicadraft"
    path.write_bytes(bom + "1. Текст [x] (+INDD)\r\n".encode(encoding))
    result = run("check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"{path}:1:16: warning unknown-code Unknown delegation code “INDD”")


@pytest.mark.parametrize("encoding, name", [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_utf16_without_a_bom_is_recognised_and_explained(tmp_path: Path, encoding: str, name: str):
    path = tmp_path / "word.cicadraft"
    path.write_bytes("1. Текст [x] (+IND)\r\n".encode(encoding))
    result = run("check", str(path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"cicadraft: {path}: looks like {name} text without a byte order mark; cicadraft reads UTF-8, and UTF-16 "
        f"only with its mark: save the draft again as UTF-8, or convert it with “iconv -f {name} -t UTF-8 {path} "
        f"> word-utf8.cicadraft”\n"
    )
    converted = subprocess.run(["iconv", "-f", name, "-t", "UTF-8", str(path)], capture_output=True, check=True).stdout
    (tmp_path / "word-utf8.cicadraft").write_bytes(converted)
    assert run("check", str(tmp_path / "word-utf8.cicadraft")).returncode == 0


def test_unknown_code_suggests_the_drafts_own_spelling(tmp_path: Path):
    path = tmp_path / "d.cicadraft"
    path.write_text("1. [a] (+IRAN)\n2. [b] (+IRNA)\n", encoding="utf-8")
    assert "did you mean IRAN (Iran), IRQ (Iraq)?" in run("check", str(path)).stdout


# -- --jobs: several processes, the same output -------------------------------------------

SHARED = Path("/work/shared/examples")


def drafts_folder(root: Path, unreadable: bool) -> Path:
    """A folder of real drafts (the example and the shared corpus), broken variants of
    them in subfolders, and (``unreadable``) files that cannot be checked."""
    folder = root / "drafts"
    sources = [EXAMPLE, *sorted(SHARED.rglob("*.txt"))]
    assert len(sources) >= 3, "the shared examples are missing"
    for number, source in enumerate(sources * 4):
        text = source.read_text(encoding="utf-8")
        if number % 3 == 1:
            text = text.replace("]", "", 1) + "\n\n1. [x] (+INDD) (+ iran)\n"
        sub = folder / f"part{number % 4}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:02d}-{source.stem}.cicadraft").write_text(text, encoding="utf-8")
    if unreadable:
        (folder / "part1" / "latin1.cicadraft").write_bytes("1. [Caf\u00e9] (+IND)\n".encode("latin-1"))
        (folder / "part2" / "gone.cicadraft").symlink_to(root / "nowhere.cicadraft")
    return folder


@pytest.mark.parametrize("unreadable", [False, True])
@pytest.mark.parametrize("format", ["text", "json"])
def test_jobs_give_the_output_of_one_process(tmp_path: Path, unreadable: bool, format: str):
    folder = drafts_folder(tmp_path, unreadable)
    alone = run("check", "--jobs", "1", "--format", format, str(folder))
    for jobs in (["--jobs", "3"], []):  # three processes, and the default (every core)
        shared = run("check", *jobs, "--format", format, str(folder))
        assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode == (2 if unreadable else 1)
    assert "INDD" in alone.stdout
    if unreadable:
        errors = alone.stderr.splitlines()
        assert len(errors) == 2 and all(line.startswith("cicadraft: ") for line in errors)
        assert "latin1.cicadraft" in errors[0] and "gone.cicadraft" in errors[1]  # in path order
    if format == "json":
        # The findings of many files, file after file in the order of their paths.
        order = [str(path) for path in sorted(folder.rglob("*.cicadraft"))]
        seen = list(dict.fromkeys(entry["path"] for entry in json.loads(alone.stdout)["findings"]))
        assert len(seen) > 3 and seen == [path for path in order if path in seen]


def test_jobs_with_standard_input_and_files(tmp_path: Path, broken: Path):
    alone = run("check", "--jobs", "1", str(broken), "-", str(EXAMPLE), str(broken), stdin=BROKEN)
    shared = run("check", "--jobs", "2", str(broken), "-", str(EXAMPLE), str(broken), stdin=BROKEN)
    assert (shared.returncode, shared.stdout, shared.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode == 1 and alone.stdout.count("INDD") == 3


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_number_of_processes(value: str):
    result = run("check", "--jobs", value, str(EXAMPLE))
    assert result.returncode == 2
    assert result.stderr.startswith("cicadraft: ") and "--jobs" in result.stderr and "Traceback" not in result.stderr
