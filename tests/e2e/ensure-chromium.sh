#!/bin/sh
# Browser tests drive Debian's Chromium through playwright-core (no browser download).
# Installs it when missing; needs root (CI runs as root), otherwise says what to run.
set -e
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  echo "ensure-chromium: installing Debian chromium…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ensure-chromium: $CHROMIUM is missing; run: sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1
