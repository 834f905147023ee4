"""Where templates, prompts and the glossary come from.

The top-level ``templates/`` and ``prompts/`` folders are the editor's workspace; the installed
package carries the same files as defaults (``summarizer/_bundled/`` in a wheel, the repository
folders in a source checkout). A workspace file overrides the bundled file of the same
relative path, file by file.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled default folder ``name`` (``templates`` or ``prompts``)."""
    wheel = PACKAGE_DIR / "_bundled" / name
    return wheel if wheel.is_dir() else PACKAGE_DIR.parent / name


def search_path(name: str, workspace: Path | None = None) -> list[Path]:
    """Folders to look in for ``name``, the workspace first, then the bundled defaults."""
    folders = []
    if workspace is not None and (workspace / name).is_dir():
        folders.append((workspace / name).resolve())
    bundled = bundled_dir(name).resolve()
    if bundled not in folders:
        folders.append(bundled)
    return folders


def find_file(name: str, relative: str, workspace: Path | None = None) -> Path:
    """The first ``relative`` file under the search path of ``name``."""
    for folder in search_path(name, workspace):
        candidate = folder / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name}/{relative} not found in the workspace or the bundled defaults")


def list_files(name: str, pattern: str, workspace: Path | None = None) -> list[Path]:
    """All files matching ``pattern`` across the search path; a workspace file hides the bundled one."""
    seen: dict[str, Path] = {}
    for folder in search_path(name, workspace):
        for path in sorted(folder.glob(pattern)):
            seen.setdefault(path.relative_to(folder).as_posix(), path)
    return [seen[key] for key in sorted(seen)]
