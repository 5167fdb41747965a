"""Every script in examples/ runs to completion and writes the plots it promises."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
PLOTS = {
    "autograd_basics.py": ["autograd_basics.png"],
    "autograd_advanced.py": ["autograd_advanced.png"],
}


def test_examples_found():
    assert {p.name for p in EXAMPLES} >= {"quickstart.py", *PLOTS}


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(script, tmp_path):
    env = dict(os.environ, FUNCDIFF_EXAMPLES_OUT=str(tmp_path), MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"{script.name} failed:\n{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.strip(), f"{script.name} printed nothing"
    # Warnings are errors in the test suite; an example should not emit any either.
    assert "Warning" not in proc.stderr, proc.stderr
    for png in PLOTS.get(script.name, []):
        assert (tmp_path / png).stat().st_size > 0, f"{script.name} did not write {png}"


def test_output_dir_argument(tmp_path):
    """An explicit output directory on the command line wins over the environment variable."""
    out = tmp_path / "plots"
    out.mkdir()
    env = dict(os.environ, FUNCDIFF_EXAMPLES_OUT=str(tmp_path), MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    script = ROOT / "examples" / "autograd_basics.py"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)], cwd=tmp_path, env=env, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "autograd_basics.png").exists()
    assert not (tmp_path / "autograd_basics.png").exists()
