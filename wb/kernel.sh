#!/bin/bash
# Configure and build one kernel, out of tree:
#   wb/kernel.sh ours       wb/sync.sh, then build/src-ours -> build/obj-ours
#                           (+ uapi headers)
#   wb/kernel.sh upstream   build/base -> build/obj-upstream
#   wb/kernel.sh debug      build/src-ours -> build/obj-debug, with the
#                           checkers of config/debug.config
# With ARCH=arm64 the same, cross-built into build/obj-ours-arm64,
# build/obj-upstream-arm64 (build/obj-debug-arm64). The config is
# x86_64_defconfig merged with config/x86_64.config (allnoconfig and
# config/arm64.config for arm64), then config/debug.config for debug; it is
# regenerated only when its inputs change, so rebuilds stay incremental.
. "$(dirname "$0")/common.sh"

which=${1:?usage: wb/kernel.sh ours|upstream|debug}
fragments=("$FRAGMENT")
case $which in
ours) src=$SRC ;;
upstream) src=$BASE ;;
debug)
	src=$SRC
	fragments+=("$ROOT/config/debug.config") ;;
*) die "unknown kernel '$which' (ours, upstream or debug)" ;;
esac
obj=$B/obj-$which$SUFFIX
buildlog=$LOGS/kernel-$which$SUFFIX.log
mkdir -p "$obj"

# One kernel build at a time on this machine, whichever clone it is from:
# two would fight over the two cores.
exec 9>/tmp/seccomp-wb-kernel.lock
flock -n 9 || { log "waiting for another kernel build"; flock 9; }
[ "$which" = upstream ] || "$ROOT/wb/sync.sh"	# not while ours builds

kmake() {
	make -C "$src" O="$obj" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		LOCALVERSION="-$which" -j"$JOBS" "$@" >>"$buildlog" 2>&1 ||
		{ grep -E 'error|Error' "$buildlog" | tail -n 20; die "make $* failed (see $buildlog)"; }
}

# What the config depends on. For ours, that includes the patches and
# Kconfig files, or a Kconfig symbol that we add would get its default
# rather than the fragment's value.
config_inputs() {
	local d
	cat "${fragments[@]}"
	[ "$which" != upstream ] || return 0
	for d in "$ROOT/patches" "$ROOT/tree"; do
		[ ! -d "$d" ] || find "$d" -type f \( -name '*.patch' -o -name 'Kconfig*' \) |
			sort | xargs -r cat
	done
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

# Every value the fragments ask for must be in the final .config. A symbol
# absent from it altogether is unknown to this tree (or its dependencies are
# off): say so, it is harmless for symbols that only our tree defines.
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
	done < <(cat "${fragments[@]}")
	[ -z "$bad" ] || die "config: not as ${fragments[*]#$ROOT/} ask:$bad"
}

: >"$buildlog"
configure
log "building $which kernel for $ARCH (log: ${buildlog#$ROOT/})"
start=$SECONDS
kmake "$(basename "$IMAGE")"
if [ "$which" = ours ]; then
	kmake headers_install	# for the test programs
fi
log "$which kernel: $(cat "$obj/include/config/kernel.release"), built in $((SECONDS - start)) s"
