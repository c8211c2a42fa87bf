#!/bin/bash
# Bring build/src-ours up to date: base + tree/ + patches/, incrementally.
# A file is rewritten only when its content changes, so that make rebuilds
# only what we touched. Files overlaid or patched by the previous sync but
# not by this one are restored from the pristine base.
. "$(dirname "$0")/common.sh"

MANIFEST=$B/src-ours.manifest
[ -d "$BASE/.git" ] || die "no base tree; run wb/setup.sh"

if [ ! -d "$SRC" ]; then
	log "creating $SRC from the base"
	rsync -a --exclude=/.git "$BASE/" "$SRC.tmp/"
	mv "$SRC.tmp" "$SRC"
	: >"$MANIFEST"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Files named by the patches, patched in a scratch copy.
patches=("$ROOT"/patches/*.patch)
[ -e "${patches[0]}" ] || patches=()
patched=$(sed -n 's,^\(---\|+++\) [ab]/\([^\t]*\).*,\2,p' "${patches[@]}" /dev/null | sort -u)
mkdir "$tmp/patched"
for f in $patched; do
	[ -f "$BASE/$f" ] || continue
	mkdir -p "$tmp/patched/$(dirname "$f")"
	cp "$BASE/$f" "$tmp/patched/$f"
done
for p in "${patches[@]}"; do
	patch -p1 -s -d "$tmp/patched" --batch --no-backup-if-mismatch -r - -i "$p" ||
		die "${p#$ROOT/} does not apply to the base"
done

owned=
[ -d "$ROOT/tree" ] && owned=$(cd "$ROOT/tree" && find . -type f -printf '%P\n' | sort)
both=$(comm -12 <(echo "$owned") <(echo "$patched") | sed '/^$/d')
[ -z "$both" ] || die "in both tree/ and patches/: $both"

# Copy what differs by content (rsync -c); new mtimes only on those files.
sync_dir() { [ ! -d "$1" ] || rsync -rc --out-format='wb: sync %n' "$1/" "$SRC/"; }
sync_dir "$ROOT/tree"
sync_dir "$tmp/patched"
for f in $patched; do
	if [ ! -e "$tmp/patched/$f" ] && [ -e "$SRC/$f" ]; then	# deleted by a patch
		rm "$SRC/$f"
		log "sync removed $f"
	fi
done

# Restore what we no longer overlay or patch.
printf '%s\n' $owned $patched | sed '/^$/d' | sort -u >"$tmp/manifest"
comm -23 "$MANIFEST" "$tmp/manifest" | while read -r f; do
	if [ -f "$BASE/$f" ]; then
		cp "$BASE/$f" "$SRC/$f"
		log "sync restored $f"
	else
		rm -f "$SRC/$f"
		log "sync removed $f"
	fi
done
mv "$tmp/manifest" "$MANIFEST"
