#!/bin/bash
# Configure and build one kernel, out of tree:
#   wb/kernel.sh ours       wb/sync.sh, then build/src-ours -> build/obj-ours
#                           (+ uapi headers)
#   wb/kernel.sh upstream   build/base -> build/obj-upstream
#   wb/kernel.sh debug      build/src-ours -> build/obj-debug, with the
#                           checkers of config/debug.config
#   wb/kernel.sh kcsan      build/src-ours -> build/obj-kcsan, with the
#                           data-race detector of config/kcsan.config
#   wb/kernel.sh coverage   build/src-ours -> build/obj-coverage, with gcov
#                           (config/coverage.config) in kernel/seccomp*.o
#   wb/kernel.sh series     for make check-series: the first SERIES_UPTO
#                           patches synced into build/src-series ->
#                           build/obj-series (+ uapi headers);
#                           series-nofilter and series-nojit the same with
#                           config/nofilter.config or config/nojit.config
#                           into build/obj-series-nofilter, -nojit
# With ARCH=arm64 the same, cross-built into build/obj-ours-arm64,
# build/obj-upstream-arm64 (build/obj-debug-arm64...). The config is
# x86_64_defconfig merged with config/x86_64.config (allnoconfig and
# config/arm64.config for arm64; allnoconfig, config/x86_64-small.config
# and config/x86_64.config for x86_64's debug, kcsan and coverage
# kernels), then the flavour's own fragment; it is
# regenerated only when its inputs change, so rebuilds stay incremental.
. "$(dirname "$0")/common.sh"

which=${1:?usage: wb/kernel.sh ours|upstream|debug|kcsan|coverage|series[-nofilter|-nojit]}
fragments=("$FRAGMENT")
make_vars=()
case $which in
ours) src=$SRC ;;
upstream) src=$BASE ;;
debug)
	src=$SRC
	fragments+=("$ROOT/config/debug.config") ;;
kcsan)
	[ "$ARCH" = x86_64 ] || die "kcsan: x86_64 only"
	src=$SRC
	fragments+=("$ROOT/config/kcsan.config") ;;
coverage)
	src=$SRC
	fragments+=("$ROOT/config/coverage.config") ;;
series) src=$B/src-series ;;
series-nofilter | series-nojit)
	src=$B/src-series
	fragments+=("$ROOT/config/${which#series-}.config") ;;
*) die "unknown kernel '$which' (ours, upstream, debug, kcsan, coverage, series, series-nofilter or series-nojit)" ;;
esac
# The kernels that only run the suites start from allnoconfig on x86_64
# too: half the objects to build cold.
case $ARCH/$which in
x86_64/debug | x86_64/kcsan | x86_64/coverage)
	BASECONFIG=allnoconfig
	fragments=("$ROOT/config/x86_64-small.config" "${fragments[@]}") ;;
esac
obj=$B/obj-$which$SUFFIX
buildlog=$LOGS/kernel-$which$SUFFIX.log
mkdir -p "$obj"

# One kernel build at a time on this machine, whichever clone it is from:
# two would fight over the two cores.
exec 9>/tmp/seccomp-wb-kernel.lock
flock -n 9 || { log "waiting for another kernel build"; flock 9; }
[ "$which" = upstream ] || SYNC_DEST=$src "$ROOT/wb/sync.sh"	# not while it builds

# gcov for our objects only: kbuild reads GCOV_PROFILE_<object>, and
# from the command line it reaches every directory's Makefile.
if [ "$which" = coverage ]; then
	for f in "$src"/kernel/seccomp*.c; do
		f=${f##*/}
		make_vars+=("GCOV_PROFILE_${f%.c}.o=y")
	done
fi

kmake() {
	make -C "$src" O="$obj" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		LOCALVERSION="-$which" -j"$JOBS" "${make_vars[@]}" "$@" >>"$buildlog" 2>&1 ||
		{ grep -E 'error|Error' "$buildlog" | tail -n 20; die "make $* failed (see $buildlog)"; }
}

# What the config depends on. Beyond the base, that is the Kconfig files
# the series patches (wb/sync.sh's manifest), or a Kconfig symbol that we
# add would get its default rather than the fragment's value.
config_inputs() {
	local f
	cat "${fragments[@]}"
	[ "$which" != upstream ] || return 0
	{ grep '\(^\|/\)Kconfig[^/]*$' "$src.manifest" || :; } | while read -r f; do
		echo "$f"
		cat "$src/$f" 2>/dev/null || :
	done
}

# The fragments' lines that set a symbol, the last one for each.
last_requests() {
	sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1 &/p; s/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 &/p' |
		awk '{ sym = $1; sub(/^[^ ]* /, ""); last[sym] = $0; order[sym] = NR }
			END { for (s in last) print order[s] "\t" last[s] }' |
		sort -n | cut -f2-
}

configure() {
	local stamp
	stamp=$(config_inputs | sha256sum)
	[ -f "$obj/.config" ] && [ "$(cat "$obj/.wb-config" 2>/dev/null)" = "$stamp" ] && return
	log "configuring $which for $ARCH"
	kmake "$BASECONFIG"
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${fragments[@]}" >>"$buildlog"
	kmake olddefconfig
	check_config
	echo "$stamp" >"$obj/.wb-config"
}

# Every value the fragments ask for (the last one, where two ask for a
# symbol) must be in the final .config. A symbol absent from it altogether
# is unknown to this tree (or its dependencies are off): say so, it is
# harmless for symbols that only our tree defines.
check_config() {
	local line sym bad=
	while read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$obj/.config" && bad+=" $sym" ;
			continue ;;
		*) continue ;;
		esac
		grep -qxF "$line" "$obj/.config" && continue
		if grep -q "^$sym=\|^# $sym is not set" "$obj/.config"; then
			bad+=" $sym"
		else
			log "config: $sym not in the $which tree"
		fi
	done < <(cat "${fragments[@]}" | last_requests)
	[ -z "$bad" ] || die "config: not as ${fragments[*]#$ROOT/} ask:$bad"
}

: >"$buildlog"
configure
log "building $which kernel for $ARCH (log: ${buildlog#$ROOT/})"
start=$SECONDS
kmake "$(basename "$IMAGE")"
case $which in
ours | series) kmake headers_install ;;	# for the test programs
esac
log "$which kernel: $(cat "$obj/include/config/kernel.release"), built in $((SECONDS - start)) s"
