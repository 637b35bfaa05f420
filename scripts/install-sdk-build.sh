#!/usr/bin/env bash
# Installs what building the SDK wheel needs (scripts/build-sdk-wheel.mjs: a python3 with pip,
# setuptools>=61 and wheel, used offline) from Debian's packages when no interpreter here has it.
# Only Debian's packages are used, as scripts/install-editor.sh does; a second run is a no-op.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PACKAGES=(python3-setuptools python3-wheel python3-pip)

if node "$ROOT/scripts/build-sdk-wheel.mjs" --check >&2; then exit 0; fi

SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "[install-sdk-build] apt-get install ${PACKAGES[*]}" >&2
LOG=$(mktemp)
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
       $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; } >"$LOG" 2>&1; then
  tail -20 "$LOG" >&2; echo "[install-sdk-build] apt-get failed (full log: $LOG)" >&2; exit 1
fi
rm -f "$LOG"
node "$ROOT/scripts/build-sdk-wheel.mjs" --check >&2
