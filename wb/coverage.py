#!/usr/bin/env python3
"""Line and branch coverage of our seccomp from a coverage guest's console.

usage: wb/coverage.py CONSOLE_LOG OBJ_DIR OUT_DIR [GCOV_TOOL]

The guest printed each gcov counter file of the kernel between
"==== WB GCOV ./path/name.gcda ====" and the next marker, in base64
(wb/init, with wb.gcov=1). They go next to their .gcno under
OBJ_DIR/kernel; lcov reads both into OUT_DIR/coverage.info, kept to our
kernel/seccomp*.c sources but the KUnit tests and their helpers, and
genhtml writes OUT_DIR/html/. Prints a table of lines and branches per
file, with the targets (LINES_TARGET and BRANCHES_TARGET percent) that
each meets or not. Exits 1 if the guest printed no counters or lcov
failed; 0 otherwise, targets met or not (the table says).
"""
import base64
import os
import re
import subprocess
import sys

LINES_TARGET = 95.0
BRANCHES_TARGET = 90.0
MARK = re.compile(r"==== WB GCOV (\S+) ====")
OURS = re.compile(r"/kernel/seccomp[^/]*\.c$")
NOT_MEASURED = re.compile(r"_test\.c$|seccomp_test_util\.c$")
LCOV_RC = ["--rc", "lcov_branch_coverage=1"]


def counters(console):
    """{file name: bytes} of the gcda files the guest printed."""
    files, name, chunks = {}, None, []
    with open(console, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip().replace("\r", "")
            m = MARK.search(line)
            if m or line.startswith("==== WB"):
                if name:
                    files[name] = base64.b64decode("".join(chunks))
                name = os.path.basename(m.group(1)) if m else None
                chunks = []
            elif name:
                chunks.append(line)
    return files


def lcov(args, out_dir):
    log = os.path.join(out_dir, "lcov.log")
    with open(log, "a") as f:
        if subprocess.call(args, stdout=f, stderr=subprocess.STDOUT):
            sys.exit(f"coverage: {args[0]} failed (see {log})")


def per_file(info):
    """[(source, lines found, hit, branches found, hit, lines never run)]
    from an .info,
    counted from its DA and BRDA records (lcov 1.16 writes no LF/LH for
    gcc 12's counters), a source in several records merged."""
    lines, branches, src = {}, {}, None
    with open(info) as f:
        for line in f:
            key, _, val = line.strip().partition(":")
            if key == "SF":
                src = val
                lines.setdefault(src, {})
                branches.setdefault(src, {})
            elif key == "DA":
                nr, count = val.split(",")[:2]
                da = lines[src]
                da[nr] = da.get(nr, 0) + int(count)
            elif key == "BRDA":
                nr, block, branch, taken = val.split(",")
                key = (nr, block, branch)
                br = branches[src]
                br[key] = br.get(key, 0) + (0 if taken == "-" else int(taken))
    return sorted((src, len(lines[src]),
                   sum(1 for c in lines[src].values() if c),
                   len(branches[src]),
                   sum(1 for c in branches[src].values() if c),
                   sorted(int(nr) for nr, c in lines[src].items() if not c))
                  for src in lines)


def pct(hit, found):
    return 100.0 * hit / found if found else 100.0


def main(console, obj, out, gcov="gcov"):
    files = counters(console)
    if not files:
        sys.exit("coverage: no gcov counters in " + console)
    kdir = os.path.join(obj, "kernel")
    placed = 0
    for name, data in files.items():
        if os.path.exists(os.path.join(kdir, name[:-len(".gcda")] + ".gcno")):
            with open(os.path.join(kdir, name), "wb") as f:
                f.write(data)
            placed += 1
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, "lcov.log"), "w").close()
    raw = os.path.join(out, "all.info")
    info = os.path.join(out, "coverage.info")
    lcov(["lcov", "--capture", "--directory", kdir, "--gcov-tool", gcov,
          "--output-file", raw] + LCOV_RC, out)
    rows = [r for r in per_file(raw)
            if OURS.search(r[0]) and not NOT_MEASURED.search(r[0])]
    keep = [r[0] for r in rows]
    lcov(["lcov", "--extract", raw] + keep + ["--output-file", info] + LCOV_RC,
         out)
    lcov(["genhtml", "--branch-coverage", "--output-directory",
          os.path.join(out, "html"), info], out)

    print(f"Coverage of kernel/seccomp*.c ({placed} counter files; targets "
          f"{LINES_TARGET:.0f}% of lines, {BRANCHES_TARGET:.0f}% of branches):")
    print()
    print("| file | lines | hit | % | branches | hit | % | met |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    total = [0, 0, 0, 0]
    for src, lf, lh, brf, brh, _ in rows:
        met = (pct(lh, lf) >= LINES_TARGET and
               pct(brh, brf) >= BRANCHES_TARGET)
        print(f"| {os.path.basename(src)} | {lf} | {lh} | {pct(lh, lf):.1f} "
              f"| {brf} | {brh} | {pct(brh, brf):.1f} | "
              f"{'yes' if met else '**no**'} |")
        for i, v in enumerate((lf, lh, brf, brh)):
            total[i] += v
    lf, lh, brf, brh = total
    print(f"| total | {lf} | {lh} | {pct(lh, lf):.1f} | {brf} | {brh} "
          f"| {pct(brh, brf):.1f} | |")
    print()
    print("Lines never run:")
    for src, *_, missed in rows:
        with open(src, errors="replace") as f:
            text = f.read().splitlines()
        for nr in missed:
            print(f"    {os.path.basename(src)}:{nr}: {text[nr - 1].strip()}")
    print()
    print(f"HTML report: {os.path.join(out, 'html', 'index.html')}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
