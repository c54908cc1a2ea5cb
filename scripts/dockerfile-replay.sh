#!/usr/bin/env bash
# dockerfile-replay.sh: replay the repository's Dockerfile, step by step, in debootstrap'ed
# Debian bookworm chroots, for machines that have no Docker engine.
#
# THIS SCRIPT MIRRORS ../Dockerfile BY HAND AND MUST BE UPDATED WITH IT. Every RUN line below
# is checked against the Dockerfile before anything runs (continuation lines joined,
# whitespace collapsed): if the Dockerfile changed, the script stops and says which step.
#
# What it does (root needed; network to Debian's mirror and the Go module proxy):
#   base     debootstrap --variant=minbase bookworm, once, kept in WORK/base (the stand-in for
#            the Debian images: apt config of the official images, deb822 sources with
#            bookworm, bookworm-updates and bookworm-security)
#   build    fresh copy of base + the golang:1.26-bookworm extras (gcc, g++, libc6-dev, make,
#            pkg-config, git, curl; this machine's Go toolchain at /usr/local/go; GOPATH=/go),
#            the Dockerfile's RUN apt-get, COPY . . (the working tree minus .dockerignore),
#            the RUN go build with the cache mounts as bind mounts of WORK/cache/*
#   runtime  fresh copy of base with bookworm-slim's dpkg excludes, the Dockerfile's
#            RUN apt-get + useradd, the two COPY --from=build, ENV OMP_THREAD_LIMIT=1; then,
#            as uid 10001 in /home/budgetpdf: `budgetpdf version`, `ldd`, `budgetpdf` with no
#            arguments, `budgetpdf convert /data/in -o /data/out` on a bind-mounted folder
#            (a born-digital corpus PDF and the scanned Changsha PDF, so OCR runs on the
#            image's tessdata), and the README's `--user UID:GID` forms (convert, and the
#            sample into a bind-mounted out/) as a uid the image does not know, plus the
#            sample without --user into a host-owned out/, which must fail cleanly.
#
# Usage: sudo scripts/dockerfile-replay.sh [WORKDIR]   (default /tmp/budgetpdf-dockerfile-replay)
# Idempotent: each run starts both stages from a fresh copy of the base; WORK/base and the
# Go caches are reused. Bind mounts are unmounted on exit, whatever happens.
# FULL_CORPUS=1 also converts every corpus PDF in the runtime stage and compares the CSVs
# with the same source built and run on this machine (needs libtesseract-dev here).
# Environment: CORPUS (default REPO/../shared/corpus/real), MIRROR (default the URI of this
# machine's apt sources, else http://deb.debian.org/debian).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-/tmp/budgetpdf-dockerfile-replay}
CORPUS=${CORPUS:-$REPO/../shared/corpus/real}
SUITE=bookworm
BORN_DIGITAL=putuo-govoffice-2025-budget.pdf
SCANNED=changsha-finance-2025-allocation-scanned.pdf
DOCKER_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

log() { printf '\n=== %s\n' "$*" >&2; }
die() { printf 'dockerfile-replay: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
for t in debootstrap chroot rsync findmnt go; do
	command -v "$t" >/dev/null || die "$t not found (apt-get install debootstrap rsync; Go on PATH)"
done
[ -f "$CORPUS/$BORN_DIGITAL" ] && [ -f "$CORPUS/$SCANNED" ] ||
	die "corpus PDFs not found in $CORPUS (set CORPUS=.../shared/corpus/real)"

if [ -z "${MIRROR:-}" ]; then
	MIRROR=$(grep -hE '^(URIs:|deb) ' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]*/debian/?$' | head -n1 || true)
	MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

# ---- the Dockerfile steps this script replays, verbatim ----
BUILD_APT='apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
 && rm -rf /var/lib/apt/lists/*'
BUILD_GO='CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.Version=${VERSION}" \
      -o /out/budgetpdf ./cmd/budgetpdf \
 && mkdir -p /out/sample \
 && if [ -d fixtures/sample ]; then cp -r fixtures/sample/. /out/sample/; fi'
RUNTIME_APT='apt-get update \
 && apt-get install -y --no-install-recommends \
      libtesseract5 tesseract-ocr-chi-sim tesseract-ocr-eng poppler-utils ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 --shell /usr/sbin/nologin budgetpdf'
# The other instructions, as they must read in the Dockerfile.
OTHER_STEPS=(
	'FROM golang:1.26-bookworm AS build'
	'WORKDIR /src'
	'COPY . .'
	'ARG VERSION=docker'
	'FROM debian:bookworm-slim'
	'COPY --from=build /out/budgetpdf /usr/local/bin/budgetpdf'
	'COPY --from=build --chown=budgetpdf:budgetpdf /out/sample /home/budgetpdf/fixtures/sample'
	'ENV OMP_THREAD_LIMIT=1'
	'USER budgetpdf'
	'WORKDIR /home/budgetpdf'
	'ENTRYPOINT ["budgetpdf"]'
)

# ---- drift check: the Dockerfile as logical instructions, whitespace collapsed ----
collapse() { sed -E 's/\\[[:space:]]*$//' | tr '\n' ' ' | sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//'; }
INSTRUCTIONS=$(grep -v '^[[:space:]]*#' "$REPO/Dockerfile" |
	awk '{ if (sub(/\\[[:space:]]*$/, "")) { printf "%s ", $0 } else { print } }' |
	sed -E 's/[[:space:]]+/ /g; s/^ //; s/ $//' | grep -v '^$')
need() { # need "instruction text": fail unless the Dockerfile has exactly this instruction
	grep -qxF -- "$1" <<<"$INSTRUCTIONS" ||
		die "Dockerfile changed: no instruction '$1'. Update this script to match the Dockerfile."
}
need "RUN $(collapse <<<"$BUILD_APT")"
need "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build $(collapse <<<"$BUILD_GO")"
need "RUN $(collapse <<<"$RUNTIME_APT")"
for s in "${OTHER_STEPS[@]}"; do need "$s"; done
n_run=$(grep -c '^RUN ' <<<"$INSTRUCTIONS")
[ "$n_run" = 3 ] || die "Dockerfile has $n_run RUN instructions, this script replays 3: update it"
log "Dockerfile matches the replayed steps (3 RUN, ${#OTHER_STEPS[@]} other instructions)"

# ---- mounts: everything mounted under WORK is unmounted on exit ----
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
unmount_all() {
	local m rc=0
	for m in $(findmnt -rn -o TARGET | grep -F "$WORK/" | sort -r); do
		umount "$m" || { echo "dockerfile-replay: could not unmount $m" >&2; rc=1; }
	done
	return $rc
}
trap 'unmount_all' EXIT
unmount_all # leftovers of an interrupted run

# chroot_mounts ROOT: what a container gets from the engine: /proc, /dev, a read-only /sys.
chroot_mounts() {
	mount -t proc proc "$1/proc"
	mount --bind /dev "$1/dev"
	mount --bind /dev/pts "$1/dev/pts"
	mount --bind /sys "$1/sys"
	mount -o remount,bind,ro "$1/sys"
}
bind() { # bind SRC DST [ro]
	mkdir -p "$2"
	mount --bind "$1" "$2"
	if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
}

# in_chroot ROOT USERSPEC DIR CMD ENV...: `sh -c CMD` in DIR with only the given environment,
# as Docker runs RUN and the entrypoint.
in_chroot() {
	local root=$1 user=$2 dir=$3 cmd=$4
	shift 4
	chroot --userspec="$user" "$root" /usr/bin/env -i "$@" /bin/sh -c "cd '$dir' && $cmd"
}

# ---- base: a minbase bookworm with the apt/dpkg configuration of Debian's Docker images ----
BASE=$WORK/base
if [ ! -f "$BASE/.replay-complete" ]; then
	log "debootstrap --variant=minbase $SUITE $BASE $MIRROR"
	rm -rf "$BASE"
	debootstrap --variant=minbase "$SUITE" "$BASE" "$MIRROR"
	# Debian's images (debuerreotype): no service starts, no apt caches, no translations.
	printf '#!/bin/sh\nexit 101\n' >"$BASE/usr/sbin/policy-rc.d"
	chmod 755 "$BASE/usr/sbin/policy-rc.d"
	cat >"$BASE/etc/apt/apt.conf.d/docker-clean" <<-'EOF'
		DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
		Dir::Cache::pkgcache "";
		Dir::Cache::srcpkgcache "";
	EOF
	echo 'Acquire::Languages "none";' >"$BASE/etc/apt/apt.conf.d/docker-no-languages"
	echo 'Acquire::GzipIndexes "true";' >"$BASE/etc/apt/apt.conf.d/docker-gzip-indexes"
	echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$BASE/etc/apt/apt.conf.d/docker-autoremove-suggests"
	echo 'force-unsafe-io' >"$BASE/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
	rm -f "$BASE/etc/apt/sources.list"
	cat >"$BASE/etc/apt/sources.list.d/debian.sources" <<-EOF
		Types: deb
		URIs: $MIRROR
		Suites: $SUITE $SUITE-updates
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		Types: deb
		URIs: ${MIRROR%/debian*}/debian-security
		Suites: $SUITE-security
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	rm -rf "$BASE"/var/lib/apt/lists/* "$BASE"/var/cache/apt/archives/*.deb
	touch "$BASE/.replay-complete"
fi

# fresh STAGE: a new root from the base (each run, like a FROM).
fresh() {
	rm -rf "$1"
	cp -a "$BASE" "$1"
	rm -f "$1/.replay-complete"
	cp /etc/resolv.conf "$1/etc/resolv.conf" # Docker bind-mounts the host's
}

# ======================= stage 1: build (golang:1.26-bookworm) =======================
B=$WORK/build
log "FROM golang:1.26-bookworm AS build  (stand-in: $B)"
fresh "$B"
chroot_mounts "$B"
# What golang:1.26-bookworm adds to Debian and the build needs: its C toolchain (cgo; g++ for
# gosseract's C++), git, curl, certificates; Go itself. Left out: mercurial, subversion, gnupg,
# wget, openssh-client of buildpack-deps:scm, which this build does not use.
in_chroot "$B" 0:0 / "apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	ca-certificates curl git netbase procps g++ gcc libc6-dev make pkg-config >/dev/null \
	&& rm -rf /var/lib/apt/lists/*" PATH=$DOCKER_PATH HOME=/root DEBIAN_FRONTEND=noninteractive
GOROOT_HOST=$(go env GOROOT)
rsync -a --delete "$GOROOT_HOST/" "$B/usr/local/go/"
mkdir -p "$B/go/src" "$B/go/bin" "$B/go/pkg/mod" && chmod -R 1777 "$B/go"
GO_ENV=(PATH=/go/bin:/usr/local/go/bin:$DOCKER_PATH HOME=/root GOPATH=/go GOTOOLCHAIN=local)
in_chroot "$B" 0:0 / "go version" "${GO_ENV[@]}"

log "RUN apt-get ... libtesseract-dev libleptonica-dev   (verbatim)"
in_chroot "$B" 0:0 /go "$BUILD_APT" "${GO_ENV[@]}"

log "WORKDIR /src; COPY . .   (working tree minus .dockerignore)"
mkdir -p "$B/src"
rsync -a --delete --exclude=.git --exclude=/bin --exclude=/out --exclude='*.test' "$REPO/" "$B/src/"
grep -vE '^[[:space:]]*(#|$)' "$REPO/.dockerignore" | sort >"$WORK/dockerignore.now"
printf '%s\n' '**/*.test' .git bin out | sort >"$WORK/dockerignore.replayed"
cmp -s "$WORK/dockerignore.now" "$WORK/dockerignore.replayed" ||
	die ".dockerignore changed (now: $(tr '\n' ' ' <"$WORK/dockerignore.now")): update the COPY . . step"

log "ARG VERSION=docker; RUN --mount=type=cache,... go build   (verbatim, cache mounts = $WORK/cache)"
# The cache mounts start empty on a new builder; here they persist across replays. Modules
# come from this machine's module cache used as a file proxy, then from GOPROXY as set here.
mkdir -p "$WORK/cache/gomod" "$WORK/cache/gobuild"
bind "$WORK/cache/gomod" "$B/go/pkg/mod"
bind "$WORK/cache/gobuild" "$B/root/.cache/go-build"
HOST_MODCACHE=$(go env GOMODCACHE)
bind "$HOST_MODCACHE/cache/download" "$B/hostproxy" ro
rm -rf "$B/out"
in_chroot "$B" 0:0 /src "$BUILD_GO" "${GO_ENV[@]}" VERSION=docker \
	"GOPROXY=file:///hostproxy,$(go env GOPROXY)" "GOSUMDB=$(go env GOSUMDB)"
ls -l "$B/out/budgetpdf" "$B/out/sample"
file "$B/out/budgetpdf" 2>/dev/null || true
log "modules the build extracted into the (fresh) /go/pkg/mod:"
find "$WORK/cache/gomod" -mindepth 1 -maxdepth 4 -name '*@v*' -type d | sed "s|$WORK/cache/gomod/||" | sort
unmount_all

# ======================= stage 2: runtime (debian:bookworm-slim) =======================
R=$WORK/runtime
log "FROM debian:bookworm-slim  (stand-in: $R)"
fresh "$R"
# bookworm-slim = the Debian image with documentation, man pages and translations excluded.
cat >"$R/etc/dpkg/dpkg.cfg.d/docker" <<-'EOF'
	path-exclude /usr/share/doc/*
	path-include /usr/share/doc/*/copyright
	path-exclude /usr/share/groff/*
	path-exclude /usr/share/info/*
	path-exclude /usr/share/linda/*
	path-exclude /usr/share/lintian/overrides/*
	path-exclude /usr/share/locale/*
	path-exclude /usr/share/man/*
EOF
chroot_mounts "$R"

log "RUN apt-get ... libtesseract5 tesseract-ocr-chi-sim tesseract-ocr-eng poppler-utils ca-certificates && useradd   (verbatim)"
in_chroot "$R" 0:0 / "$RUNTIME_APT" PATH=$DOCKER_PATH HOME=/root DEBIAN_FRONTEND=noninteractive
in_chroot "$R" 0:0 / "dpkg-query -W -f '\${Package} \${Version}\n' libtesseract5 tesseract-ocr-chi-sim \
	tesseract-ocr-eng tesseract-ocr-osd poppler-utils libleptonica-dev 2>&1 || true" PATH=$DOCKER_PATH

log "COPY --from=build /out/budgetpdf /usr/local/bin/budgetpdf"
install -o 0 -g 0 -m "$(stat -c %a "$B/out/budgetpdf")" "$B/out/budgetpdf" "$R/usr/local/bin/budgetpdf"
log "COPY --from=build --chown=budgetpdf:budgetpdf /out/sample /home/budgetpdf/fixtures/sample"
uidgid=$(in_chroot "$R" 0:0 / 'echo "$(id -u budgetpdf):$(id -g budgetpdf)"' PATH=$DOCKER_PATH)
[ "$uidgid" = 10001:10001 ] || die "user budgetpdf is $uidgid, expected 10001:10001"
mkdir -p "$R/home/budgetpdf/fixtures/sample"
cp -a "$B/out/sample/." "$R/home/budgetpdf/fixtures/sample/"
chown -R "$uidgid" "$R/home/budgetpdf/fixtures/sample"
ls -ln "$R/home/budgetpdf" "$R/home/budgetpdf/fixtures/sample"

# ENV OMP_THREAD_LIMIT=1, USER budgetpdf, WORKDIR /home/budgetpdf: the container's environment.
RUN_ENV=(PATH=$DOCKER_PATH HOSTNAME=replay HOME=/home/budgetpdf OMP_THREAD_LIMIT=1)
as_user() { in_chroot "$R" 10001:10001 /home/budgetpdf "$1" "${RUN_ENV[@]}"; }
status() { # status NAME CMD...: run, print and record the exit code, never stop the replay
	local rc=0
	"${@:2}" || rc=$?
	echo "exit code ($1): $rc" >&2
	echo "$1 $rc" >>"$WORK/exit-codes"
}
: >"$WORK/exit-codes"

log "as the image's user: id; budgetpdf version; ldd /usr/local/bin/budgetpdf; tessdata"
as_user 'id; budgetpdf version'
as_user 'ldd /usr/local/bin/budgetpdf' | tee "$WORK/ldd.txt"
if grep -q 'not found' "$WORK/ldd.txt"; then die "ldd: unresolved libraries (above)"; fi
as_user 'ls /usr/share/tesseract-ocr/5/tessdata; command -v pdftoppm'

log "docker run budgetpdf   (no arguments: the bundled sample into out/)"
status sample as_user 'exec budgetpdf'
find "$R/home/budgetpdf/out" -maxdepth 3 | sed "s|$R||" | sort | head -n 40
ls -ln "$R/home/budgetpdf/out"

log "docker run --user 1000:1000 -v HOST/out:/home/budgetpdf/out budgetpdf   (the documented sample form)"
# A bind-mounted folder keeps its host owner (here uid 1000, a typical desktop user), so the
# container must run as that user; without --user, uid 10001 cannot write there.
HO=$WORK/host-out-sample
rm -rf "$HO" "$R/home/budgetpdf/out" && mkdir -p "$HO" && chown 1000:1000 "$HO"
bind "$HO" "$R/home/budgetpdf/out"
status sample-user in_chroot "$R" 1000:1000 /home/budgetpdf 'exec budgetpdf' \
	PATH=$DOCKER_PATH HOSTNAME=replay HOME=/ OMP_THREAD_LIMIT=1
ls -ln "$HO" "$HO"/*/ | head -n 20
log "the same without --user: must fail with a clear error (why the docs say --user)"
rm -rf "${HO:?}"/* "$HO"/.budgetpdf.lock
rc=0
as_user 'exec budgetpdf' 2>"$WORK/no-user.err" || rc=$?
cat "$WORK/no-user.err" >&2
[ "$rc" = 1 ] && grep -q 'permission denied' "$WORK/no-user.err" ||
	die "expected exit 1 and 'permission denied' writing a folder owned by another uid, got $rc"
echo "exit code (sample without --user, host-owned out): $rc, as expected" >&2
umount "$R/home/budgetpdf/out"

log "docker run -v DATA:/data budgetpdf convert /data/in -o /data/out   (as uid 10001)"
D=$WORK/data
rm -rf "$D" && mkdir -p "$D/in"
cp "$CORPUS/$BORN_DIGITAL" "$CORPUS/$SCANNED" "$D/in/"
chown -R 10001:10001 "$D"
bind "$D" "$R/data"
status convert-10001 as_user 'exec budgetpdf convert /data/in -o /data/out'
find "$D/out" -maxdepth 3 | sed "s|$D|DATA|" | sort | head -n 60

log "docker run --user 1000:1000 -v DATA2:/data budgetpdf convert /data/in -o /data/out   (README form, uid unknown to the image: HOME=/)"
D2=$WORK/data-user
rm -rf "$D2" && mkdir -p "$D2/in"
cp "$CORPUS/$BORN_DIGITAL" "$D2/in/"
chown -R 1000:1000 "$D2"
bind "$D2" "$R/data2"
status convert-user in_chroot "$R" 1000:1000 /home/budgetpdf 'exec budgetpdf convert -q /data2/in -o /data2/out' \
	PATH=$DOCKER_PATH HOSTNAME=replay HOME=/ OMP_THREAD_LIMIT=1
find "$D2/out" -maxdepth 2 | sed "s|$D2|DATA2|" | sort

if [ "${FULL_CORPUS:-0}" = 1 ]; then
	log "FULL_CORPUS=1: every corpus PDF in the image, and the same source built and run on this machine"
	D3=$WORK/data-all
	rm -rf "$D3" "$WORK/host-out" && mkdir -p "$D3/in"
	cp "$CORPUS"/*.pdf "$D3/in/"
	chown -R 10001:10001 "$D3"
	bind "$D3" "$R/data3"
	rc_image=0
	as_user 'exec budgetpdf convert -q /data3/in -o /data3/out' || rc_image=$?
	(cd "$B/src" && CGO_ENABLED=1 go build -trimpath -ldflags "-s -w -X main.Version=docker" \
		-o "$WORK/host-budgetpdf" ./cmd/budgetpdf)
	rc_host=0
	OMP_THREAD_LIMIT=1 "$WORK/host-budgetpdf" convert -q "$D3/in" -o "$WORK/host-out" || rc_host=$?
	echo "exit codes: image $rc_image, host $rc_host" >&2
	# Compare every CSV (per-table, findings, cells) with the input folder's path made the
	# same: /data3/in/ in the image, DATA3/in/ here.
	strip_path() { sed -e "s|$D3/in/|IN/|g; s|/data3/in/|IN/|g" "$1"; }
	ndiff=0 nfiles=0
	for f in $(cd "$WORK/host-out" && find . -path ./parquet -prune -o \( -name '*.csv' -print \) | sort); do
		nfiles=$((nfiles + 1))
		if ! cmp -s <(strip_path "$WORK/host-out/$f") <(strip_path "$D3/out/$f"); then
			echo "differs: $f" >&2
			ndiff=$((ndiff + 1))
		fi
	done
	docs=$(find "$D3/out" -mindepth 2 -maxdepth 2 -name conversion.json | wc -l)
	echo "full corpus: $docs documents converted in the image; $nfiles CSV files compared with the host run, $ndiff differ" >&2
	# pdftoppm (poppler-utils, no poppler-data, no CJK fonts in the image) renders the pages
	# OCR may need rendered: page 2 of every corpus PDF, image vs this machine.
	mkdir -p "$WORK/render-host" "$R/tmp/render"
	chmod 1777 "$R/tmp/render"
	as_user 'for f in /data3/in/*.pdf; do pdftoppm -r 72 -f 2 -l 2 -gray "$f" /tmp/render/"$(basename "$f" .pdf)"; done' 2>/dev/null
	for f in "$D3"/in/*.pdf; do pdftoppm -r 72 -f 2 -l 2 -gray "$f" "$WORK/render-host/$(basename "$f" .pdf)" 2>/dev/null; done
	nrender=0 nrdiff=0
	for h in "$WORK"/render-host/*.pgm; do
		nrender=$((nrender + 1))
		cmp -s "$h" "$R/tmp/render/$(basename "$h")" || { echo "render differs: $(basename "$h")" >&2; nrdiff=$((nrdiff + 1)); }
	done
	echo "pdftoppm: $nrender pages rendered in the image and here, $nrdiff differ" >&2
	[ "$rc_image" = "$rc_host" ] && [ "$ndiff" = 0 ] && [ "$nrdiff" = 0 ] && [ "$nrender" -gt 0 ] ||
		die "the image and this machine disagree (above)"
fi

unmount_all
log "exit codes"
cat "$WORK/exit-codes"
log "image sizes (du -sh of the stage roots)"
du -sh --exclude=proc --exclude=sys --exclude=dev "$B" "$R" 2>/dev/null || true
if grep -qv ' 0$' "$WORK/exit-codes"; then die "some runs failed (exit codes above)"; fi
log "replay OK: $WORK"
