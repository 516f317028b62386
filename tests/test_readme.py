"""The README's Python snippets run as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_snippets_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "the README documents the Python API"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
    assert "mean" in capsys.readouterr().out
