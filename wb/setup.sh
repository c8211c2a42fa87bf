#!/bin/bash
# Install missing Debian packages, then extract the pristine base tree once
# into build/base as a git repository with a single commit.
. "$(dirname "$0")/common.sh"

PACKAGES=(build-essential bc bison flex libelf-dev libssl-dev cpio rsync git
	xz-utils python3 linux-source-6.1 qemu-system-x86 busybox-static
	libcap-dev gcc-multilib libc6-dev-i386 libc6-dev-x32)

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	if [ "$(id -u)" -ne 0 ]; then
		echo "wb: missing packages; install them with:" >&2
		echo "  sudo apt-get install -y ${missing[*]}" >&2
		exit 2
	fi
	log "installing ${missing[*]}"
	{ apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"; } \
		>"$LOGS/apt.log" 2>&1 ||
		die "apt-get install ${missing[*]} failed (see $LOGS/apt.log)"
}

extract_base() {
	[ -d "$BASE/.git" ] && return
	[ -f "$TARBALL" ] || die "$TARBALL not found (package linux-source-6.1)"
	log "extracting $TARBALL into $BASE"
	rm -rf "$BASE" "$BASE.tmp"
	mkdir -p "$BASE.tmp"
	tar -xf "$TARBALL" -C "$BASE.tmp" --strip-components=1
	# Debian's tarball has a .gitignore that ignores its own top level.
	git -C "$BASE.tmp" init -q -b main
	git -C "$BASE.tmp" add -f .
	git -C "$BASE.tmp" -c user.name=wb -c user.email=wb@localhost \
		commit -q -m "Linux $(BASE=$BASE.tmp base_version) from Debian linux-source-6.1"
	mv "$BASE.tmp" "$BASE"
}

# Nothing may write into the base: both kernels and the series start from it.
check_pristine() {
	local changed
	changed=$(git -C "$BASE" status --porcelain | head -n 5)
	[ -z "$changed" ] || die "$BASE is modified ($(echo $changed) ...);" \
		"restore it: git -C build/base checkout -f && git -C build/base clean -fdx"
}

install_packages
extract_base
check_pristine
log "base: Linux $(base_version) ($BASE)"
