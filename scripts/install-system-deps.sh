#!/usr/bin/env bash
# Installs the system programs the test suite drives: Debian's Chromium (client specs, end-to-end
# tests, the prerender server), nginx (the caching reverse proxy that plays the CDN) and redis-server
# (the shared render cache).
# Needs root (or sudo) and Debian's apt. Safe to run again.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
# The shared render cache's tests start their own redis-server (never the system service).
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
# A real font for the CDN tests' webfont (document.fonts must load it).
[ -d /usr/share/fonts/truetype/liberation ] || [ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-liberation)
if [ ${#need[@]} -eq 0 ]; then
  echo "system programs present: chromium, nginx, redis-server, fonts"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" ca-certificates
echo "installed: ${need[*]}"
