#!/bin/bash
# Bring a source tree up to date with the base + the series, incrementally:
#   wb/sync.sh    build/src-ours: every patch of patches/series
# Environment: SERIES_UPTO=N applies the first N patches only, SYNC_DEST=dir
# writes dir instead (make check-series: build/src-series).
# The files the patches touch are patched in a scratch copy, and a file of
# the tree is rewritten only when its content changes, so that make rebuilds
# only what changed. Files that the previous sync touched but this one does
# not are restored from the pristine base (dir.manifest lists them).
. "$(dirname "$0")/common.sh"

dest=${SYNC_DEST:-$SRC}
manifest=$dest.manifest
[ -d "$BASE/.git" ] || die "no base tree; run wb/setup.sh"
load_series "${SERIES_UPTO:-}"

if [ ! -d "$dest" ]; then
	log "creating ${dest#"$ROOT"/} from the base"
	rm -rf "$dest.tmp"
	rsync -a --exclude=/.git "$BASE/" "$dest.tmp/"
	mv "$dest.tmp" "$dest"
	: >"$manifest"
fi
[ -f "$manifest" ] || die "$manifest missing: remove $dest to start it afresh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every file a patch touches (no renames: git format-patch --no-renames),
# taken from the base into the scratch copy, then patched in order.
sed -n 's,^diff --git a/\([^ ]*\) b/.*,\1,p' "${SERIES[@]}" /dev/null | sort -u >"$tmp/manifest"
mkdir "$tmp/tree"
while read -r f; do
	[ -f "$BASE/$f" ] || continue
	mkdir -p "$tmp/tree/$(dirname "$f")"
	cp "$BASE/$f" "$tmp/tree/$f"
done <"$tmp/manifest"
for p in "${SERIES[@]}"; do
	# Not inside any repository (the ceiling), or git apply would take
	# the paths as relative to that repository's top.
	(cd "$tmp/tree" && GIT_CEILING_DIRECTORIES=$tmp git apply --whitespace=nowarn "$p") ||
		die "${p#"$ROOT"/} does not apply to the base and the patches before it"
done

# Copy what differs by content (rsync -c); new mtimes only on those files.
rsync -rcE --out-format='wb: sync %n' "$tmp/tree/" "$dest/"
while read -r f; do
	if [ ! -e "$tmp/tree/$f" ] && [ -e "$dest/$f" ]; then	# deleted by a patch
		rm "$dest/$f"
		log "sync removed $f"
	fi
done <"$tmp/manifest"

# Restore what we no longer patch.
comm -23 "$manifest" "$tmp/manifest" | while read -r f; do
	if [ -f "$BASE/$f" ]; then
		cp "$BASE/$f" "$dest/$f"
		log "sync restored $f"
	else
		rm -f "$dest/$f"
		log "sync removed $f"
	fi
done
mv "$tmp/manifest" "$manifest"
