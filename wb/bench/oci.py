#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn an OCI seccomp profile (JSON) into the line format of profile.c.

Keeps the rules that apply to an unprivileged container on amd64: no
capability in "includes", no arch restriction that excludes amd64.  Output:
    default ACTION ERRNO
    rule ACTION ERRNO NAME NARGS [INDEX OP VALUE VALUETWO]...
"""
import json
import sys

AMD64 = {"amd64", "x86_64", "SCMP_ARCH_X86_64"}


def action(obj, errno_key="errnoRet"):
    act = obj.get("action") or obj.get("defaultAction")
    errno = obj.get(errno_key)
    if errno is None:
        errno = 1  # EPERM, as runc does
    return act, errno


def applies(rule):
    inc = rule.get("includes") or {}
    exc = rule.get("excludes") or {}
    if inc.get("caps"):
        return False
    if inc.get("arches") and not AMD64 & set(inc["arches"]):
        return False
    if AMD64 & set(exc.get("arches") or []):
        return False
    return True


def main():
    prof = json.load(open(sys.argv[1]))
    act, errno = action(prof, "defaultErrnoRet")
    print("default", act, errno)
    for rule in prof.get("syscalls") or []:
        if not applies(rule):
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
