#!/bin/bash
# The build matrix (make build-all): build/src-ours for every architecture
# of 6.1 with seccomp filter that Debian can cross-compile, each from its
# defconfig with config/matrix.config merged over it, W=1. What is built
# is the kernel/ directory (our objects and their neighbours) and the
# entry code, not a bootable image: that would take an hour more, and the
# arm64 and x86_64 lanes build and boot whole kernels. Prints a table:
# whether seccomp filter (and the cache) is on, whether it built, and the
# warnings in our files (kernel/seccomp*, include/linux/seccomp*,
# kernel/entry/common.c); the warnings go to build/logs/matrix-NAME.log.
# Exits 1 if a row failed to build or warned in our files.
#   MATRIX="armhf s390x" wb/build-all.sh   some rows only
. "$(dirname "$0")/common.sh"

# name, kernel ARCH, CROSS_COMPILE, defconfig target
ROWS=(
	"armhf arm arm-linux-gnueabihf- multi_v7_defconfig"
	"i386 i386 x86_64-linux-gnu- i386_defconfig"
	"powerpc64le powerpc powerpc64le-linux-gnu- ppc64le_defconfig"
	"mips64el mips mips64el-linux-gnuabi64- 64r2el_defconfig"
	"s390x s390 s390x-linux-gnu- defconfig"
	"riscv64 riscv riscv64-linux-gnu- defconfig"
	"um um - defconfig"
)
OURS='kernel/seccomp[^ :]*|include/linux/seccomp[^ :]*|kernel/entry/common\.c'

exec 9>/tmp/seccomp-wb-kernel.lock
flock -n 9 || { log "waiting for another kernel build"; flock 9; }
SYNC_DEST=$SRC "$ROOT/wb/sync.sh"

# make in row $name's object directory, into its log.
mk() {
	make -C "$SRC" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" \
		SUBARCH=x86_64 -j"$JOBS" "$@" >>"$blog" 2>&1
}

# Configure and build one row; print its line of the table. Return 1 if
# it did not build, has no seccomp filter, or warned in our files.
build_row() {
	local name=$1 karch=$2 cross=$3 defconfig=$4
	local obj=$B/obj-matrix-$name blog=$LOGS/matrix-$name.log
	local start=$SECONDS built=no filter=no cache=no warnings

	[ "$cross" != - ] || cross=
	mkdir -p "$obj"
	: >"$blog"
	log "matrix: $name (ARCH=$karch, $defconfig; log: ${blog#$ROOT/})" >&2
	if mk "$defconfig" &&
	   "$SRC/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" \
		"$ROOT/config/matrix.config" >>"$blog" 2>&1 &&
	   mk olddefconfig; then
		grep -q '^CONFIG_SECCOMP_FILTER=y' "$obj/.config" && filter=yes
		grep -q '^CONFIG_SECCOMP_CACHE=y' "$obj/.config" && cache=yes
		# Rebuild our objects each time, so that their warnings show.
		rm -f "$obj"/kernel/seccomp*.o "$obj"/kernel/entry/common.o
		mk W=1 prepare && mk W=1 kernel/ && built=yes
	fi
	warnings=$({ grep -E "^($SRC/)?($OURS):[0-9]+:[0-9]+: (warning|error)" "$blog" || :; } |
		sort -u | wc -l)
	echo "| $name | $karch | $defconfig | $filter | $cache | $built | $warnings | $((SECONDS - start)) s |"
	[ "$built" = yes ] && [ "$filter" = yes ] && [ "$warnings" = 0 ]
}

status=0
table=()
for row in "${ROWS[@]}"; do
	read -r name karch cross defconfig <<<"$row"
	[ -z "${MATRIX:-}" ] || [[ " $MATRIX " == *" $name "* ]] || continue
	line=$(build_row "$name" "$karch" "$cross" "$defconfig") || status=1
	table+=("$line")
done

echo "| row | ARCH | config | seccomp filter | cache | kernel/ built | warnings in ours | time |"
echo "|---|---|---|---|---|---|---:|---:|"
printf '%s\n' "${table[@]}"
exit $status
