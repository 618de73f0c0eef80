"""The built wheel works on its own: the grammar and the registry ship inside it, and an
installed cicadraft never looks for the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_ships_grammar_and_registry_and_runs_outside_the_source_tree(tmp_path: Path):
    source = tmp_path / "source"
    # Build from a copy, so nothing is written into the working tree.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", ".cache", "*.egg-info", "build"), symlinks=True)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("cicadraft-*.whl")
    metadata = zipfile.ZipFile(wheel).read("cicadraft-0.1.0.dist-info/METADATA").decode()
    # The SPDX form: the license table made setuptools warn on every install (and stops
    # working in 2027); with it the metadata had no License-Expression.
    assert "License-Expression: MIT" in metadata
    names = zipfile.ZipFile(wheel).namelist()
    assert "cicadraft/grammars/cicadraft.lark" in names
    assert "cicadraft/grammars/cicadraft.tmLanguage.json" in names
    assert {"cicadraft/registry/data/delegations.toml", "cicadraft/registry/data/areas.toml", "cicadraft/registry/data/bodies.toml"} <= set(names)
    assert "cicadraft/analysis/resolve/__init__.py" in names

    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(source)  # the source tree is gone
    draft = tmp_path / "draft.cicadraft"
    shutil.copy(ROOT / "examples" / "SWG-739-2023.cicadraft", draft)
    env = dict(os.environ, PYTHONPATH=str(target))
    where = subprocess.run(
        [sys.executable, "-c", "import cicadraft, importlib.resources as r; print(cicadraft.__file__); print(r.files('cicadraft').joinpath('grammars/cicadraft.lark').is_file())"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert where.stdout.splitlines()[0].startswith(str(target))
    assert where.stdout.splitlines()[1] == "True"
    result = subprocess.run(
        [sys.executable, "-m", "cicadraft", "check", str(draft)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 draft checked: no problems found"
