"""A virtual environment of its own for an external validator (the DfE's SSDA903 and CIN rules pin pandas
below 2, which has no wheels for our Python), made by the tests that need it the first time they run. The
product never imports them.

It is made with uv, which `make install-dev` puts in `.tools/` (pip, where uv is absent, is several times
slower: it takes most of a minute to install pandas and numpy on a busy machine)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
UV = ROOT / ".tools" / "bin" / "uv"


def environment_make(venv: Path, *, base: str, packages: Sequence[str]) -> str | None:
    """Make `venv` with the Python `base` and install `packages` in it. Returns why not, or None when made."""
    python = venv / "bin" / "python"
    uv = str(UV) if UV.exists() else shutil.which("uv")
    if uv:
        steps = [
            [uv, "venv", "--quiet", "--clear", "--python", base, str(venv)],
            [uv, "pip", "install", "--quiet", "--python", str(python), *packages],
        ]
    else:
        steps = [
            [base, "-m", "venv", "--clear", str(venv)],
            [str(python), "-m", "pip", "install", "-q", *packages],
        ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"{' '.join(step[:3])} failed: {(done.stderr or done.stdout)[-300:]}"
    return None
