#!/bin/bash
# Build and boot each prefix of the series: for k = FROM..TO (default: 1 to
# the last), the first k patches are synced into build/src-series, built
# with the project config (build/obj-series), without filter mode
# (config/nofilter.config, build/obj-series-nofilter) and without the BPF
# JIT (config/nojit.config, build/obj-series-nojit), and the first of these
# boots with the check suites and test programs of that prefix
# (build/guest-series). Each object directory is kept from one prefix to the
# next, so only what a patch changes is rebuilt. Prints a table, also
# written to build/out/check-series$SUFFIX.txt; logs of each prefix in
# build/logs/series/. Exits non-zero if any cell failed.
# Environment: FROM, TO; VARIANTS (default "nofilter nojit" on x86_64, none
# on arm64: the default config only); ARCH; TIMEOUT (wb/boot.sh).
. "$(dirname "$0")/common.sh"

load_series
n=${#SERIES[@]}
from=${FROM:-1} to=${TO:-$n}
[ "$from" -ge 1 ] && [ "$from" -le "$to" ] && [ "$to" -le "$n" ] ||
	die "FROM=$from TO=$to: the series has patches 1 to $n"
default_variants="nofilter nojit"
[ "$ARCH" = x86_64 ] || default_variants=
variants=${VARIANTS-$default_variants}
logs=$LOGS/series
table=$B/out/check-series$SUFFIX.txt
mkdir -p "$logs" "$B/out"
# wb/boot.sh, wb/guest.mk: the series' kernel and guest programs.
export KERNEL=series ARCH

row() { printf '%-6s %-44.44s %-6s' "$@"; }
header=$(row prefix patch build; for v in $variants; do printf ' %-8s' "$v"; done; printf ' %-26s %s' "boot check" time)
echo "$header" >"$table.tmp"

# build KERNEL: wb/kernel.sh KERNEL for this prefix; prints ok or FAIL.
build() {
	local log=$logs/$tag-$1.log
	if "$ROOT/wb/kernel.sh" "$1" >"$log" 2>&1; then
		echo ok
	else
		cp "$LOGS/kernel-$1$SUFFIX.log" "$logs/$tag-$1-make.log" 2>/dev/null || :
		log "prefix $k: $1 failed (see ${log#"$ROOT"/})" >&2
		echo FAIL
	fi
}

# boot: the guest programs of this prefix, then wb/boot.sh check; prints
# "N pass, N fail, N skip", after FAIL if any failed.
boot() {
	local log=$logs/$tag-boot.log total
	# flock: as the Makefile, one guest build at a time.
	if ! flock "$B/.guest.lock" make --no-print-directory -C "$ROOT" -f wb/guest.mk \
		>"$logs/$tag-guest.log" 2>&1; then
		log "prefix $k: the guest programs failed to build (see ${logs#"$ROOT"/}/$tag-guest.log)" >&2
		echo "FAIL (guest programs)"
		return
	fi
	"$ROOT/wb/boot.sh" check >"$log" 2>&1 || :
	cp "$LOGS/console-check-series$SUFFIX.log" "$logs/$tag-console.log" 2>/dev/null || :
	total=$(sed -n 's/^total: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 pass, \2 fail, \3 skip/p' "$log")
	case $total in
	*" 0 fail,"*) echo "$total" ;;
	*) log "prefix $k: boot check failed (see ${log#"$ROOT"/})" >&2
		echo "FAIL ${total:-(no total)}" ;;
	esac
}

failed=0
for k in $(seq "$from" "$to"); do
	start=$SECONDS
	patch=${SERIES[k - 1]##*/}
	log "prefix $k of $n: up to $patch"
	tag=$(printf '%02d' "$k")$SUFFIX
	export SERIES_UPTO=$k
	built=$(build series)
	line=$(row "$k/$n" "$patch" "$built")
	[ "$built" = ok ] || failed=1
	for v in $variants; do
		result=$(build "series-$v")
		line+=$(printf ' %-8s' "$result")
		[ "$result" = ok ] || failed=1
	done
	result=-
	[ "$built" != ok ] || result=$(boot)
	[ "${result%% *}" != FAIL ] || failed=1
	line+=$(printf ' %-26s %dm%02ds' "$result" $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)))
	echo "$line" >>"$table.tmp"
	log "prefix $k: $line"
done
mv "$table.tmp" "$table"
echo
cat "$table"
exit $failed
