#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read the BENCH lines of benchmark consoles and print one table per kind.

    table.py [--json FILE] [--base VERSION] upstream=CONSOLE ours=CONSOLE ...

A console is read in full; kernels named "upstream" and "ours" are
compared. Numbers are guest ns (one per guest instruction under -icount
shift=0). Overhead = ns under the filter - ns of the same call with no
filter, on the same kernel. Tables are Markdown, for the README. The
scaling rows (more stacked filters, a longer filter) get a table of their
own, each measure with its ratio; so do the adversarial filter shapes,
each row against its target (issue 15).
"""
import argparse
import datetime
import json

KERNELS = ("upstream", "ours")

# What tells the scaling rows apart.
SCALE_KEY = ("vary", "filters", "insns")

# Most that ours may take against upstream, by adversarial measure.
ADV_TARGETS = {"ns": 2.0, "bytes": 1.5}


def read(path):
    out = []
    for line in open(path, errors="replace"):
        i = line.find("BENCH {")
        if i >= 0:
            out.append(json.loads(line[i + 6:]))
    return out


def fmt(v, digits=1):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def diff(a, b):
    return None if a is None or b is None else a - b


def ratio(a, b):
    if a is None or b is None or b <= 0.5:
        return "-"
    return f"{a / b:.2f}"


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--base", default="?")
    ap.add_argument("consoles", nargs="+")
    args = ap.parse_args()
    res = {}
    for spec in args.consoles:
        name, path = spec.split("=", 1)
        res.setdefault(name, []).extend(read(path))

    def pick(kernel, kind, key):
        for r in res.get(kernel, []):
            if r["kind"] == kind and key(r):
                return r
        return None

    # Rows in the order of the kernels' output; a case only one kernel
    # has (e.g. our trace event) gets n/a for the other.
    first, seen = [], set()
    for kern in res:
        for r in res[kern]:
            key = json.dumps({k: v for k, v in r.items()
                              if k in ("kind", "profile", "call", "trace", "mode", "cpus",
                                       "shape", "measure")
                              or (r["kind"] == "scale" and k in SCALE_KEY)},
                             sort_keys=True)
            if key not in seen:
                seen.add(key)
                first.append(r)
    calls, attach, notify, memory, scale, adversarial = [], [], [], [], [], []
    out = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "base": args.base, "command": "make bench",
           "units": "guest ns (= guest instructions, qemu -icount shift=0)",
           "calls": calls, "attach": attach, "notify": notify,
           "memory_bytes_per_filter": memory, "scale": scale, "adversarial": adversarial}

    for r in first:
        if r["kind"] == "call":
            k = (r["profile"], r["call"], r.get("trace"))
            row = {"profile": k[0], "call": k[1], "trace": k[2]}
            for kern in KERNELS:
                x = pick(kern, "call", lambda y: (y["profile"], y["call"], y.get("trace")) == k)
                ok = x is not None and x["ns"] >= 0
                row[kern] = {"none_ns": x["none_ns"] if x else None,
                             "ns": x["ns"] if ok else None,
                             "overhead": x["ns"] - x["none_ns"] if ok else None,
                             "ret": x["ret"] if ok else None}
            calls.append(row)
        elif r["kind"] == "attach":
            row = {"profile": r["profile"], "filters": r["filters"], "insns": r["insns"]}
            for kern in KERNELS:
                x = pick(kern, "attach", lambda y: y["profile"] == r["profile"])
                row[kern] = x["ns"] if x else None
            attach.append(row)
        elif r["kind"] == "memory":
            row = {"profile": r["profile"]}
            for kern in KERNELS:
                x = pick(kern, "memory", lambda y: y["profile"] == r["profile"])
                row[kern] = x["bytes_per_filter"] if x else None
            memory.append(row)
        elif r["kind"] == "adversarial":
            k = (r["shape"], r["measure"])
            row = {"shape": k[0], "measure": k[1], "insns": r["insns"]}
            for kern in KERNELS:
                x = pick(kern, "adversarial", lambda y: (y["shape"], y["measure"]) == k)
                row["unit"] = row.get("unit") or (x or {}).get("unit")
                row[kern] = None if x is None else {
                    "value": x["value"], "n": x["n"], "stop": x.get("stop"),
                    "error": x.get("error")}
            row["target"] = ADV_TARGETS.get(row["unit"])
            up, ours = (row[kern] and row[kern]["value"] for kern in KERNELS)
            row["ratio"] = ours / up if up is not None and up > 0.5 and ours is not None else None
            row["met"] = (None if row["ratio"] is None or row["target"] is None
                          else row["ratio"] <= row["target"])
            if up is not None and row["ours"] and row["ours"]["error"]:
                row["met"] = False  # what upstream did, ours could not
            adversarial.append(row)
        elif r["kind"] == "scale":
            k = tuple(r[f] for f in SCALE_KEY)
            row = {f: r[f] for f in SCALE_KEY + ("cached", "call", "copies")}
            for kern in KERNELS:
                x = pick(kern, "scale", lambda y: tuple(y[f] for f in SCALE_KEY) == k)
                row[kern] = None if x is None else {
                    "cached_overhead": diff(x["cached_ns"], x["none_cached_ns"]),
                    "arg_overhead": diff(x["ns"], x["none_ns"]),
                    "attach_ns": x["attach_ns"], "bytes_per_filter": x["bytes_per_filter"],
                    "ret_cached": x["ret_cached"], "ret": x["ret"]}
            scale.append(row)
        elif r["kind"] == "notify":
            k = (r["mode"], r.get("cpus", 1))
            row = {"mode": k[0], "cpus": k[1]}
            for kern in KERNELS:
                x = pick(kern, "notify", lambda y: (y["mode"], y.get("cpus", 1)) == k)
                row[kern] = x.get("per_sec") if x else None
                row[kern + "_error"] = x.get("error") if x else "not run"
            notify.append(row)

    rows = []
    for c in calls:
        up, ours = c["upstream"], c["ours"]
        name = f'{c["profile"]}: {c["call"]}'
        if c["trace"]:
            name += f' ({c["trace"]} on)'
        rows.append([name, fmt(up["none_ns"]), fmt(ours["none_ns"]), fmt(up["ns"]),
                     fmt(ours["ns"]), fmt(up["overhead"]), fmt(ours["overhead"]),
                     ratio(ours["overhead"], up["overhead"])])
    print("Guest ns per call (median of 5 loops of 20,000 calls):\n")
    print(table(["case", "no filter (up)", "no filter (ours)", "upstream", "ours",
                 "overhead up", "overhead ours", "ours/up overhead"], rows))

    rows = [[a["profile"], a["filters"], a["insns"], fmt(a["upstream"], 0), fmt(a["ours"], 0),
             ratio(a["ours"], a["upstream"])] for a in attach]
    print("\nAttach: guest ns to attach the whole profile in a fresh child (median of 15):\n")
    print(table(["profile", "filters", "insns", "upstream", "ours", "ours/up"], rows))

    rows = [[m["profile"], fmt(m["upstream"], 0), fmt(m["ours"], 0),
             ratio(m["ours"], m["upstream"])] for m in memory]
    print("\nKernel memory per attached filter, bytes (slab + vmalloc + per-CPU"
          " growth over up to 64 more copies of the profile):\n")
    print(table(["profile", "upstream", "ours", "ours/up"], rows))

    def nt(row, kern):
        if row[kern] is not None:
            return fmt(row[kern], 0)
        return "n/a (" + row[kern + "_error"] + ")"
    rows = [[f'{n["mode"]}, {n["cpus"]} CPU', nt(n, "upstream"), nt(n, "ours"),
             ratio(n["ours"], n["upstream"])] for n in notify]
    print("\nUser notification: round trips per second of guest time:\n")
    print(table(["mode", "upstream", "ours", "ours/up"], rows))

    if scale:
        measures = (("cached_overhead", 1), ("arg_overhead", 1), ("attach_ns", 0),
                    ("bytes_per_filter", 0))
        rows = []
        for sc in scale:
            row = [sc["filters"], sc["insns"]]
            for m, digits in measures:
                up, ours = (sc[kern] and sc[kern][m] for kern in KERNELS)
                row += [fmt(up, digits), fmt(ours, digits), ratio(ours, up)]
            rows.append(row)
        deep = max(scale, key=lambda sc: sc["filters"])
        long = max(scale, key=lambda sc: sc["insns"])
        print(f"\nScaling: a stack of 1 to {deep['filters']} filters of {deep['insns']}"
              f" instructions, all the same, then one filter of 8 to {long['insns']:,}"
              " instructions; each compares the number with other numbers (denied),"
              f" then allows {deep['cached']} (cached) and {deep['call']} after an"
              " argument check (arg). Overhead: guest ns per call over no filter"
              " (median of 3 loops of 20,000 calls); attach: guest ns for the whole"
              " stack in a fresh child (median of 15); memory: bytes per filter, as"
              " above (more copies of the whole stack: up to 64, fewer where the chain"
              f" limit is near, {deep['copies']} for {deep['filters']} filters,"
              f" {long['copies']} for {long['insns']:,} instructions):\n")
        print(table(["filters", "insns/filter", "cached up", "cached ours", "ours/up",
                     "arg up", "arg ours", "ours/up", "attach up", "attach ours", "ours/up",
                     "memory up", "memory ours", "ours/up"], rows))

    if adversarial:
        def av(row, kern):
            x = row[kern]
            if x is None:
                return "n/a (not run)"
            if x["value"] is None:
                return f'n/a ({x["error"]})'
            return fmt(x["value"], 0)

        def an(row):
            cells = []
            for kern in KERNELS:
                x = row[kern]
                n = "-" if x is None or x["value"] is None else str(x["n"])
                if x and x["stop"] == "time budget":
                    n += "*"
                cells.append(n)
            return "/".join(cells)
        rows = [[a["shape"], a["measure"], a["insns"], an(a), av(a, "upstream"), av(a, "ours"),
                 "-" if a["ratio"] is None else f'{a["ratio"]:.2f}',
                 "-" if a["target"] is None else f'{a["target"]:g}',
                 "-" if a["met"] is None else ("yes" if a["met"] else "**no**")]
                for a in adversarial]
        met = sum(1 for a in adversarial if a["met"])
        print("\nAdversarial filters: guest ns per attach (fresh child, median of up to 3),"
              " per failing attach (median of up to 5), per attach in a deep stack"
              " (mean); kernel memory per filter, bytes, as above (memory) and over"
              " the deep stack (different copies until the chain is full). n ="
              " samples or copies, upstream/ours; * = stopped by the time budget:\n")
        print(table(["shape", "measure", "insns", "n", "upstream", "ours", "ours/up",
                     "target", "met"], rows))
        print(f"\nTargets met: {met} of {len(adversarial)}.")

    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
