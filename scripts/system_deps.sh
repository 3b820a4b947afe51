#!/usr/bin/env bash
# The Debian packages `make test` needs: installed here when missing (as root), otherwise the one
# command to run is printed. chromium drives the browser journeys; nginx the scale-out test;
# poppler-utils (pdftoppm, pdftotext) renders handouts; zbar-tools (zbarimg) decodes QR codes;
# fonts-dejavu-core gives Chromium and the PDF renderer a font on a bare machine.
set -euo pipefail
declare -A NEEDS=([chromium]=chromium [nginx]=nginx [pdftoppm]=poppler-utils [zbarimg]=zbar-tools)
missing=()
for cmd in "${!NEEDS[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDS[$cmd]}")
done
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "make test needs these Debian packages: ${missing[*]}" >&2
  echo "Install them once with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
