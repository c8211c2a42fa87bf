#!/bin/bash
# One time: turn a repository of the old layout (tree/, the file `series`,
# patches/NNNN-*.patch applied with patch -p1) into the new one, where the
# series is the source: patches/series, patches/NNNN-*.patch (git
# format-patch mails against the base) and patches/cover-letter.
#   wb/convert-layout.sh [REPO]     (default: this repository)
# It makes the series as the old wb/series.sh did (a commit per part of
# `series`: its tree/ files and its patches over the previous part, by the
# team, dated as the last commit that changed them), writes it as make
# export would, checks that the new series gives the same tree, then git
# rm's tree/, series, the old patches and this script and git adds
# patches/: all is staged for a commit, nothing is committed. The base is
# REPO's build/base if it has one.
. "$(dirname "$0")/common.sh"

repo=$(cd "${1:-$ROOT}" && pwd)
[ ! -d "$repo/build/base/.git" ] || BASE=$repo/build/base
[ -d "$BASE/.git" ] || die "no base tree; run wb/setup.sh"
[ -f "$repo/series" ] || die "$repo/series not found: not the old layout"
[ ! -e "$repo/patches/series" ] || die "$repo/patches/series exists: already converted"
[ -z "$(git -C "$repo" status --porcelain -- tree series patches)" ] ||
	die "uncommitted changes in tree/, series or patches/ of $repo: commit them first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME="seccomp clean-room team" GIT_AUTHOR_EMAIL=seccomp@example.org
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
GIT_AUTHOR_DATE=$(git -C "$repo" log -1 --format=%cD -- tree series patches)
export GIT_AUTHOR_DATE GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

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
	done <"$repo/series"
	echo $n
}

# Everything in tree/ and patches/ must be in some part.
check_coverage() {
	local f c
	cat "$tmp"/*/files >"$tmp/claimed"
	(cd "$repo" && find tree patches -type f 2>/dev/null || :) | while read -r f; do
		while read -r c; do
			case $f in "${c%/}" | "${c%/}"/*) continue 2 ;; esac
		done <"$tmp/claimed"
		die "series: $f is in no part"
	done
}

# Stage one part's files into the index.
stage_part() {
	local path f mode
	while read -r path; do
		[ -e "$repo/$path" ] || continue	# not written yet
		case $path in
		tree/*)
			find "$repo/$path" -type f | sort | while read -r f; do
				mode=100644
				[ -x "$f" ] && mode=100755
				git update-index --add --cacheinfo \
					"$mode,$(git hash-object -w "$f"),${f#"$repo/tree/"}"
			done ;;
		patches/*)
			git apply --cached "$repo/$path" || die "$path does not apply" ;;
		*)
			die "series: $path is not under tree/ or patches/" ;;
		esac
	done
}

# The old series as commits in a scratch clone of the base, then as files.
# In a subshell: the GIT_* variables are for the scratch repo only.
convert() (
	local parts i commit base
	parts=$(parse_series)
	check_coverage
	git clone -q --shared --no-checkout "$BASE" "$tmp/repo"
	export GIT_DIR=$tmp/repo/.git GIT_WORK_TREE=$tmp/repo GIT_INDEX_FILE=$tmp/index
	git read-tree HEAD
	base=$(git rev-parse HEAD)
	for i in $(seq "$parts"); do
		if [ -e "$tmp/$i/cover" ]; then
			git stripspace -s <"$tmp/$i/message" >"$tmp/cover-letter"
			continue
		fi
		stage_part <"$tmp/$i/files"
		[ "$(git write-tree)" != "$(git rev-parse 'HEAD^{tree}')" ] || continue
		commit=$(git stripspace -s <"$tmp/$i/message" | git commit-tree "$(git write-tree)" -p HEAD)
		git update-ref HEAD "$commit"
	done
	[ -s "$tmp/cover-letter" ] || die "series: no Cover: part"
	mkdir "$tmp/patches"
	wbgit "${FORMAT_PATCH[@]}" -o "$tmp/patches" "$base..HEAD"
	(cd "$tmp/patches" && ls -- *.patch 2>/dev/null || :) >"$tmp/patches/series"
	cp "$tmp/cover-letter" "$tmp/patches/"

	# The new series, applied in order to the base, gives the old tree.
	export GIT_INDEX_FILE=$tmp/check-index
	git read-tree "$base"
	sed "s,^,$tmp/patches/," "$tmp/patches/series" | while read -r p; do
		git apply --cached "$p" || die "converted ${p##*/} does not apply"
	done
	[ "$(git write-tree)" = "$(git rev-parse 'HEAD^{tree}')" ] ||
		die "the converted series does not give the tree of the old one"
)

convert
cd "$repo"
git ls-files -z -- tree series 'patches/*.patch' | xargs -0r git rm -q --
rm -rf tree
mkdir -p patches
cp "$tmp/patches"/* patches/
git add -- patches
# Nothing is left to convert: this script goes too (once the repository has
# it: run from an untracked copy, it stays).
git ls-files --error-unmatch wb/convert-layout.sh >/dev/null 2>&1 &&
	git rm -q -- wb/convert-layout.sh
log "converted $repo: $(grep -c . patches/series) patches in patches/, staged;" \
	"review (git status), then commit"
