"""``cicadraft resolve``: in a subprocess and in-process through ``cicadraft.cli.main``."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as engine
from cicadraft.cli import files
from cicadraft.cli.main import build_parser, main
from cicadraft.registry import default_registry
from cicadraft.syntax import parse

SEED_PATH = Path(__file__).parent.parent / "examples" / "SWG-739-2023.cicadraft"
SEED = SEED_PATH.read_text(encoding="utf-8")
BOM = "\ufeff".encode()


def engine_result(text: str, *decisions) -> str:
    registry = default_registry()
    for kind, code in decisions:
        draft = parse(text)
        outcome = {
            "accept": lambda: engine.accept_all(draft, code, registry),
            "reject": lambda: engine.reject_all(draft, code, registry),
            "keep-all": lambda: engine.keep_all(draft),
            "drop-all": lambda: engine.drop_all(draft),
        }[kind]()
        assert outcome.ok
        text = outcome.preview(text)
    return text


def cli(*args: str, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cicadraft", "resolve", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def seed(tmp_path) -> Path:
    path = tmp_path / "SWG-739.cicadraft"
    path.write_bytes(SEED_PATH.read_bytes())
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- In a subprocess ---------------------------------------------------------------


def test_accept_prints_the_result_to_stdout(seed):
    done = cli(str(seed), "--accept", "IRAN")
    assert done.returncode == 0, done.stderr
    assert done.stdout == engine_result(SEED, ("accept", "IRAN")).encode()
    # Accepting Iran's proposals settles those brackets for every tag on them: stderr
    # names whose positions went with them, at the bracket, in the input's positions.
    assert done.stderr.decode().splitlines() == [
        f"{seed}:270:133: --accept IRAN overrode IND's proposal here",
        f"{seed}:270:212: --accept IRAN overrode CHN's proposal here",
        f"{seed}:291:1: --accept IRAN overrode AZER's proposal here",
        f"{seed}:293:1: --accept IRAN overrode AZER's reservation here",
        f"{seed}:301:1: --accept IRAN overrode SEC's reservation here",
    ]
    assert seed.read_bytes() == SEED_PATH.read_bytes()


def test_the_real_registry_knows_aliases(seed):
    assert cli(str(seed), "--accept", "IRN").stdout == cli(str(seed), "--accept", "IRAN").stdout


def test_the_workspace_registry_is_used(tmp_path):
    (tmp_path / "cicadraft.toml").write_text('[aliases]\nPERSIA = "IRN"\n', encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_text("a [b] (+IRAN) c [d] (-IRN) e\n", encoding="utf-8")
    done = cli(str(draft), "--accept", "PERSIA")
    assert (done.returncode, done.stdout) == (0, b"a b c e\n"), done.stderr
    # without the workspace file, PERSIA is unknown
    (tmp_path / "cicadraft.toml").unlink()
    assert cli(str(draft), "--accept", "PERSIA").returncode == 2


def test_decisions_apply_in_command_line_order(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("x [a] (+CHN) (-IND) y\n", encoding="utf-8")
    assert cli(str(draft), "--accept", "CHN", "--accept", "IND").stdout == b"x a y\n"
    assert cli(str(draft), "--accept", "IND", "--accept", "CHN").stdout == b"x y\n"
    assert cli(str(draft), "--reject", "IND", "--accept", "IND").stdout == b"x a y\n"


def test_interleaved_options_are_kept_in_order():
    args = build_parser().parse_args(
        ["resolve", "f", "--accept", "A1", "--reject", "B1", "--accept", "C1", "--keep-all", "--reject", "D1"]
    )
    assert args.decisions == [("accept", "A1"), ("reject", "B1"), ("accept", "C1"), ("keep-all", []), ("reject", "D1")]


def test_diff(seed):
    done = cli(str(seed), "--accept", "IRAN", "--diff")
    assert done.returncode == 0
    after = engine_result(SEED, ("accept", "IRAN"))
    expected = "".join(
        difflib.unified_diff(SEED.splitlines(True), after.splitlines(True), fromfile=f"{seed} (before)", tofile=f"{seed} (after)")
    )
    # difflib leaves the missing final line break to the caller; so do we, git's way
    expected = expected.replace("(SEC tcb)+15.", "(SEC tcb)\n\\ No newline at end of file\n+15.")
    assert done.stdout.decode() == expected + "\n\\ No newline at end of file\n"
    assert seed.read_bytes() == SEED_PATH.read_bytes()


def test_diff_of_nothing_is_empty(seed):
    done = cli(str(seed), "--reject", "SEC", "--diff")
    assert (done.returncode, done.stdout) == (0, b"")


def test_output_file(seed, tmp_path):
    out = tmp_path / "out.cicadraft"
    done = cli(str(seed), "--drop-all", "-o", str(out))
    assert (done.returncode, done.stdout) == (0, b"")
    assert out.read_bytes() == engine_result(SEED, ("drop-all", None)).encode()
    assert seed.read_bytes() == SEED_PATH.read_bytes()


def test_in_place(seed):
    done = cli(str(seed), "--keep-all", "--in-place")
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    assert seed.read_text(encoding="utf-8") == engine_result(SEED, ("keep-all", None))
    assert files_in(seed.parent) == [seed.name]  # no temporary file left behind


def test_bom_crlf_and_final_line_break_are_kept(tmp_path):
    text = "1. a [b] (+CHN) c\r\n\r\n[2. d] (-CHN)\r\n\r\n3. e\r\n"
    draft = tmp_path / "d.cicadraft"
    draft.write_bytes(BOM + text.encode())
    expected = BOM + b"1. a b c\r\n\r\n3. e\r\n"
    assert cli(str(draft), "--accept", "CHN").stdout == expected
    out = tmp_path / "out.cicadraft"
    assert cli(str(draft), "--accept", "CHN", "-o", str(out)).returncode == 0
    assert out.read_bytes() == expected
    assert cli(str(draft), "--accept", "CHN", "--in-place").returncode == 0
    assert draft.read_bytes() == expected


def test_no_final_line_break_stays_so(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_bytes(b"a [b] (+CHN)\r\nc")
    assert cli(str(draft), "--accept", "CHN").stdout == b"a b\r\nc"


def test_stdin(seed):
    done = cli("-", "--accept", "IRAN", stdin=SEED_PATH.read_bytes())
    assert done.stdout == engine_result(SEED, ("accept", "IRAN")).encode()


def test_a_skipped_conflict_is_reported_on_stderr(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("x [y] (-IND)\na [b] (+CHN) (-CHN) c [d] (-CHN) e\n", encoding="utf-8")
    # The conflict is found by the second decision; its place is given in the input file.
    done = cli(str(draft), "--accept", "IND", "--accept", "CHN")
    assert done.returncode == 0
    assert done.stdout == b"x\na [b] (+CHN) (-CHN) c e\n"
    assert done.stderr.decode() == (
        f"{draft}:2:3: left alone: CHN both proposes and opposes this bracket; settle it by hand\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--accept", "IRNA"], "IRNA is not a known delegation and has no tag in this draft. Did you mean"),
        (["--keep-all", "--reject", "ZZZ9"], "ZZZ9 is not a known delegation"),
    ],
)
def test_an_unknown_code_writes_nothing(seed, tmp_path, args, message):
    out = tmp_path / "out.cicadraft"
    for extra in ([], ["-o", str(out)], ["--in-place"], ["--diff"]):
        done = cli(str(seed), *args, *extra)
        assert done.returncode == 2
        assert done.stdout == b""
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("cicadraft: ") and message in lines[0]
    assert not out.exists()
    assert seed.read_bytes() == SEED_PATH.read_bytes()
    assert files_in(tmp_path) == [seed.name]


def test_an_unbalanced_draft_writes_nothing(tmp_path):
    draft = tmp_path / "d.cicadraft"
    original = b"1. a [b] (+CHN) c\n2. d ] e\n"
    draft.write_bytes(original)
    for extra in ([], ["--in-place"], ["-o", str(tmp_path / "out")]):
        done = cli(str(draft), "--accept", "CHN", *extra)
        assert done.returncode == 2 and done.stdout == b""
        [line] = done.stderr.decode().splitlines()
        assert "not balanced" in line and "2:6" in line
    assert draft.read_bytes() == original
    assert files_in(tmp_path) == ["d.cicadraft"]


@pytest.mark.parametrize("kind", ["missing", "folder", "not-utf8"])
def test_an_unreadable_file(tmp_path, kind):
    path = tmp_path / "d.cicadraft"
    if kind == "folder":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes(b"a [b] (+CHN) \xff\xfe c")
    done = cli(str(path), "--accept", "CHN", "--in-place")
    assert done.returncode == 2 and done.stdout == b""
    assert len(done.stderr.decode().splitlines()) == 1
    if kind == "not-utf8":
        assert path.read_bytes() == b"a [b] (+CHN) \xff\xfe c"


@pytest.mark.parametrize(
    "args",
    [
        [],  # no decision
        ["--diff", "--in-place", "--keep-all"],
        ["-o", "x", "--in-place", "--keep-all"],
        ["--keep-all", "--bogus"],
    ],
)
def test_usage_errors(seed, args):
    done = cli(str(seed), *args)
    assert done.returncode == 2 and done.stdout == b""
    assert len(done.stderr.decode().strip().splitlines()) == 1


def test_in_place_needs_a_file():
    done = cli("-", "--keep-all", "--in-place", stdin=b"[a]")
    assert done.returncode == 2 and b"stdin" in done.stderr


# --- In-process ------------------------------------------------------------------------


def test_in_process(seed, capsysbinary):
    assert main(["resolve", str(seed), "--reject", "IRAN", "--accept", "CHN"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out == engine_result(SEED, ("reject", "IRAN"), ("accept", "CHN")).encode()
    lines = captured.err.decode().splitlines()
    assert lines and all(" overrode " in line for line in lines), lines


def test_in_process_errors_exit_2(seed, capsys):
    assert main(["resolve", str(seed), "--accept", "NOPE1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("cicadraft: ")


def test_a_code_removed_by_an_earlier_decision_is_no_error(tmp_path, capsysbinary):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("a [b [c] (+G77) d] (-CHN) e", encoding="utf-8")
    # G77 is unknown to the registry but tagged in the draft; dropping the outer bracket
    # removes its last tag before its turn comes.
    assert main(["resolve", str(draft), "--accept", "CHN", "--accept", "G77"]) == 0
    assert capsysbinary.readouterr().out == b"a e"


# --- --in-place is atomic --------------------------------------------------------------


def test_a_failing_rename_leaves_the_file_untouched(seed, monkeypatch, capsys):
    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert main(["resolve", str(seed), "--accept", "IRAN", "--in-place"]) == 2
    assert seed.read_bytes() == SEED_PATH.read_bytes()
    assert files_in(seed.parent) == [seed.name]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "not changed" in err


def test_a_write_failing_halfway_leaves_the_file_untouched(seed, monkeypatch, capsys):
    real_fdopen = os.fdopen

    class HalfWriter:
        """A file that writes half of what it is given, then fails (a full disk)."""

        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: HalfWriter(real_fdopen(fd, mode, *a, **k)))
    assert main(["resolve", str(seed), "--drop-all", "--in-place"]) == 2
    assert seed.read_bytes() == SEED_PATH.read_bytes()
    assert files_in(seed.parent) == [seed.name]
    assert "No space left on device" in capsys.readouterr().err


def test_a_killed_writer_leaves_the_file_untouched(seed, tmp_path):
    """Kill the process between writing the temporary file and renaming it."""
    script = tmp_path / "slow.py"
    script.write_text(
        "import os, sys, time\n"
        "real = os.replace\n"
        "def slow(src, dst):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "    real(src, dst)\n"
        "os.replace = slow\n"
        "from cicadraft.cli.main import main\n"
        f"sys.exit(main(['resolve', {str(seed)!r}, '--keep-all', '--in-place']))\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE)
    try:
        assert process.stdout.readline() == b"writing\n"
        process.kill()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert seed.read_bytes() == SEED_PATH.read_bytes()
    # The temporary file may stay (a kill runs no clean-up); it is never the draft.
    leftovers = [name for name in files_in(seed.parent) if name not in (seed.name, script.name)]
    assert all(name.startswith(f".{seed.name}.") and name.endswith(".tmp") for name in leftovers)


def test_write_atomic_is_what_in_place_uses(seed, monkeypatch):
    calls = []
    monkeypatch.setattr("cicadraft.cli.resolve.write_atomic", lambda path, data: calls.append((path, data)))
    assert main(["resolve", str(seed), "--accept", "SEC", "--in-place"]) == 0
    assert calls == [(str(seed), files.encode(engine_result(SEED, ("accept", "SEC")), False))]


def test_in_place_without_a_change_does_not_rewrite(seed, monkeypatch):
    monkeypatch.setattr("cicadraft.cli.resolve.write_atomic", lambda path, data: pytest.fail("wrote"))
    assert main(["resolve", str(seed), "--reject", "SEC", "--in-place"]) == 0


# --- Nothing is decided silently ---------------------------------------------------------


def test_a_broken_cicadraft_toml_stops_resolve(tmp_path):
    # Without the file's aliases, PERSIA would be unknown or, worse, a decision taken on
    # the shipped registry only: resolve stops, names the place, and writes nothing.
    config = tmp_path / "cicadraft.toml"
    config.write_text('[aliases]\nPERSIA = "IRN"\n[settings\n', encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_bytes(b"a [b] (+IRAN) c [d] (-IRN) e\n")
    for extra in ([], ["--in-place"], ["-o", str(tmp_path / "out.cicadraft")], ["--diff"]):
        done = cli(str(draft), "--accept", "IRAN", *extra)
        assert (done.returncode, done.stdout) == (2, b""), done.stderr
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"cicadraft: {config}:3:"), lines
        assert "nothing was written" in lines[0]
        assert draft.read_bytes() == b"a [b] (+IRAN) c [d] (-IRN) e\n"
        assert files_in(tmp_path) == ["cicadraft.toml", "d.cicadraft"]


def test_a_locale_cicadraft_does_not_speak_stops_resolve(tmp_path):
    config = tmp_path / "cicadraft.toml"
    config.write_text('[settings]\nlocale = "fr"\n', encoding="utf-8")
    draft = tmp_path / "d.cicadraft"
    draft.write_text("a [b] (+IRAN) c\n", encoding="utf-8")
    done = cli(str(draft), "--accept", "IRAN")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().startswith(f"cicadraft: {config}:2:1: \"locale\" must be one of en or ru")


@pytest.mark.parametrize("code", ["", " ", "I", "+IRAN", "IRAN,CHN", "TOOLONGCODE1", "1RAN"])
@pytest.mark.parametrize("option", ["--accept", "--reject"])
def test_an_empty_or_invalid_code_is_a_usage_error(seed, option, code):
    done = cli(str(seed), option, code)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"cicadraft: argument {option}: {code!r} is not a delegation code (2 to 10 letters and digits, "
        "starting with a letter, e.g. IRAN) (see “cicadraft resolve --help”)\n"
    )


def test_overridden_positions_are_named(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("1. Text [x] (+IND) (-IRAN) end.\n2. [a [b] (+CHN)] (-IND) [c] (+TUR).\n", encoding="utf-8")
    done = cli(str(draft), "--accept", "IND")
    assert done.returncode == 0
    assert done.stdout == b"1. Text x end.\n2. [c] (+TUR).\n"
    assert done.stderr.decode().splitlines() == [
        f"{draft}:1:9: --accept IND overrode IRAN's deletion here",
        f"{draft}:2:7: --accept IND overrode CHN's proposal here",  # inside the dropped bracket
    ]
    # Agreeing positions are not overridden: IRAN wanted x dropped too.
    assert cli(str(draft), "--reject", "IND").stderr == b""


def test_overrides_of_a_later_decision_are_placed_in_the_input(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("[long removed text] (-CHN) then [x] (+IND) (-IRAN).\n", encoding="utf-8")
    done = cli(str(draft), "--accept", "CHN", "--accept", "IND")
    assert done.stdout == b"then x.\n"
    assert done.stderr.decode().splitlines() == [f"{draft}:1:33: --accept IND overrode IRAN's deletion here"]


def test_the_engine_names_the_overridden_positions():
    draft = parse("1. Text [x] (+IND) (-IRAN) (CHN tcb) end.\n")
    registry = default_registry()
    expected = (engine.Override(0, "IRAN", "deletion"), engine.Override(0, "CHN", "reservation"))
    assert engine.accept(draft, 0, "IND", registry).overridden == expected
    assert engine.accept_all(draft, "IND", registry).overridden == expected
    assert engine.would_override(draft, 0, "IND", registry, True) == expected
    assert engine.would_override(draft, 0, "IRN", registry, True) == (  # IRAN by another spelling
        engine.Override(0, "IND", "proposal"), engine.Override(0, "CHN", "reservation"))
    assert engine.reject(draft, 0, "IND", registry).overridden == (engine.Override(0, "CHN", "reservation"),)


# --- Encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_utf16_with_a_bom_is_read_and_written_back_as_utf16(tmp_path, encoding, bom):
    draft = tmp_path / "d.cicadraft"
    text = "1. Текст [x] (+IND) (-IRAN) end.\r\n2. 😀 [y] (+CHN)\n"
    draft.write_bytes(bom + text.encode(encoding))
    expected = engine_result(text, ("accept", "IND"))
    done = cli(str(draft), "--accept", "IND")
    assert done.stdout == bom + expected.encode(encoding)
    done = cli(str(draft), "--accept", "IND", "--in-place")
    assert done.returncode == 0
    assert draft.read_bytes() == bom + expected.encode(encoding)
    # --diff is for reading: UTF-8, like every message.
    draft.write_bytes(bom + text.encode(encoding))
    diff = cli(str(draft), "--accept", "IND", "--diff").stdout.decode("utf-8")
    assert "-1. Текст [x] (+IND) (-IRAN) end.\r\n+1. Текст x end.\r\n" in diff


def test_diff_headers_say_before_and_after(tmp_path):
    draft = tmp_path / "d.cicadraft"
    draft.write_text("a [b] (+IND) c\n", encoding="utf-8")
    lines = cli(str(draft), "--accept", "IND", "--diff").stdout.decode().splitlines()
    assert lines[:2] == [f"--- {draft} (before)", f"+++ {draft} (after)"]
