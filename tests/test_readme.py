"""The README's Python snippets run as written, from a folder outside the checkout (so that
only the installed ``convergence`` package, not the repository's folders, can be imported)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.slow
def test_readme_python_snippets_run(tmp_path):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "the README documents the Python API"
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip(), f"the snippet prints nothing:\n{block}"
