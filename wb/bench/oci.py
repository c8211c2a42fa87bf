#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn an OCI seccomp profile (JSON) into the line format of profile.c.

Keeps the rules that apply to an unprivileged container on amd64 (on arm64
with --arm64, on s390x with --s390x, on riscv64 with --riscv64): no capability in "includes", no arch restriction that
excludes that architecture.  Output:
    default ACTION ERRNO
    rule ACTION ERRNO NAME NARGS [INDEX OP VALUE VALUETWO]...
"""
import json
import sys

AMD64 = {"amd64", "x86_64", "SCMP_ARCH_X86_64"}
ARM64 = {"arm64", "aarch64", "SCMP_ARCH_AARCH64"}
S390X = {"s390x", "SCMP_ARCH_S390X"}
RISCV64 = {"riscv64", "SCMP_ARCH_RISCV64"}


def action(obj, errno_key="errnoRet"):
    act = obj.get("action") or obj.get("defaultAction")
    errno = obj.get(errno_key)
    if errno is None:
        errno = 1  # EPERM, as runc does
    return act, errno


def applies(rule, arch):
    inc = rule.get("includes") or {}
    exc = rule.get("excludes") or {}
    if inc.get("caps"):
        return False
    if inc.get("arches") and not arch & set(inc["arches"]):
        return False
    if arch & set(exc.get("arches") or []):
        return False
    return True


def main():
    args = sys.argv[1:]
    arch = AMD64
    others = {"--arm64": ARM64, "--s390x": S390X, "--riscv64": RISCV64}
    if args[:1] and args[0] in others:
        arch = others[args[0]]
        args = args[1:]
    prof = json.load(open(args[0]))
    act, errno = action(prof, "defaultErrnoRet")
    print("default", act, errno)
    for rule in prof.get("syscalls") or []:
        if not applies(rule, arch):
            continue
        act, errno = action(rule)
        args = rule.get("args") or []
        fields = []
        for a in args:
            fields += [a["index"], a["op"], a["value"], a.get("valueTwo", 0)]
        for name in rule["names"]:
            print("rule", act, errno, name, len(args), *fields)


if __name__ == "__main__":
    main()
