#!/usr/bin/env bash
# dlgrade's Gradescope setup: installs the dlgrade wheel shipped in this zip, with the dependency
# versions of the machine that built it (constraints.txt), into its own virtual environment, and
# bubblewrap for the strongest isolation the container allows. Gradescope runs it as root once,
# when the autograder image is built; DLGRADE_AUTOGRADER_ROOT stands in for /autograder in tests.
set -euo pipefail
ROOT="${DLGRADE_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/dlgrade-venv"
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap ca-certificates
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # Ubuntu 22.04's python3 is 3.10; its universe has 3.11 (or choose the Ubuntu 24.04 base image).
    apt-get install -y --no-install-recommends python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --upgrade pip
"$VENV/bin/python" -m pip install --constraint "$SOURCE/constraints.txt" "$SOURCE"/dlgrade-*.whl

# Learner code is graded as this unprivileged user, never as root, so it cannot reach the results folder.
id -u dlgrade >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin dlgrade
"$VENV/bin/dlgrade" doctor
