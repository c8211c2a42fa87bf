#!/bin/bash
# Write our change as a git format-patch series against the pristine base,
# one commit per part of the file `series`, into build/out/patches/.
#   wb/series.sh           write the series
#   wb/series.sh --check   write it, then apply it with `git am` to a fresh
#                          clone of the base
. "$(dirname "$0")/common.sh"

OUT=$B/out/patches
export GIT_AUTHOR_NAME="seccomp clean-room team" GIT_AUTHOR_EMAIL=seccomp@example.org
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
# Same repo commit, same patches: date them with it.
GIT_AUTHOR_DATE=$(git -C "$ROOT" log -1 --format=%cD 2>/dev/null || date -R)
export GIT_AUTHOR_DATE GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

# Everything is made in a private scratch directory, so that two runs at
# once do not collide, and the series replaces build/out/patches at the end.
tmp=$(mktemp -d "$B/series.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
WORK=$tmp/repo

# Split `series` into $tmp/N/{message,files} (+ $tmp/N/cover for the cover).
parse_series() {
	local n=0 line paths
	while IFS= read -r line; do
		case $line in
		"Cover: "* | "Subject: "*)
			n=$((n + 1))
			mkdir "$tmp/$n"
			printf '%s\n\n' "${line#*: }" >"$tmp/$n/message"
			: >"$tmp/$n/files"
			[ "${line%%:*}" = Cover ] && touch "$tmp/$n/cover" ;;
		"Files: "*)
			[ $n -gt 0 ] || die "series: Files: before the first Subject:"
			read -ra paths <<<"${line#Files: }"
			printf '%s\n' "${paths[@]}" >>"$tmp/$n/files" ;;
		*)
			[ $n -eq 0 ] || echo "$line" >>"$tmp/$n/message" ;;
		esac
	done <"$ROOT/series"
	echo $n
}

# Everything in tree/ and patches/ must be in some part.
check_coverage() {
	local f c
	cat "$tmp"/*/files >"$tmp/claimed"
	(cd "$ROOT" && find tree patches -type f 2>/dev/null || :) | while read -r f; do
		while read -r c; do
			case $f in "${c%/}" | "${c%/}"/*) continue 2 ;; esac
		done <"$tmp/claimed"
		die "series: $f is in no part"
	done
}

# Stage one part's files into the index.
stage_part() {
	local path f
	while read -r path; do
		[ -e "$ROOT/$path" ] || continue	# not written yet
		case $path in
		tree/*)
			find "$ROOT/$path" -type f | sort | while read -r f; do
				local mode=100644
				[ -x "$f" ] && mode=100755
				git update-index --add --cacheinfo \
					"$mode,$(git hash-object -w "$f"),${f#"$ROOT/tree/"}"
			done ;;
		patches/*)
			git apply --cached "$ROOT/$path" || die "$path does not apply" ;;
		*)
			die "series: $path is not under tree/ or patches/" ;;
		esac
	done
}

# In a subshell: the GIT_* variables below are for the scratch repo only.
write_series() (
	local parts i commit base
	parts=$(parse_series)
	check_coverage
	mkdir "$tmp/out"
	git clone -q --shared --no-checkout "$BASE" "$WORK"
	export GIT_DIR=$WORK/.git GIT_WORK_TREE=$WORK GIT_INDEX_FILE=$tmp/index
	git read-tree HEAD
	base=$(git rev-parse HEAD)
	for i in $(seq "$parts"); do
		if [ -e "$tmp/$i/cover" ]; then
			git config branch.main.description "$(git stripspace -s <"$tmp/$i/message")"
			continue
		fi
		stage_part <"$tmp/$i/files"
		[ "$(git write-tree)" != "$(git rev-parse 'HEAD^{tree}')" ] || continue
		commit=$(git stripspace -s <"$tmp/$i/message" | git commit-tree "$(git write-tree)" -p HEAD)
		git update-ref HEAD "$commit"
	done
	if [ "$(git rev-parse HEAD)" = "$base" ]; then
		log "patch: no changes yet, no series written"
		return
	fi
	git format-patch -q --cover-letter --cover-from-description=subject -o "$tmp/out" "$base..HEAD"
)

# git am onto a fresh clone of the base, checking out only the files touched.
check_series() {
	local dir=$tmp/am-check patches
	patches=$(find "$tmp/out" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' | sort)
	[ -n "$patches" ] || return 0
	git clone -q --shared --no-checkout "$BASE" "$dir"
	# shellcheck disable=SC2086
	git -C "$dir" sparse-checkout set --no-cone \
		$(sed -n 's,^diff --git a/\([^ ]*\) b/\([^ ]*\)$,/\1 /\2,p' $patches | tr ' ' '\n' | sort -u)
	git -C "$dir" checkout -q
	# shellcheck disable=SC2086
	git -C "$dir" am -q $patches || die "patch: the series does not apply with git am"
	log "patch: series applies with git am to Linux $(base_version)"
}

write_series
[ "${1:-}" != --check ] || check_series
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$tmp/out" "$OUT"
[ -z "$(ls "$OUT")" ] || log "patch: $(ls "$OUT" | grep -vc '^0000-') patches in ${OUT#$ROOT/}/"
