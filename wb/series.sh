#!/bin/bash
# Write the series to mail into build/out/patches/: patches/ applied with
# git am to a scratch clone of the base, then git format-patch with a cover
# letter, whose subject (first line) and body come from patches/cover-letter;
# format-patch adds the shortlog and the diffstat.
#   wb/series.sh           write it
#   wb/series.sh --check   write it, check that git format-patch gives
#                          patches/ back byte for byte (as make export
#                          writes it), then run the base's checkpatch.pl
#                          --strict on each patch: a summary line each, the
#                          reports in build/logs/checkpatch/. Only a patch
#                          that does not apply fails (for now).
. "$(dirname "$0")/common.sh"

OUT=$B/out/patches
load_series
[ -f "$PATCHES/cover-letter" ] || die "no ${PATCHES#"$ROOT"/}/cover-letter"

# Everything is made in a private scratch directory, so that two runs at
# once do not collide, and the series replaces build/out/patches at the end.
tmp=$(mktemp -d "$B/series.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir "$tmp/out"

# git am onto a fresh clone of the base, checking out only the files touched.
write_series() {
	local date
	git clone -q --shared --no-checkout "$BASE" "$repo"
	sed -n 's,^diff --git a/\([^ ]*\) b/.*,/\1,p' "${SERIES[@]}" /dev/null | sort -u |
		git -C "$repo" sparse-checkout set --no-cone --stdin
	git -C "$repo" checkout -q -b series
	base=$(git -C "$repo" rev-parse HEAD)
	wbgit -C "$repo" am -q --committer-date-is-author-date "${SERIES[@]}" ||
		die "patch: the series does not apply with git am to Linux $(base_version)"
	log "patch: the series applies with git am to Linux $(base_version)"
	git -C "$repo" config branch.series.description "$(cat "$PATCHES/cover-letter")"
	# The cover letter is the team's, dated as the newest patch: the same
	# series, the same letter.
	date=$(git -C "$repo" log --format='%at %aD' "$base..HEAD" | sort -n | tail -n 1 | cut -d' ' -f2-)
	GIT_AUTHOR_NAME="seccomp clean-room team" GIT_AUTHOR_EMAIL=seccomp@example.org \
	GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date \
		wbgit -C "$repo" "${FORMAT_PATCH[@]}" --numbered --cover-letter \
		--cover-from-description=subject -o "$tmp/out" "$base..HEAD"
}

# What git am made of patches/, written back as make export would: the same
# files, or patches/ was edited by hand (harmless, but the next make export
# rewrites it).
check_roundtrip() {
	local p bad=
	mkdir "$tmp/export"
	wbgit -C "$repo" "${FORMAT_PATCH[@]}" -o "$tmp/export" "$base..HEAD"
	[ "$(cd "$tmp/export" && ls)" = "$(printf '%s\n' "${SERIES[@]##*/}")" ] ||
		bad=" (file names)"
	for p in "$tmp/export"/*; do
		cmp -s "$p" "$PATCHES/${p##*/}" || bad+=" ${p##*/}"
	done
	if [ -z "$bad" ]; then
		log "patch: git am then git format-patch gives patches/ back byte for byte"
	else
		log "warning: patches/ is not as make export writes it:$bad"
	fi
}

# checkpatch.pl of the base, run outside any git tree (it would look up
# commit ids in the base's one-commit history, and it writes a cache into
# the current directory); a report is kept while its patch is unchanged.
checkpatch() {
	local dir=$LOGS/checkpatch p name sum total
	local -A seen=()
	mkdir -p "$dir"
	for p in "${SERIES[@]}"; do
		name=${p##*/}
		name=${name%.patch}
		seen[$name]=1
		sum=$(sha256sum <"$p")
		if [ "$(cat "$dir/$name.sum" 2>/dev/null)" != "$sum" ]; then
			(cd "$dir" && "$BASE/scripts/checkpatch.pl" --strict --color=never "$p" \
				>"$name.log" 2>&1) || :
			echo "$sum" >"$dir/$name.sum"
		fi
		total=$(sed -n 's/^total: \(.*\), [0-9]* lines checked$/\1/p' "$dir/$name.log")
		log "$(printf 'checkpatch %-42.42s %s' "$name" "${total:-no summary}")"
	done
	log "checkpatch: reports in ${dir#"$ROOT"/}/"
	for p in "$dir"/*.log; do
		name=${p##*/}
		name=${name%.log}
		[ -e "$p" ] && [ -z "${seen[$name]:-}" ] || continue
		rm -f "$dir/$name.log" "$dir/$name.sum"
	done
}

# A patch file that patches/series does not list is in no series: say so.
listed=" ${SERIES[*]} "
for p in "$PATCHES"/*.patch; do
	[ ! -e "$p" ] || [[ $listed == *" $p "* ]] ||
		log "warning: ${p#"$ROOT"/} is not in ${PATCHES#"$ROOT"/}/series"
done

if [ ${#SERIES[@]} -gt 0 ]; then
	write_series
	if [ "${1:-}" = --check ]; then
		check_roundtrip
		checkpatch
	fi
else
	log "patch: the series is empty, nothing written"
fi
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$tmp/out" "$OUT"
[ -z "$(ls "$OUT")" ] || log "patch: $(ls "$OUT" | grep -vc '^0000-') patches in ${OUT#"$ROOT"/}/"
