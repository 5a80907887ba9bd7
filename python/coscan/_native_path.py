"""Where coscan._native (the compiled module, built by CMake) is found.

The build assembles the whole package, module included, in BUILD/python/coscan, so that
PYTHONPATH=BUILD/python imports everything. With PYTHONPATH=python (the source tree), this
package adds the build's folder to its own search path: $COSCAN_NATIVE_DIR when set, else the
repository's build/python/coscan.
"""

import os
import pathlib

_SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[2]


def extend(package_path):
    """Appends the folder holding the compiled module to `package_path` (the package's
    __path__), unless a folder on it holds one already."""
    if any(next(pathlib.Path(folder).glob("_native*.so"), None) for folder in package_path):
        return
    folder = os.environ.get("COSCAN_NATIVE_DIR") or str(_SOURCE_ROOT / "build" / "python" / "coscan")
    if folder not in package_path:
        package_path.append(folder)
