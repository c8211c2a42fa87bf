#!/bin/bash
# Boot the upstream and the ours kernel under deterministic TCG (-icount
# shift=0,sleep=off: one ns of guest time per guest instruction) and run the
# benchmark guest (wb/bench.mk, wb/bench/bench.c) in each, on one CPU (with
# -smp 2 and -icount the guest did not get past SeaBIOS). Prints the tables
# (wb/bench/table.py); results also go to build/out/bench.json.
# Environment: TIMEOUT=seconds per boot (default 1200), V=1 to show consoles,
# KERNELS="upstream ours" (the default; the tables compare these two),
# ARCH=x86_64|arm64|s390x (results in build/out/bench-arm64.json...),
# BENCH=adversarial|scale for those rows only (bench.c's arguments).
. "$(dirname "$0")/common.sh"

timeout=${TIMEOUT:-1200}
kernels=${KERNELS:-upstream ours}
consoles=()
mkdir -p "$B/out"


# boot KERNEL CPUS CONSOLE [KERNEL PARAMETERS]
boot() {
	local image=$B/obj-$1$SUFFIX/$IMAGE console=$3 start=$SECONDS rc
	[ -f "$image" ] || die "$image missing (make $1 ARCH=$ARCH)"
	log "benchmark on the $1 kernel for $ARCH, $2 CPU(s) (console: ${console#$ROOT/})"
	set +e
	timeout -k 10 "$timeout" "${QEMU[@]}" -accel tcg -cpu "$CPU" \
		-icount shift=0,sleep=off -m 1G -smp "$2" -nographic -no-reboot -nic none \
		-kernel "$image" -initrd "$GUEST/bench/initramfs.cpio.gz" \
		-append "console=$TTY panic=-1 loglevel=5 kunit.enable=0 wb.suite=bench wb.bench=${BENCH:-} ${4:-}" \
		</dev/null >"$console"
	rc=$?
	set -e
	[ "${V:-0}" = 1 ] && cat "$console"
	[ $rc = 0 ] || die "qemu exited with status $rc on $1 (see $console)"
	grep -q '^==== WB END bench/bench rc=0 ====' "$console" ||
		die "the benchmark did not finish on $1 (see $console)"
	log "$1: guest ran for $((SECONDS - start)) s"
	consoles+=("$1=$console")
}

for k in $kernels; do
	boot "$k" 1 "$LOGS/console-bench-$k$SUFFIX.log"
done

"$ROOT/wb/bench/table.py" --json "$B/out/bench$SUFFIX.json" --base "$(base_version)" "${consoles[@]}"
