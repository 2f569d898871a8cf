"""Paths and helpers shared by the trainer tests."""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile

TRAINER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(TRAINER, "..", "src", "main", "resources", "graphgrid", "datasets", "sample")


def session_with_sample():
    """A fresh session directory holding the shipped sample dataset under sample/."""
    session = tempfile.mkdtemp(prefix="aloft-trainer-test-")
    atexit.register(shutil.rmtree, session, True)
    shutil.copytree(SAMPLE, os.path.join(session, "sample"))
    return session


def run_cli(*args):
    """Runs ``python3 -m aloft_trainer`` as the container does; returns the completed process."""
    return subprocess.run([sys.executable, "-m", "aloft_trainer", *args], cwd=TRAINER, capture_output=True,
                          text=True, timeout=300)
