#!/bin/bash
# Boot a kernel in QEMU with the workbench initramfs:
#   wb/boot.sh run     the demo, console shown
#   wb/boot.sh check   KUnit at boot, the compat and ours suites, a short
#                      fuzz pass of fixed seed
#   wb/boot.sh fuzz    the fuzzer alone for FUZZ_SECONDS (default 60), going on
#                      after failures, seed FUZZ_SEED (default: the clock);
#                      with FUZZ_ITERATION=i, replays FUZZ_COUNT (default 1)
#                      iterations of that seed from i instead
#   wb/boot.sh shell   an interactive guest (leave with `exit` or Ctrl-A x)
# Environment: KERNEL=ours|upstream|debug|kcsan|coverage (default ours); KVM=1 to use
# KVM instead of TCG; TIMEOUT=seconds before a hung guest is killed (default
# 600, 1800 on the debug and KCSAN kernels); WATCHDOG=seconds before the
# guest itself kills one hung program, dumps its tasks and goes on (default
# 240, 900 on the debug and KCSAN kernels; 0: none);
# V=1 to show the console during check; APPEND=extra kernel parameters;
# ARCH=x86_64|arm64|s390x (default x86_64): arm64 boots qemu-system-aarch64's
# virt machine, s390x qemu-system-s390x's s390-ccw-virtio, under TCG only
# (this host is x86_64).
. "$(dirname "$0")/common.sh"

mode=${1:?usage: wb/boot.sh run|check|shell}
kernel=${KERNEL:-ours}
timeout=${TIMEOUT:-600}
watchdog=${WATCHDOG:-240}	# the longest program takes 20 s on ours
# check runs our KUnit tests at boot and reads their results on the console;
# the others skip KUnit and keep boot messages below warnings off it.
quiet="loglevel=5 kunit.enable=0"
case $mode in
run) guest_suites=demo tests=demo params=$quiet ;;
check) guest_suites=compat,ours,fuzz tests="kunit compat ours fuzz" params="kunit.filter_glob=seccomp*" ;;
fuzz)
	seconds=${FUZZ_SECONDS:-60}
	seed=${FUZZ_SEED:-$(date +%s)}
	if [ -n "${FUZZ_ITERATION:-}" ]; then
		# Replay: the given iterations of the seed, not a time bound.
		fuzz="-k,-s,$seed,-i,$FUZZ_ITERATION,-n,${FUZZ_COUNT:-1}"
		seconds=600
	else
		fuzz="-k,-t,$seconds,-s,$seed"
	fi
	guest_suites=fuzz tests=fuzz params="$quiet wb.fuzz=$fuzz" ;;
shell) guest_suites=shell params=$quiet ;;
*) die "unknown mode '$mode'" ;;
esac
# The debug kernel's checkers slow it down several times over. Its leak
# scan runs last; slab_nomerge keeps the filters' slab cache counted
# apart, for the tests that compare its count before and after.
if [ "$kernel" = debug ]; then
	timeout=${TIMEOUT:-1800}
	watchdog=${WATCHDOG:-900}
	params+=" slab_nomerge"
	# With -cpu max the kernel runs 5-level page tables, where 6.1's
	# KASAN reports a wild access on an interrupt taken early in boot.
	params+=" no5lvl"
	[ "$mode" != check ] || guest_suites+=,kmemleak tests+=" kmemleak"
fi

# KCSAN slows every memory access down. Its reports fail the run only
# where one of the two racing functions is ours: the functions defined in
# kernel/seccomp*.o, and the entry code's own seccomp paths.
kcsan_ours=()
if [ "$kernel" = kcsan ]; then
	timeout=${TIMEOUT:-1800}
	watchdog=${WATCHDOG:-900}
	ours_functions=$LOGS/kcsan-ours-functions.txt
	{
		nm --defined-only "$B/obj-kcsan/kernel/"seccomp*.o |
			awk '$2 ~ /^[tTwW]$/ { print $3 }'
		nm --defined-only "$B/obj-kcsan/kernel/entry/common.o" |
			awk '$3 ~ /seccomp/ { print $3 }'
	} | sed 's/\..*//' | sort -u >"$ours_functions"
	kcsan_ours=(--kcsan-ours "$ours_functions")
fi

# Tests that fail on this architecture with 6.1's own kernel too, each
# with the reason (wb/tap.py --xfail).
xfail=()
[ ! -f "$ROOT/config/$ARCH.xfail" ] || xfail=(--xfail "$ROOT/config/$ARCH.xfail")

# The coverage kernel prints its gcov counters once the suites are done.
[ "$kernel" != coverage ] || params+=" wb.gcov=1"

# The fuzzer stops itself after its seconds: the usual margin comes on top.
[ "$mode" != fuzz ] || timeout=${TIMEOUT:-$((seconds + timeout))}
[ "$mode" != fuzz ] || watchdog=${WATCHDOG:-$((seconds + watchdog))}

accel=(-accel tcg -cpu "$CPU")
if [ "${KVM:-0}" = 1 ]; then
	[ "$ARCH" = x86_64 ] || die "KVM=1: no KVM for $ARCH on this host"
	accel=(-accel kvm -cpu host)
fi
# -cpu max also runs 32-bit ARM code at EL0, for arm64's compat tests.
qemu=("${QEMU[@]}")
qemu+=("${accel[@]}" -m 2G -smp 2 -nographic -no-reboot -nic none
	-kernel "$B/obj-$kernel$SUFFIX/$IMAGE"
	-initrd "$GUEST/initramfs.cpio.gz"
	-append "console=$TTY panic=-1 $params wb.suite=$guest_suites wb.watchdog=$watchdog ${APPEND:-}")

[ "$mode" = shell ] && exec "${qemu[@]}"

console=$LOGS/console-$mode-$kernel$SUFFIX.log
running=$(mktemp "$console.XXXXXX")	# two runs at once keep apart
log "booting the $kernel kernel for $ARCH, suite $mode (console: ${console#$ROOT/})"
start=$SECONDS
set +e
if [ "$mode" = run ] || [ "${V:-0}" = 1 ]; then
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null | tee "$running"
	rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null >"$running"
	rc=$?
fi
killed=
case $rc in
0) log "guest ran for $((SECONDS - start)) s" ;;
124) log "guest killed after $timeout s"; killed=--timed-out ;;
*) log "qemu exited with status $rc" ;;
esac
# shellcheck disable=SC2086
"$ROOT/wb/tap.py" $killed "${kcsan_ours[@]}" "${xfail[@]}" "$running" "$GUEST/initramfs.list" $tests
status=$?
mv "$running" "$console"
exit $status
