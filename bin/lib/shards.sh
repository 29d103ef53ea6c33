# The server tests in two shards: the first on this machine's servers, the second in a network
# namespace of its own (README, Tests), where the same fixed ports belong to a second set of
# servers. The tests spend about half their time waiting on timeouts and brokers,
# so the second core does the other shard's work.
# shellcheck shell=bash

SHARD_NS=pattern-shop-shard-2
SHARD_STATE="$PATTERN_SHOP_STATE_DIR/shard-2"
SHARD_PID=""

# Two shards need root (a network namespace) and iproute2; PATTERN_SHOP_TEST_SHARDS=1 asks for one.
two_shards_possible() {
  [[ "${PATTERN_SHOP_TEST_SHARDS:-2}" != 1 ]] || return 1
  [[ "$(id -u)" -eq 0 ]] && command -v ip >/dev/null || return 1
}

# Tools installed once per machine (the API fuzzer's venv) are the first shard's.
in_shard_ns() {
  ip netns exec "$SHARD_NS" env PATTERN_SHOP_STATE_DIR="$SHARD_STATE" \
    PATTERN_SHOP_SCHEMATHESIS_VENV="$PATTERN_SHOP_STATE_DIR/schemathesis" "$@"
}

# A namespace left by a run that was killed goes first, with whatever servers it held.
shard_ns_remove() {
  ip netns list | grep -qw "$SHARD_NS" || return 0
  in_shard_ns "$REPO_ROOT/infra/local/down" >/dev/null 2>&1 || true
  ip netns del "$SHARD_NS"
}

# The namespace has loopback only, so what the servers were installed from (Kafka's jars, MailDev,
# Toxiproxy's binary) is copied from the first shard's state, which infra/local/up has filled.
shard_ns_up() {
  shard_ns_remove
  ip netns add "$SHARD_NS" || return 1
  ip netns exec "$SHARD_NS" ip link set lo up
  mkdir -p "$SHARD_STATE/kafka" "$SHARD_STATE/maildev"
  chmod 0755 "$SHARD_STATE"
  cp -a "$PATTERN_SHOP_STATE_DIR/kafka/build" "$PATTERN_SHOP_STATE_DIR/kafka/libs" "$SHARD_STATE/kafka/"
  cp -a "$PATTERN_SHOP_STATE_DIR/maildev/node_modules" "$PATTERN_SHOP_STATE_DIR"/maildev/package*.json "$SHARD_STATE/maildev/"
  rm -rf "$SHARD_STATE/toxiproxy" && cp -a "$PATTERN_SHOP_STATE_DIR/toxiproxy" "$SHARD_STATE/"
  in_shard_ns "$REPO_ROOT/infra/local/up"
}

shard_ns_down() {
  if [[ -n "$SHARD_PID" ]]; then kill -- "-$SHARD_PID" 2>/dev/null || true; fi
  shard_ns_remove
}

# Starts the second shard in the background, its output in $SHARD_STATE/jest.log; $SHARD_PID is its
# process group, so a failing or interrupted run can stop all of it.
start_second_shard() {
  # After the build: the migration is one of the built CLIs.
  in_shard_ns npm run --silent rabbitmq:migrate >>"$SHARD_STATE/up.log" 2>&1 || {
    cat "$SHARD_STATE/up.log"
    return 1
  }
  set -m
  in_shard_ns node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js \
    --selectProjects int e2e --runInBand --forceExit --shard=2/2 \
    --cacheDirectory="$SHARD_STATE/jest-cache" >"$SHARD_STATE/jest.log" 2>&1 &
  SHARD_PID=$!
  set +m
}

# Waits for the second shard, prints its output, and returns its exit status.
finish_second_shard() {
  local rc=0
  wait "$SHARD_PID" || rc=$?
  SHARD_PID=""
  step "tests: integration, end-to-end, second shard (its own servers, network namespace $SHARD_NS)"
  cat "$SHARD_STATE/jest.log"
  return "$rc"
}
