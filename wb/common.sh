# Shared settings for the workbench scripts; sourced, not run.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B=$ROOT/build
BASE=$B/base                    # pristine Debian tarball, one git commit
SRC=$B/src-ours                 # base + tree/ + patches/
LOGS=$B/logs
TARBALL=/usr/src/linux-source-6.1.tar.xz
FRAGMENT=$ROOT/config/x86_64.config
JOBS=${JOBS:-2}
mkdir -p "$LOGS"

log() { echo "wb: $*"; }
die() { echo "wb: error: $*" >&2; exit 1; }

# Version of the pristine base, from its top-level Makefile.
base_version() {
	awk -F'[ =]+' '/^VERSION =/ { v = $2 } /^PATCHLEVEL =/ { p = $2 }
		/^SUBLEVEL =/ { s = $2 } /^EXTRAVERSION =/ { print v "." p "." s $2; exit }' \
		"$BASE/Makefile"
}
