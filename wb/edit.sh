#!/bin/bash
# The series as git commits, to edit with git, and back:
#   wb/edit.sh edit     make build/edit a clone of the base (tagged base)
#                       with patches/ applied by git am on branch series;
#                       FORCE=1 drops work there that is not in patches/
#   wb/edit.sh export   write base..HEAD of build/edit into patches/ with
#                       git format-patch, rewrite patches/series, remove
#                       the patches no longer in it
#   wb/edit.sh saved    fail if build/edit holds work not in patches/
# build/edit/.git/wb-synced holds the digest of the series that build/edit
# held when it last matched patches/ (make edit, make export): commits that
# export to it are no one's work, and make edit may replace them when
# patches/ has moved on.
. "$(dirname "$0")/common.sh"

EDIT=$B/edit
SYNCED=$EDIT/.git/wb-synced

# export_to DIR REV: the series that build/edit's REV holds, as make export
# would write it, into DIR (patch files and series).
export_to() {
	local c
	[ -z "$(git -C "$EDIT" rev-list --merges "base..$2")" ] ||
		die "merge commits in base..$2 of build/edit: git format-patch would skip them"
	for c in $(git -C "$EDIT" rev-list "base..$2"); do
		git -C "$EDIT" diff --quiet "$c^" "$c" &&
			die "commit $(git -C "$EDIT" log -1 --format='%h ("%s")' "$c") is empty: drop it"
	done
	wbgit -C "$EDIT" "${FORMAT_PATCH[@]}" -o "$1" "base..$2"
	(cd "$1" && ls -- *.patch 2>/dev/null || :) >"$1/series"
}

# Digest of the series in DIR: its list of names, then its patches.
digest() {
	local names
	names=$(sed 's/#.*//' "$1/series" | awk 'NF { print $1 }')
	{ echo "$names"; (cd "$1" && echo "$names" | xargs -r cat); } | sha256sum | cut -d' ' -f1
}

# Digest of what build/edit's REV holds, as make export would write it.
rev_digest() {
	rm -rf "$tmp/rev" && mkdir "$tmp/rev"
	export_to "$tmp/rev" "$1"
	digest "$tmp/rev"
}

# What in build/edit is in neither patches/ nor the series it was last
# synced with; nothing if none.
unsaved_work() {
	local ref f d
	for f in rebase-merge rebase-apply MERGE_HEAD CHERRY_PICK_HEAD REVERT_HEAD BISECT_LOG; do
		[ ! -e "$EDIT/.git/$f" ] || { echo "a git operation in progress ($f)"; return; }
	done
	[ -z "$(git -C "$EDIT" status --porcelain)" ] || { echo "uncommitted changes"; return; }
	! git -C "$EDIT" rev-parse -q --verify refs/stash >/dev/null || { echo "a stash"; return; }
	for ref in HEAD series; do
		git -C "$EDIT" rev-parse -q --verify "$ref" >/dev/null || continue
		[ "$ref" = HEAD ] || [ "$(git -C "$EDIT" rev-parse "$ref")" != "$(git -C "$EDIT" rev-parse HEAD)" ] ||
			continue
		d=$(rev_digest "$ref")
		[ "$d" = "$(digest "$PATCHES")" ] || [ "$d" = "$(cat "$SYNCED" 2>/dev/null)" ] ||
			{ echo "commits on $ref that are not in patches/"; return; }
	done
}

edit() {
	local work
	load_series
	if [ -d "$EDIT/.git" ]; then
		[ "$(git -C "$EDIT" rev-parse base)" = "$(git -C "$BASE" rev-parse HEAD)" ] ||
			die "build/edit was made from another base tree: move it away"
		if [ "${FORCE:-0}" = 1 ]; then
			# Whatever was going on there goes.
			git -C "$EDIT" am --abort 2>/dev/null || :
			git -C "$EDIT" rebase --abort 2>/dev/null || :
			git -C "$EDIT" reset -q --hard
			git -C "$EDIT" clean -q -fd
		else
			work=$(unsaved_work)
			[ -z "$work" ] || die "build/edit holds $work: keep it (commit it" \
				"there, then make export) or drop it (make edit FORCE=1)"
		fi
		if [ "$(git -C "$EDIT" symbolic-ref -q HEAD)" = refs/heads/series ] &&
			[ "$(rev_digest HEAD)" = "$(digest "$PATCHES")" ]; then
			log "build/edit is up to date with patches/"
			rev_digest HEAD >"$SYNCED"
			return
		fi
		git -C "$EDIT" checkout -q -f -B series base
	else
		log "cloning the base into build/edit"
		rm -rf "$EDIT.tmp"
		# --shared: the base's objects, not a copy of them.
		git clone -q --shared --no-checkout "$BASE" "$EDIT.tmp"
		git -C "$EDIT.tmp" tag base
		git -C "$EDIT.tmp" checkout -q -b series base
		# Debian's .gitignore ignores every path at the top ("/*"): new
		# files would want git add -f, and git status would not see
		# them. Not in build/edit, and git does not see that either.
		sed -i '\,^/\*$,d' "$EDIT.tmp/.gitignore"
		git -C "$EDIT.tmp" update-index --skip-worktree .gitignore
		git -C "$EDIT.tmp" config user.name >/dev/null ||
			git -C "$EDIT.tmp" config user.name "seccomp clean-room team"
		git -C "$EDIT.tmp" config user.email >/dev/null ||
			git -C "$EDIT.tmp" config user.email seccomp@example.org
		mv "$EDIT.tmp" "$EDIT"
	fi
	# Committed by the team at the author's date: the same patches give
	# the same commits.
	[ ${#SERIES[@]} -eq 0 ] ||
	wbgit -C "$EDIT" am -q --committer-date-is-author-date "${SERIES[@]}" ||
		die "a patch does not apply (git -C build/edit am --show-current-patch):" \
			"fix it there, git am --continue, then make export"
	rev_digest HEAD >"$SYNCED"
	[ "$(cat "$SYNCED")" = "$(digest "$PATCHES")" ] ||
		log "note: patches/ is not as make export writes it; make export will rewrite it"
	log "build/edit: ${#SERIES[@]} patches on branch series over tag base;" \
		"edit with git there (git rebase -i base...), then make export"
}

export_series() {
	local p
	[ -d "$EDIT/.git" ] || die "no build/edit: make edit"
	for p in rebase-merge rebase-apply; do
		[ ! -e "$EDIT/.git/$p" ] || die "build/edit: a git rebase or am is in progress; finish it first"
	done
	[ -z "$(git -C "$EDIT" status --porcelain)" ] ||
		log "warning: build/edit has uncommitted changes; they are not exported"
	mkdir "$tmp/out"
	export_to "$tmp/out" HEAD
	mkdir -p "$PATCHES"
	# Only what changed is rewritten.
	for p in "$tmp/out"/*; do
		cmp -s "$p" "$PATCHES/${p##*/}" || { cp "$p" "$PATCHES/"; log "export: ${p##*/}"; }
	done
	for p in "$PATCHES"/*.patch; do
		[ -e "$p" ] && [ ! -e "$tmp/out/${p##*/}" ] || continue
		rm "$p"
		log "export: removed ${p##*/}"
	done
	digest "$PATCHES" >"$SYNCED"
	log "export: $(grep -c . "$PATCHES/series" || :) patches in ${PATCHES#"$ROOT"/}/"
	! git -C "$EDIT" log --format=%s base..HEAD | grep '^\(fixup\|squash\|amend\)! ' >/dev/null ||
		log "note: fixup!/squash! commits exported as patches; before committing" \
			"patches/: git rebase -i --autosquash base, then make export"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case ${1:-} in
edit) edit ;;
export) export_series ;;
saved)
	work=$(unsaved_work)
	[ -z "$work" ] || die "build/edit holds $work: commit it there, then make export" ;;
*) die "usage: wb/edit.sh edit|export|saved" ;;
esac
