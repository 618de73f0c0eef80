"""What the system refuses (an address, a port, a log file, any OSError) is one line on
stderr and exit status 2, never a traceback, on every command."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cicadraft.cli import check
from cicadraft.cli.main import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cicadraft", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60, stdin=subprocess.DEVNULL)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cicadraft: ")
    assert result.stdout == ""
    return lines[0]


def test_serve_on_an_address_this_machine_does_not_have():
    # 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never a local address.
    line = one_line(run("serve", "--tcp", "192.0.2.1:2087"))
    assert line == "cicadraft: --tcp 192.0.2.1:2087: cannot listen there (cannot assign requested address)"


def test_serve_on_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        line = one_line(run("serve", "--tcp", f"127.0.0.1:{port}"))
    assert line == f"cicadraft: --tcp 127.0.0.1:{port}: cannot listen there (address already in use)"


def test_serve_on_an_unknown_host():
    line = one_line(run("serve", "--tcp", "no-such-host.invalid:2087"))
    assert line.startswith("cicadraft: --tcp no-such-host.invalid:2087: unknown host (")


@pytest.mark.parametrize("where, reason", [("folder", "is a folder, not a file"), ("missing", "no such file or folder")])
def test_serve_with_a_log_file_it_cannot_write(tmp_path: Path, where: str, reason: str):
    path = tmp_path if where == "folder" else tmp_path / "missing" / "server.log"
    line = one_line(run("serve", "--log-file", str(path)))
    assert line == f"cicadraft: --log-file {path}: cannot write the log there ({reason})"
    assert not (tmp_path / "missing").exists()


def test_any_oserror_of_a_command_is_one_line(monkeypatch, capsys):
    # The cause, not the symptoms: whatever a command meets, main() turns an OSError
    # into one line naming the file.
    def refused(args):
        raise PermissionError(13, "Permission denied", "/some/file")

    monkeypatch.setattr(check, "run", refused)
    assert main(["check", "x.cicadraft"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "cicadraft: /some/file: permission denied\n"
