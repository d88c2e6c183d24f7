"""The direction of dependencies holds (pyproject.toml, ``[tool.importlinter]``).

The record core knows no domain app: a core module that imported one would break the
contract, and lint-imports says which.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("ttw_safeguarding", "clubs", "cases", "sharing", "media_contacts", "adults")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy_tree(to: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", to / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, to / package, ignore=shutil.ignore_patterns("__pycache__"))


@pytest.fixture(scope="module")
def lint_imports() -> Path:
    if not LINT_IMPORTS.exists():
        pytest.skip("lint-imports is not installed (make install)")
    return LINT_IMPORTS


def test_the_real_tree_keeps_every_contract(lint_imports: Path) -> None:
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_core_module_importing_an_app_breaks_the_core_contract(
    lint_imports: Path, tmp_path: Path
) -> None:
    _copy_tree(tmp_path)
    roles = tmp_path / "ttw_safeguarding" / "records" / "roles.py"
    roles.write_text(roles.read_text() + "\nimport cases.models  # noqa: E402,F401\n")

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert "The record core imports no domain app BROKEN" in result.stdout
    assert "ttw_safeguarding.records.roles -> cases.models" in result.stdout
