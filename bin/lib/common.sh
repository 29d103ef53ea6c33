# Shared by bin/run and bin/test: progress output and the idempotent set-up steps.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATTERN_SHOP_STATE_DIR="${PATTERN_SHOP_STATE_DIR:-$REPO_ROOT/.local}"
# Nx must not try to reach a cloud or keep a daemon around between our commands.
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true

step() { printf '\n\033[1m==> %s\033[0m  (%s s)\n' "$*" "$SECONDS"; }
fail() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || fail "Node.js 20.19 or newer is required (https://nodejs.org)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || fail "Node.js 20.19 or newer is required; this is $(node --version)"
}

# npm packages, installed again only when a manifest changed (a stamp holds their checksum).
# `npm install` rather than `npm ci`: the lock file cannot list every platform's optional
# binaries when the registry in use serves only some of them, and `npm ci` refuses such a lock.
install_npm_packages() {
  install_jq
  local stamp="$REPO_ROOT/node_modules/.pattern-shop-manifests" sum
  sum=$(cd "$REPO_ROOT" && find . -name package.json -not -path '*/node_modules/*' -not -path './.local/*' \
        | sort | xargs cat package-lock.json | sha256sum | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$sum" ]]; then
    echo "npm packages up to date"
    return
  fi
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error)
  echo "$sum" > "$stamp"
}

# jq: the commands in README.md and docs/ pick fields (an order id, a token) out of JSON with it.
# Installed from the Debian package when missing and root or passwordless sudo is at hand;
# otherwise a warning says how, since the stack itself runs without it.
install_jq() {
  if command -v jq >/dev/null; then return; fi
  local root=()
  [[ "$(id -u)" -eq 0 ]] || root=(sudo -n)
  if command -v apt-get >/dev/null && "${root[@]}" true 2>/dev/null; then
    "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jq \
      || { "${root[@]}" apt-get update -qq \
        && "${root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jq; } \
      || true
  fi
  if command -v jq >/dev/null; then
    echo "jq installed"
  else
    printf '\033[33mwarning:\033[0m jq is missing and could not be installed here; the commands in README.md and docs/ need it: sudo apt-get install jq\n' >&2
  fi
}

build_apps() {
  (cd "$REPO_ROOT" && npm run --silent build)
  echo "built apps/*/dist and libs/**/dist"
}
