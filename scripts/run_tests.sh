#!/usr/bin/env bash
# Set up everything on a fresh machine and run the test suite (README's second command;
# .ci/run calls this). Creates .venv, installs the package with all extras, installs the
# optional system packages the tests exercise (FreeDict EN-FR dictionary, Chromium for the
# review-app browser test) when it can, runs ruff and pytest.
set -uo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES="dict-freedict-eng-fra dict-freedict-fra-eng chromium"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    missing=""
    for pkg in $SYSTEM_PACKAGES; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        echo "installing system packages:$missing"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) \
            >/tmp/aligner-apt.log 2>&1 \
            || echo "warning: could not install$missing (see /tmp/aligner-apt.log); tests needing them will skip"
    fi
else
    echo "note: not root or no apt-get; tests needing FreeDict or Chromium may skip"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv || exit 1
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1
.venv/bin/python -m pip install -q -e '.[neural,dask,test]' || exit 1

.venv/bin/ruff check aligner tests scripts || exit 1
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" = 5 ]; then
    echo "error: pytest collected no tests (exit 5); the suite is missing or mis-configured"
    exit 1
fi
exit "$status"
