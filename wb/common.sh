# Shared settings for the workbench scripts; sourced, not run.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$ROOT/build
BASE=$B/base                    # pristine Debian tarball, one git commit
SRC=$B/src-ours                 # base + the series (wb/sync.sh)
PATCHES=$ROOT/patches           # the series: patches/series lists its patches
LOGS=$B/logs
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=${JOBS:-2}

# The architecture that kernels, guest programs and QEMU are for: the host's
# own, x86_64, or arm64, s390x or riscv64, cross-built. Names of what is built for
# another architecture take its name as a suffix (build/obj-ours-arm64,
# build/guest-s390x), so that every architecture can stay built.
ARCH=${ARCH:-x86_64}
CPU=max
case $ARCH in
x86_64)
	SUFFIX=
	KARCH=x86 CROSS_COMPILE=
	BASECONFIG=x86_64_defconfig
	IMAGE=arch/x86/boot/bzImage
	QEMU=(qemu-system-x86_64) TTY=ttyS0 ;;
arm64)
	SUFFIX=-arm64
	KARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	# Not defconfig: it builds the drivers of every arm64 SoC.
	BASECONFIG=allnoconfig
	IMAGE=arch/arm64/boot/Image
	QEMU=(qemu-system-aarch64 -M virt) TTY=ttyAMA0 ;;
s390x)
	SUFFIX=-s390x
	KARCH=s390 CROSS_COMPILE=s390x-linux-gnu-
	BASECONFIG=allnoconfig	# as for arm64
	IMAGE=arch/s390/boot/bzImage
	# The VT220 SCLP console is the one -nographic connects.
	QEMU=(qemu-system-s390x -M s390-ccw-virtio) TTY=ttysclp0 ;;
riscv64)
	SUFFIX=-riscv64
	KARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-
	BASECONFIG=allnoconfig	# as for arm64
	IMAGE=arch/riscv/boot/Image
	# QEMU's own OpenSBI firmware runs the kernel in S-mode; QEMU 7.2
	# has no "max" CPU for riscv64.
	QEMU=(qemu-system-riscv64 -M virt) TTY=ttyS0 CPU=rv64 ;;
*)
	echo "wb: error: unknown ARCH '$ARCH' (x86_64, arm64, s390x or riscv64)" >&2
	exit 1 ;;
esac
FRAGMENT=$ROOT/config/$ARCH.config
# make check-series boots each prefix of the series with test programs of
# its own, built from that prefix (wb/guest.mk KERNEL=series).
case ${KERNEL:-} in
series*) GUEST=$B/guest-series$SUFFIX ;;
*) GUEST=$B/guest$SUFFIX ;;
esac
mkdir -p "$LOGS"

log() { echo "wb: $*"; }
die() { echo "wb: error: $*" >&2; exit 1; }

# Version of the pristine base, from its top-level Makefile.
base_version() {
	awk -F'[ =]+' '/^VERSION =/ { v = $2 } /^PATCHLEVEL =/ { p = $2 }
		/^SUBLEVEL =/ { s = $2 } /^EXTRAVERSION =/ { print v "." p "." s $2; exit }' \
		"$BASE/Makefile"
}

# SERIES=(the patches of the series, in order, as paths): patches/series, in
# quilt's format (a file name per line, '#' comments); with an argument N,
# the first N only.
load_series() {
	local n=${1:-} p
	[ -f "$PATCHES/series" ] || die "no ${PATCHES#"$ROOT"/}/series"
	SERIES=()
	while read -r p; do
		[ -f "$PATCHES/$p" ] || die "${PATCHES#"$ROOT"/}/series: $p not found"
		SERIES+=("$PATCHES/$p")
	done < <(sed 's/#.*//' "$PATCHES/series" | awk 'NF { print $1 }')
	[ -z "$n" ] && return
	[ "$n" -le ${#SERIES[@]} ] || die "the series has ${#SERIES[@]} patches, not $n"
	SERIES=("${SERIES[@]:0:n}")
}

# git without the user's or the system's configuration (format.*, diff.*,
# am.*...), so that the series reads and writes the same for everyone; what
# it applies is committed by the team. The kernel's .gitattributes (diff=cpp:
# a hunk names its C function) holds also where it is not checked out.
wbgit() {
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
	GIT_COMMITTER_NAME="seccomp clean-room team" GIT_COMMITTER_EMAIL=seccomp@example.org \
		git -c core.attributesFile="$BASE/.gitattributes" "$@"
}

# How a commit becomes a patch file, in patches/ (make export) as in
# build/out/patches/: each option that changes a byte is pinned, so that
# git am then git format-patch gives back the same file. Subjects in
# patches/ say "[PATCH]", not "[PATCH n/N]", so that adding a patch does not
# rewrite the others (make patch adds --numbered, which wins).
FORMAT_PATCH=(format-patch -q --zero-commit --no-signature --no-renames
	--abbrev=12 --filename-max-length=64 --no-numbered)
