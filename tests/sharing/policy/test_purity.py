"""The policy package is pure: the standard library, ``holidays`` and itself, nothing else.

So every rule can be read and tested without Django, a database or an app, and no app's change
can reach into the policy by an import.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import sharing.policy

PACKAGE = Path(sharing.policy.__file__).parent
PROJECT_PACKAGES = {"cases", "media_contacts", "sharing", "ttw_safeguarding", "tests"}
ALLOWED_THIRD_PARTY = {"holidays"}


def test_importing_the_policy_loads_no_django_and_no_other_project_module():
    script = "import json, sys\nimport sharing.policy\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent.parent,
        env=env,
    )
    loaded = json.loads(result.stdout)
    assert not [name for name in loaded if name == "django" or name.startswith("django.")]
    outside = [
        name
        for name in loaded
        if name.split(".")[0] in PROJECT_PACKAGES
        and name not in ("sharing", "sharing.policy")
        and not name.startswith("sharing.policy.")
    ]
    assert outside == []


def test_every_module_of_the_policy_imports_only_the_standard_library_holidays_and_itself():
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:  # relative: the package itself
                    continue
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                allowed = top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY
                assert allowed, f"{path.name} imports {name}"
