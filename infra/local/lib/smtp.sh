# shellcheck shell=bash
# SMTP sink: MailDev from npm, installed self-contained into $STATE/maildev
# with the pinned lockfile in infra/local/smtp. Received mail is kept in
# $STATE/maildev/mail so it survives a restart (DELETE /api/email/all clears it).

SMTP_DIR="$STATE_DIR/maildev"
SMTP_SPEC_DIR="$INFRA_LOCAL_DIR/smtp"
SMTP_PIDFILE="$RUN_DIR/smtp.pid"
SMTP_PORT=1025
SMTP_WEB_PORT=1080

smtp_ports() { echo "$SMTP_PORT $SMTP_WEB_PORT"; }

smtp_pids() { read_pidfile "$SMTP_PIDFILE" maildev; }

smtp_wanted_version() { sed -n 's/.*"maildev": *"\([^"]*\)".*/\1/p' "$SMTP_SPEC_DIR/package.json"; }

smtp_installed_version() {
  sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$SMTP_DIR/node_modules/maildev/package.json" 2>/dev/null | head -n1
}

smtp_install() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    die "smtp: MailDev needs Node.js 20+ and npm on PATH (the project itself needs them too)"
  fi
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$node_major" -ge 20 ] || die "smtp: MailDev $(smtp_wanted_version) needs Node.js 20+, found $(node -v)"

  # The lockfile is compared too, so editing infra/local/smtp reinstalls.
  if [ "$(smtp_installed_version)" = "$(smtp_wanted_version)" ] &&
     cmp -s "$SMTP_SPEC_DIR/package-lock.json" "$SMTP_DIR/package-lock.json"; then
    return 0
  fi
  info smtp "installing MailDev $(smtp_wanted_version) into $SMTP_DIR (npm ci)"
  mkdir -p "$SMTP_DIR"
  cp "$SMTP_SPEC_DIR/package.json" "$SMTP_SPEC_DIR/package-lock.json" "$SMTP_DIR/"
  # Some of MailDev 3's dependencies declare node>=22 but run fine on 20; the
  # engine warnings are noise, so npm's output goes to the log.
  (cd "$SMTP_DIR" && npm ci --omit=dev --no-audit --no-fund --loglevel=error) >>"$LOG_DIR/smtp.log" 2>&1 ||
    fail_with_log smtp "npm ci failed"
}

# A 1 MiB young generation trims ~20 MiB of resident memory at no cost for a
# sink that handles a few mails a second.
smtp_start() {
  mkdir -p "$SMTP_DIR/mail"
  spawn_detached "$SMTP_PIDFILE" "$LOG_DIR/smtp.log" \
    node --max-semi-space-size=1 --max-old-space-size=256 "$SMTP_DIR/node_modules/maildev/dist/bin/maildev.js" \
    --ip 127.0.0.1 --smtp "$SMTP_PORT" \
    --web-ip 127.0.0.1 --web "$SMTP_WEB_PORT" \
    --mail-directory "$SMTP_DIR/mail"
}

smtp_ready() {
  all_ports_open "$SMTP_PORT" "$SMTP_WEB_PORT" &&
    curl -fsS --max-time 2 "http://127.0.0.1:$SMTP_WEB_PORT/api/healthz" 2>/dev/null | grep -q true
}

smtp_provision() { :; }

smtp_stop() { signal_pids TERM "$(smtp_pids)"; }
