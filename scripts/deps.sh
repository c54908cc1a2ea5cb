#!/usr/bin/env bash
# Installs what building and running (`scripts/deps.sh run`: make build, make run) or also
# testing (`scripts/deps.sh`, `scripts/deps.sh test`: make test) budgetpdf needs on a fresh
# Debian/Ubuntu machine. Idempotent and quick when everything is present. Go itself must
# already be installed.
set -euo pipefail
what=${1:-test}

# Build and run: libtesseract (headers for cgo) + the Chinese and English models;
# poppler-utils for pdftoppm, the render fallback for pages whose images Go cannot decode
# (JPX/JBIG2, Type3 pages).
pkgs=(libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-eng poppler-utils)
case $what in
run) ;;
test)
  # Tests only: the tesseract CLI (OCR reference figures), LibreOffice Calc and the CJK
  # fonts (the xlsx read-back test converts our workbooks with it; make fixtures renders).
  pkgs+=(tesseract-ocr libreoffice-calc libreoffice-core fonts-noto-cjk)
  ;;
*)
  echo "usage: scripts/deps.sh [run|test]" >&2
  exit 2
  ;;
esac
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
