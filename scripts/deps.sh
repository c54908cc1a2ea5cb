#!/usr/bin/env bash
# Installs what building and testing budgetpdf needs on a fresh Debian/Ubuntu machine.
# Idempotent and quick when everything is present. Go itself must already be installed.
set -euo pipefail

# Runtime: libtesseract + Chinese and English models. Tests: poppler-utils (pdftotext/pdftoppm
# as a reference, and the documented OCR render fallback) and LibreOffice Calc (the xlsx
# read-back test converts our workbooks to CSV with it).
pkgs=(libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
  poppler-utils libreoffice-calc libreoffice-core fonts-noto-cjk)
if [ "${WITH_FIXTURE_TOOLS:-0}" = 1 ]; then
  # Only `make fixtures` needs img2pdf (it wraps the scanned variants).
  pkgs+=(img2pdf)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
