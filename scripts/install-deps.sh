#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those missing (make test runs it).
set -euo pipefail
needed=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in "$@"; do have "$pkg" || needed+=("$pkg"); done
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
