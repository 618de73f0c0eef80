"""``cicadraft diff``: exit status as diff(1), the four formats, colour, bad input, and
git (external diff driver, ``git diff``, ``git log -p``, ``--git REV FILE``) in a real
temporary repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cicadraft.analysis import resolve as R
from cicadraft.analysis.diff import KINDS
from cicadraft.syntax import parse

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "examples" / "SWG-739-2023.cicadraft").read_text(encoding="utf-8")
SERVER = str(ROOT / "server")


def environment(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GIT_PAGER_IN_USE")}
    env["PYTHONPATH"] = SERVER + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def cicadraft(*args, cwd=None, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cicadraft", "diff", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=environment(**env), timeout=120,
    )


def revision() -> str:
    """Rev.1 of the reference draft: IRAN's exchanges accepted, IND joins 15., 13. reworded
    and renumbered."""
    draft = parse(REFERENCE)
    b = next(b.index for b in draft.brackets if REFERENCE.startswith("[intercivilizational", b.open))
    text = R.keep(draft, b).preview(REFERENCE)
    text = text.replace("(+IRAN) (SEC tcb)", "(+IRAN, +IND) (SEC tcb)")
    text = text.replace("\n13. Support the development", "\n14. Support the swift development")
    return text


@pytest.fixture
def drafts(tmp_path):
    old = tmp_path / "Rev0.cicadraft"
    new = tmp_path / "Rev1.cicadraft"
    old.write_text(REFERENCE, encoding="utf-8")
    new.write_text(revision(), encoding="utf-8")
    return old, new


def test_exit_status_is_as_diff(drafts, tmp_path):
    old, new = drafts
    same = cicadraft(str(old), str(old))
    assert same.returncode == 0 and "No changes" in same.stdout and same.stderr == ""
    changed = cicadraft(str(old), str(new))
    assert changed.returncode == 1, changed.stderr
    assert "proposal accepted" in changed.stdout and "position taken +IND" in changed.stdout
    assert "13. → 14." in changed.stdout and "{+swift+}" in changed.stdout
    crlf = tmp_path / "crlf.cicadraft"
    crlf.write_bytes(REFERENCE.replace("\n", "\r\n").encode("utf-8"))
    assert cicadraft(str(old), str(crlf)).returncode == 0


def test_json_has_the_documented_schema(drafts):
    old, new = drafts
    done = cicadraft("--format", "json", str(old), str(new))
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert set(data) == {"schema", "changes", "summary"}
    for change in data["changes"]:
        assert {"kind", "oldItem", "newItem", "delegations", "old", "new", "oldLine", "newLine"} <= set(change)
        assert change["kind"] in KINDS
    kinds = sorted(c["kind"] for c in data["changes"])
    assert kinds == ["item-renumbered", "proposal-accepted", "tag-added", "text-changed"]
    accepted = next(c for c in data["changes"] if c["kind"] == "proposal-accepted")
    assert accepted["delegations"] == ["IRAN"] and accepted["oldLine"] == 270 and accepted["newLine"] == 270
    summary = data["summary"]
    assert summary["changes"] == 4 and summary["kinds"]["tag-added"] == 1
    iran = summary["delegations"]["IRAN"]
    assert [data["changes"][i]["kind"] for i in iran["gained"]] == ["proposal-accepted"]
    assert [data["changes"][i]["kind"] for i in summary["delegations"]["IND"]["joined"]] == ["tag-added"]


def test_markdown_and_russian(drafts):
    old, new = drafts
    done = cicadraft("--format", "markdown", "--locale", "ru", str(old), str(new))
    assert done.returncode == 1
    assert done.stdout.startswith("# Изменения")
    assert "| IRAN |" in done.stdout and "предложение принято" in done.stdout
    assert "**swift**" in done.stdout


def test_colour_only_on_request_or_a_terminal(drafts):
    old, new = drafts
    piped = cicadraft(str(old), str(new))
    assert "\x1b[" not in piped.stdout
    forced = cicadraft("--color", "always", str(old), str(new))
    assert "\x1b[32m{+swift+}\x1b[0m" in forced.stdout
    assert "\x1b[" not in cicadraft("--color", "never", str(old), str(new)).stdout


def test_colour_on_a_terminal_unless_no_color(drafts):
    """A real pseudo-terminal: colour by default, none with NO_COLOR."""
    import pty

    old, new = drafts

    def through_terminal(**env) -> str:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "cicadraft", "diff", str(old), str(new)],
            stdout=follower, stderr=follower, env=environment(**env),
        )
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        process.wait(timeout=60)
        os.close(leader)
        return out.decode("utf-8", "replace")

    assert "\x1b[1m" in through_terminal()
    assert "\x1b[" not in through_terminal(NO_COLOR="1")


def test_output_file_html(drafts, tmp_path):
    old, new = drafts
    out = tmp_path / "report.html"
    done = cicadraft("--format", "html", "-o", str(out), str(old), str(new))
    assert done.returncode == 1 and done.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<ins>swift</ins>" in page and "http" not in page.split("<body>")[0].replace("http-equiv", "")
    assert "@media print" in page
    ru = cicadraft("--format", "html", "--locale", "ru", str(old), str(new))
    assert '<html lang="ru">' in ru.stdout and "Было" in ru.stdout


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: str(d / "missing.cicadraft"), "no such file"),
        (lambda d: (d / "bin.cicadraft").write_bytes(b"\x00\x01\x02PK\x03\x04") and str(d / "bin.cicadraft"), "binary"),
        (lambda d: (d / "latin.cicadraft").write_bytes("d\xe9j\xe0".encode("latin-1")) and str(d / "latin.cicadraft"), "not UTF-8"),
        (lambda d: str(d), "folder"),
    ],
    ids=["missing", "binary", "latin-1", "folder"],
)
def test_bad_input_is_one_line_and_status_2(drafts, tmp_path, make, message):
    old, _ = drafts
    bad = make(tmp_path)
    done = cicadraft(str(old), bad)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_usage_errors(drafts):
    old, _ = drafts
    for args in ([str(old)], [str(old)] * 3, ["-", "-"], ["--git", "HEAD", str(old), str(old)]):
        done = cicadraft(*args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, args


def test_stdin(drafts):
    old, new = drafts
    done = subprocess.run(
        [sys.executable, "-m", "cicadraft", "diff", str(old), "-"],
        input=new.read_bytes(), capture_output=True, env=environment(), timeout=60,
    )
    assert done.returncode == 1 and b"proposal accepted" in done.stdout


def test_two_unrelated_drafts(tmp_path, drafts):
    old, _ = drafts
    other = tmp_path / "other.cicadraft"
    corpus = sorted(Path("/work/shared/examples/other-negotiations").glob("*.txt")) or sorted(
        (ROOT.parent / "shared" / "examples" / "other-negotiations").glob("*.txt")
    )
    other.write_text(corpus[0].read_text(encoding="utf-8"), encoding="utf-8")
    done = cicadraft(str(old), str(other))
    assert done.returncode == 1
    assert "next to nothing in common" in done.stdout


# -- git ----------------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path):
    assert shutil.which("git"), "git is needed for these tests"
    repo = tmp_path / "repo"
    repo.mkdir()
    env = dict(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               HOME=str(tmp_path))

    def git(*args, check=True):
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                              env=environment(**env), check=check, timeout=60)

    git("init", "-q")
    # The lines docs/diff.md tells users to add:
    (repo / ".gitattributes").write_text("*.cicadraft diff=cicadraft\n", encoding="utf-8")
    git("config", "diff.cicadraft.command", f"{sys.executable} -m cicadraft diff")
    (repo / "draft.cicadraft").write_text(REFERENCE, encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "Rev.0")
    (repo / "draft.cicadraft").write_text(revision(), encoding="utf-8")
    git("commit", "-qam", "Rev.1")
    git.repo = repo
    return git


def test_git_diff_speaks_in_positions(repository):
    done = repository("diff", "HEAD~1", "HEAD")
    assert done.returncode == 0, done.stderr
    assert "Changes from a/draft.cicadraft to b/draft.cicadraft" in done.stdout
    assert "proposal accepted (IRAN)" in done.stdout and "position taken +IND" in done.stdout
    assert "@@" not in done.stdout  # no line hunks


def test_git_log_p_speaks_in_positions(repository):
    done = repository("log", "-p", "--ext-diff")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Changes from a/draft.cicadraft") == 2  # Rev.1, and Rev.0 as added
    assert "paragraph added" in done.stdout  # Rev.0 against /dev/null


def test_git_new_and_deleted_files(repository):
    (repository.repo / "new.cicadraft").write_text("1. A new draft.\n", encoding="utf-8")
    repository("add", "new.cicadraft")
    repository("rm", "-q", "draft.cicadraft")
    done = repository("diff", "--cached")
    assert done.returncode == 0, done.stderr
    assert "a/new.cicadraft" in done.stdout and "paragraph added" in done.stdout
    assert "a/draft.cicadraft" in done.stdout and "paragraph removed" in done.stdout


def test_git_renamed_file(repository):
    # A renamed draft: git passes nine arguments (the new path and its rename lines).
    repository("mv", "draft.cicadraft", "Rev2.cicadraft")
    rev2 = repository.repo / "Rev2.cicadraft"
    rev2.write_text(rev2.read_text(encoding="utf-8").replace("years]. (-IND)", "years]. (-IND, -CHN)"), encoding="utf-8")
    repository("add", "-A")
    done = repository("diff", "--cached")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Changes from a/draft.cicadraft to b/Rev2.cicadraft\n")
    assert "position taken -CHN" in done.stdout and done.stderr == ""


def test_git_unmerged_path(repository):
    # A merge conflict: git calls the driver with the path alone, and must go on.
    draft = repository.repo / "draft.cicadraft"
    repository("checkout", "-qb", "other")
    draft.write_text(draft.read_text(encoding="utf-8").replace("(+IRAN, +IND) (SEC tcb)", "(+IRAN, +CHN) (SEC tcb)"), encoding="utf-8")
    repository("commit", "-qam", "CHN joins")
    repository("checkout", "-q", "-")
    draft.write_text(draft.read_text(encoding="utf-8").replace("(+IRAN, +IND) (SEC tcb)", "(+IRAN, +TUR) (SEC tcb)"), encoding="utf-8")
    repository("commit", "-qam", "TUR joins")
    assert repository("merge", "other", check=False).returncode != 0  # the conflict
    done = repository("diff", "--cached")
    assert (done.returncode, done.stdout, done.stderr) == (0, "* Unmerged path draft.cicadraft\n", "")
    against_head = repository("diff", "HEAD")  # the file with the conflict markers, in positions
    assert against_head.returncode == 0 and against_head.stdout.startswith("Changes from a/draft.cicadraft"), against_head.stderr


def test_driver_arguments_directly(tmp_path, drafts):
    old, new = drafts
    done = cicadraft("draft.cicadraft", str(old), "a" * 40, "100644", str(new), "b" * 40, "100644")
    assert done.returncode == 0  # git stops at a driver that fails, so changes are not a failure
    assert "Changes from a/draft.cicadraft to b/draft.cicadraft" in done.stdout
    binary = tmp_path / "blob"
    binary.write_bytes(b"\x00\x00")
    done = cicadraft("draft.cicadraft", str(old), "a" * 40, "100644", str(binary), "b" * 40, "100644")
    assert done.returncode == 0 and "binary" in done.stdout


def test_diff_git_revision(repository):
    path = str(repository.repo / "draft.cicadraft")
    done = cicadraft("--git", "HEAD~1", path, cwd=str(repository.repo))
    assert done.returncode == 1, done.stderr
    assert "draft.cicadraft@HEAD~1" in done.stdout and "proposal accepted" in done.stdout
    assert cicadraft("--git", "HEAD", path).returncode == 0
    bad = cicadraft("--git", "no-such-rev", path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "git show no-such-rev" in bad.stderr
    assert cicadraft("--git", "--output=x", path).returncode == 2  # argparse: --git wants a value
    option = cicadraft("--git=--output=x", path)  # not passed to git as an option
    assert option.returncode == 2 and option.stderr == "cicadraft: diff --git: “--output=x” is not a git revision\n"


def test_diff_git_outside_a_repository(tmp_path):
    path = tmp_path / "lone.cicadraft"
    path.write_text("1. Text.\n", encoding="utf-8")
    done = cicadraft("--git", "HEAD", str(path), GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert done.returncode == 2 and done.stderr.startswith("cicadraft: ") and done.stderr.count("\n") == 1


def test_positions_taken_at_once_are_reported_in_the_order_of_the_tags(tmp_path):
    """Four tags added to one paragraph: one change each, in the order they are written,
    and the same report whatever the process's string hash seed (a set of tags once made
    the order change from one run to the next)."""
    old, new = tmp_path / "Rev0.cicadraft", tmp_path / "Rev1.cicadraft"
    old.write_text("1. Promote tolerance among peoples.\n\n2. Strengthen dialogue.\n", encoding="utf-8")
    new.write_text("1. Promote tolerance among peoples. (+PAK, -SEC, +IND, AZER tcb)\n\n2. Strengthen dialogue.\n", encoding="utf-8")
    reports = {cicadraft(str(old), str(new), "--format", "json", PYTHONHASHSEED=str(seed)).stdout for seed in range(6)}
    assert len(reports) == 1
    changes = json.loads(reports.pop())["changes"]
    assert [(c["kind"], c["tag"]) for c in changes] == [
        ("tag-added", "+PAK"), ("tag-added", "-SEC"), ("tag-added", "+IND"), ("tag-added", "AZER tcb")
    ]


def test_the_command_line_loads_the_diff_engine_only_for_diff():
    """Every command builds diff's parser (its formats and locales); only `diff` needs
    the engine (difflib, the alignment), which `check` would otherwise load each run."""
    server = Path(__file__).resolve().parents[1] / "server"
    code = (
        "import sys, cicadraft.cli.main as m; m.build_parser(); "
        "print(sorted(n for n in ('difflib', 'cicadraft.analysis.diff.changes', 'cicadraft.analysis.diff.model') if n in sys.modules)); "
        "from cicadraft.analysis.diff import compare, KINDS; print(callable(compare), len(KINDS) > 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(server)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "True True"], done.stdout
