"""The workspace walk of ``flow.invoke``: which folders are never entered, the order files come in,
and how many a root's walk looks at. The language server and the CLI walk the same way; the rule's
TypeScript source is common/src/workspaceLimits.ts (walked by server/src/analyzer/pythonFiles.ts),
and test/analyzer/workspaceLimits.test.ts compares these constants with it and runs both walks on
the same trees. Names here are spelled as there."""

from __future__ import annotations

import os
from typing import Dict, List, Tuple

#: Folders never entered, besides hidden ones (a name starting with a dot) and virtualenvs.
SKIPPED_DIRS = frozenset(("node_modules", "__pycache__", "site-packages"))
#: A folder holding this file is a virtualenv, whatever its name.
VENV_CONFIG = "pyvenv.cfg"
#: A folder with one of these names is a virtualenv when it holds one of VENV_PYTHONS.
VENV_NAMES = frozenset(("venv", "env"))
VENV_PYTHONS = ("bin/python", "Scripts/python.exe")
#: How many Python files a root's walk looks at (by default no cap: JavaScript's largest exact whole
#: number), the variable that sets one, and the editor's setting.
DEFAULT_MAX_WORKSPACE_FILES = 2**53 - 1
MAX_WORKSPACE_FILES_ENV = "HERO_FLOWS_MAX_WORKSPACE_FILES"
MAX_WORKSPACE_FILES_SETTING = "heroFlows.maxWorkspaceFiles"

#: search root -> its .py files and whether the walk was capped (walked once per process)
walked: Dict[str, Tuple[List[str], bool]] = {}


def is_skipped_dir(parent: str, name: str) -> bool:
    """A folder the walk does not enter: hidden, named in SKIPPED_DIRS, or a virtualenv."""
    path = os.path.join(parent, name)
    if name.startswith(".") or name in SKIPPED_DIRS or os.path.exists(os.path.join(path, VENV_CONFIG)):
        return True
    return name in VENV_NAMES and any(os.path.exists(os.path.join(path, *python.split("/"))) for python in VENV_PYTHONS)


def max_workspace_files() -> int:
    """The walk's cap: ``HERO_FLOWS_MAX_WORKSPACE_FILES`` (a positive whole number), else the default."""
    try:
        value = int(os.environ.get(MAX_WORKSPACE_FILES_ENV, "").strip())
    except ValueError:
        return DEFAULT_MAX_WORKSPACE_FILES
    return value if value > 0 else DEFAULT_MAX_WORKSPACE_FILES


def py_files(root: str) -> Tuple[List[str], bool]:
    """The root's first ``max_workspace_files()`` .py files in walk order (a folder's files by name,
    then its sub-folders by name), and whether there were more."""
    found = walked.get(root)
    if found is None:
        cap = max_workspace_files()
        files: List[str] = []
        capped = False
        for folder, dirs, names in os.walk(root):  # symlinked folders are not followed
            dirs[:] = sorted(d for d in dirs if not is_skipped_dir(folder, d))
            for n in sorted(names):
                if not n.endswith(".py") or not os.path.isfile(os.path.join(folder, n)):
                    continue
                if len(files) >= cap:
                    capped = True
                    break
                files.append(os.path.join(folder, n))
            if capped:
                break
        found = walked[root] = (files, capped)
    return found
