#!/bin/bash
# Install missing Debian packages, then extract the pristine base tree once
# into build/base as a git repository with a single commit. With ARCH=arm64,
# s390x or riscv64 also what that lane needs, and busybox for it in
# build/deb-ARCH.
. "$(dirname "$0")/common.sh"

# gcc-12-multilib, not gcc-multilib: the latter conflicts with every cross
# compiler (for its /usr/include/asm link, which our programs do not need:
# they take asm/ from the kernel's uapi headers).
PACKAGES=(build-essential bc bison flex libelf-dev libssl-dev cpio rsync git
	xz-utils python3 linux-source-6.1 qemu-system-x86 busybox-static
	libcap-dev libseccomp-dev gcc-12-multilib libc6-dev-i386 libc6-dev-x32)
# make coverage (COVERAGE=1): lcov and genhtml.
[ "${COVERAGE:-0}" != 1 ] || PACKAGES+=(lcov)
# make build-all (BUILD_ALL=1): the cross compilers of the build matrix.
[ "${BUILD_ALL:-0}" != 1 ] || PACKAGES+=(gcc-arm-linux-gnueabihf
	gcc-powerpc64le-linux-gnu gcc-mips64el-linux-gnuabi64 gcc-s390x-linux-gnu
	gcc-riscv64-linux-gnu)
# arm64: cross compilers for the kernel and the 64-bit programs, and for the
# 32-bit ARM (compat) tests; libcap for arm64 from Debian's multiarch.
[ "$ARCH" != arm64 ] || PACKAGES+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-system-arm
	libcap-dev:arm64)
# s390x: the same, its 31-bit (compat) libc, and QEMU's s390x machine.
[ "$ARCH" != s390x ] || PACKAGES+=(gcc-s390x-linux-gnu libc6-dev-s390x-cross
	libc6-dev-s390-s390x-cross lib32gcc-12-dev-s390x-cross qemu-system-misc
	libcap-dev:s390x)
# riscv64: the compilers and QEMU; bookworm has no riscv64 packages of
# its own, so busybox and libcap come from trixie (unpack_foreign below).
[ "$ARCH" != riscv64 ] || PACKAGES+=(gcc-riscv64-linux-gnu
	libc6-dev-riscv64-cross qemu-system-misc)

install_packages() {
	local missing=() p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	if [ "$(id -u)" -ne 0 ]; then
		echo "wb: missing packages; install them with:" >&2
		[ "$ARCH" = x86_64 ] || echo "  sudo dpkg --add-architecture $ARCH && sudo apt-get update" >&2
		echo "  sudo apt-get install -y ${missing[*]}" >&2
		exit 2
	fi
	log "installing ${missing[*]}"
	add_foreign
	{ apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y --no-install-recommends "${missing[@]}"; } \
		>"$LOGS/apt.log" 2>&1 ||
		die "apt-get install ${missing[*]} failed (see $LOGS/apt.log)"
}

# The :arm64 (:s390x...) packages need dpkg to know the architecture;
# riscv64's come from trixie, the first release that has them.  Trixie
# is pinned below bookworm: its list also offers the riscv64 cross libc
# (architecture all), and bookworm's riscv64 ld crashes on trixie's
# (2.41: every static link, 2026-12-07); only what bookworm lacks comes
# from trixie.
TRIXIE_LIST=/etc/apt/sources.list.d/wb-riscv64.list
TRIXIE_PIN=/etc/apt/preferences.d/wb-riscv64
add_foreign() {
	[ "$ARCH" != x86_64 ] || return 0
	dpkg --print-foreign-architectures | grep -qx "$ARCH" ||
		dpkg --add-architecture "$ARCH"
	[ "$ARCH" = riscv64 ] || return 0
	[ -f "$TRIXIE_PIN" ] ||
		printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' >"$TRIXIE_PIN"
	[ -f "$TRIXIE_LIST" ] ||
		echo "deb [arch=riscv64] http://deb.debian.org/debian trixie main" >"$TRIXIE_LIST"
}

# busybox-static:arm64 (:s390x...) cannot be installed beside the amd64
# one (same /bin/busybox, and the x86_64 guest needs that one), nor can
# trixie's riscv64 libcap beside bookworm: unpack them into build/deb-ARCH.
unpack_foreign() {
	local dir=$B/deb-$ARCH debs=("busybox-static:$ARCH") deb
	[ "$ARCH" != x86_64 ] && [ ! -x "$dir/bin/busybox" ] || return 0
	[ "$ARCH" != riscv64 ] || debs+=("libcap-dev:$ARCH" "libcap2:$ARCH")
	log "unpacking ${debs[*]} into ${dir#$ROOT/}"
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	add_foreign
	(cd "$dir.tmp" && apt-get download "${debs[@]}") >"$LOGS/apt-busybox.log" 2>&1 ||
		{ apt-get update >>"$LOGS/apt-busybox.log" 2>&1 &&
		  (cd "$dir.tmp" && apt-get download "${debs[@]}") >>"$LOGS/apt-busybox.log" 2>&1; } ||
		die "apt-get download ${debs[*]} failed (see $LOGS/apt-busybox.log)"
	for deb in "$dir.tmp"/*.deb; do
		dpkg-deb -x "$deb" "$dir.tmp" && rm "$deb" || die "dpkg-deb -x $deb failed"
	done
	# trixie's busybox is in /usr/bin
	[ -x "$dir.tmp/bin/busybox" ] ||
		{ mkdir -p "$dir.tmp/bin" && cp "$dir.tmp/usr/bin/busybox" "$dir.tmp/bin/"; }
	mv "$dir.tmp" "$dir"
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
unpack_foreign
extract_base
check_pristine
log "base: Linux $(base_version) ($BASE)"
