#!/usr/bin/env bash
# base-images.sh: builds the Dockerfile's two base images from Debian packages, for machines
# that cannot pull images from a registry (like the development machine). Root needed.
#
#   debian:bookworm-slim   debootstrap --variant=minbase bookworm, with the official images'
#                          apt/dpkg settings (no caches, no translations, slim's path excludes
#                          for docs, man pages and locales), imported with `IMAGE import`
#   golang:1.26-bookworm   the same root plus what the golang image adds and our build uses
#                          (gcc g++ libc6-dev make pkg-config git ca-certificates curl) and
#                          this machine's Go toolchain ($(go env GOROOT)) at /usr/local/go,
#                          GOPATH=/go, GOTOOLCHAIN=local, PATH as in the official image
#
# Usage: sudo scripts/base-images.sh [podman|docker]   (default: podman if installed)
# An image the engine already has is kept (FORCE=1 rebuilds). WORK (default
# /var/tmp/budgetpdf-base) keeps the bootstrapped root between runs.
# Environment: MIRROR (default the URI of this machine's apt sources, else deb.debian.org).
set -euo pipefail

ENGINE=${1:-$(command -v podman >/dev/null && echo podman || echo docker)}
WORK=${WORK:-/var/tmp/budgetpdf-base}
SLIM=debian:bookworm-slim
GOLANG=golang:1.26-bookworm
die() { printf 'base-images: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
command -v "$ENGINE" >/dev/null || die "$ENGINE not found (apt-get install podman, or docker.io)"
command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
have() { [ "${FORCE:-0}" != 1 ] && "$ENGINE" image inspect "$1" >/dev/null 2>&1; }
if have "$SLIM" && have "$GOLANG"; then
	echo "base-images: $SLIM and $GOLANG present ($ENGINE)"
	exit 0
fi
if [ -z "${MIRROR:-}" ]; then
	MIRROR=$(grep -hE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]*/debian/?$' | head -n1 || true)
	MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
mkdir -p "$WORK"
ROOT=$WORK/rootfs
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
	rm -rf "$ROOT"
	debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR"
	# What the official Debian images configure (docker-debian-artifacts).
	cat >"$ROOT/etc/apt/apt.conf.d/docker-clean" <<'C'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
C
	echo 'Acquire::Languages "none";' >"$ROOT/etc/apt/apt.conf.d/docker-no-languages"
	echo 'APT::AutoRemove::SuggestsImportant "false";' >"$ROOT/etc/apt/apt.conf.d/docker-autoremove-suggests"
	rm -f "$ROOT/etc/apt/sources.list"
	cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<S
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${MIRROR%/debian*}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
S
	chroot "$ROOT" apt-get clean
	rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/log/*.log
fi

if ! have "$SLIM"; then
	# bookworm-slim: the same root without docs, man pages and locales (and dpkg told so).
	cat >"$ROOT/etc/dpkg/dpkg.cfg.d/docker" <<'D'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
D
	tar -C "$ROOT" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . |
		"$ENGINE" import --change 'CMD ["bash"]' - "$SLIM"
	rm -f "$ROOT/etc/dpkg/dpkg.cfg.d/docker"
fi

if ! have "$GOLANG"; then
	GOROOT=$(go env GOROOT 2>/dev/null) || die "Go not found (the golang image gets this machine's Go)"
	GROOT=$WORK/golang-rootfs
	rm -rf "$GROOT"
	cp -a "$ROOT" "$GROOT"
	cp /etc/resolv.conf "$GROOT/etc/resolv.conf"
	chroot "$GROOT" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		gcc g++ libc6-dev make pkg-config git ca-certificates curl netbase >/dev/null && rm -rf /var/lib/apt/lists/*'
	mkdir -p "$GROOT/usr/local/go" "$GROOT/go/bin" "$GROOT/go/src"
	cp -a "$GOROOT/." "$GROOT/usr/local/go/"
	: >"$GROOT/etc/resolv.conf"
	tar -C "$GROOT" --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' -c . |
		"$ENGINE" import \
			--change 'ENV GOLANG_VERSION='"$(go env GOVERSION | sed 's/^go//')" \
			--change 'ENV GOTOOLCHAIN=local' \
			--change 'ENV GOPATH=/go' \
			--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
			--change 'WORKDIR /go' \
			--change 'CMD ["bash"]' - "$GOLANG"
	rm -rf "$GROOT"
fi
"$ENGINE" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'bookworm' || true
