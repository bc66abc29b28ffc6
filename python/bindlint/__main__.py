"""`python -m bindlint ...`: runs the bindlint binary this wheel installed, as ruff's does."""

import os
import sys
import sysconfig


def find_bindlint_bin() -> str:
    """The path of the bindlint binary installed with this package."""
    exe = "bindlint" + (sysconfig.get_config_var("EXE") or "")
    candidates = [sysconfig.get_path("scripts")]
    # A `pip install --user` puts scripts in the user scheme.
    if sys.version_info >= (3, 10):
        user_scheme = sysconfig.get_preferred_scheme("user")
    elif os.name == "nt":
        user_scheme = "nt_user"
    else:
        user_scheme = "posix_user"
    candidates.append(sysconfig.get_path("scripts", scheme=user_scheme))
    # `pip install --target`: the binary sits beside the package's parent.
    candidates.append(os.path.join(os.path.dirname(os.path.dirname(__file__)), "bin"))
    for directory in candidates:
        path = os.path.join(directory, exe)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        f"the bindlint binary is not installed with this package (looked in {candidates})"
    )


if __name__ == "__main__":
    bindlint = os.fsdecode(find_bindlint_bin())
    if sys.platform == "win32":
        import subprocess

        sys.exit(subprocess.call([bindlint, *sys.argv[1:]]))
    os.execvp(bindlint, [bindlint, *sys.argv[1:]])
