# Shared settings for the workbench scripts; sourced, not run.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$ROOT/build
BASE=$B/base                    # pristine Debian tarball, one git commit
SRC=$B/src-ours                 # base + tree/ + patches/
LOGS=$B/logs
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=${JOBS:-2}

# The architecture that kernels, guest programs and QEMU are for: the host's
# own, x86_64, or arm64, cross-built. Names of what is built for arm64 take
# the suffix -arm64 (build/obj-ours-arm64, build/guest-arm64), so that both
# architectures can stay built side by side.
ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64)
	SUFFIX=
	KARCH=x86 CROSS_COMPILE=
	BASECONFIG=x86_64_defconfig
	IMAGE=arch/x86/boot/bzImage ;;
arm64)
	SUFFIX=-arm64
	KARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
	# Not defconfig: it builds the drivers of every arm64 SoC.
	BASECONFIG=allnoconfig
	IMAGE=arch/arm64/boot/Image ;;
*)
	echo "wb: error: unknown ARCH '$ARCH' (x86_64 or arm64)" >&2
	exit 1 ;;
esac
FRAGMENT=$ROOT/config/$ARCH.config
GUEST=$B/guest$SUFFIX
mkdir -p "$LOGS"

log() { echo "wb: $*"; }
die() { echo "wb: error: $*" >&2; exit 1; }

# Version of the pristine base, from its top-level Makefile.
base_version() {
	awk -F'[ =]+' '/^VERSION =/ { v = $2 } /^PATCHLEVEL =/ { p = $2 }
		/^SUBLEVEL =/ { s = $2 } /^EXTRAVERSION =/ { print v "." p "." s $2; exit }' \
		"$BASE/Makefile"
}
