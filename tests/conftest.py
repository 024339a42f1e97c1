"""Test-wide setup.

The apps' quit hints say `triops` as the person can type it, which depends on PATH
(`client.common.typed`). Tests run the project's own environment, so put its scripts first
on PATH before any app module is imported: the hints, and the snapshots that show them,
are then the same on every machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                      os.environ.get("PATH", "")])
