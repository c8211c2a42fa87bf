#!/usr/bin/env python3
"""Count the test results in a guest console log.

usage: wb/tap.py [--timed-out] [--kcsan-ours FUNCTIONS] [--xfail LIST]
                 CONSOLE_LOG INITRAMFS_LIST SUITE...

The programs of a suite are the files under /tests/SUITE/ in the initramfs
list; each prints TAP between "==== WB BEGIN SUITE/PROG ====" and
"==== WB END SUITE/PROG rc=N ====" (rc=watchdog: the guest killed it as
hung, after dumping its tasks). A compat program that failed runs again
as "SUITE/PROG#rerun": a test of the first run that the harness timed
out and that passes in the second is forgiven (and printed as FLAKY), if
all of the first run's failures are such tests. The suite "kunit" is the KTAP that the
kernel printed at boot, before the first marker. Nested (KTAP) results count
only their leaves.

Prints "SUITE: N passed, N failed, N skipped" per suite, then the total, and
exits 1 on any failed test, missing result, kernel splat, unfinished run or
(--timed-out) a guest that the host had to kill. For a hung program, or a
guest the host killed, it prints the console's last lines as well: that
is all a CI log may keep. With --kcsan-ours, a KCSAN
report is a splat only if one of the functions it names is in the file
FUNCTIONS (one name a line); the others are listed, and counted apart.
With --xfail, the tests that LIST names ("SUITE/PROG TEST  # why", one a
line) are known to fail on this architecture, 6.1's own kernel included:
their failure is printed as XFAIL and counted as skipped, and their
passing (XPASS) is a failure, so that the list stays true.
"""
import re
import sys

SPLAT = re.compile(r"BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|"
                   r"refcount_t|Kernel panic")
STAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")
RESULT = re.compile(r"^( *)(ok|not ok) \d+\b")
PLAN = re.compile(r"^1\.\.(\d+)")
MARK = re.compile(r"==== WB (BEGIN|END|DONE)(?: (\S+))?(?: rc=(\d+|watchdog))?"
                  r"(?: in (\d+) s)? ====")
KTAP_START = re.compile(r"^K?TAP version \d+")
HARNESS_TIMEOUT = re.compile(r"^# \S+: Test terminated by timeout")
NAMED_RESULT = re.compile(r"^(ok|not ok) \d+ (\S+)")
RERUN = "#rerun"
TAIL = 60  # console lines shown for a hang
SLOWEST = 5  # programs named with their seconds
KSFT_SKIP = 4  # exit status of a kselftest program that skipped entirely
# "BUG: KCSAN: data-race in f+0x1/0x2 / g+0x3/0x4", or one function.
KCSAN = re.compile(r"BUG: KCSAN: ([\w :-]+?) in (\S+)(?: / (\S+))?$")


def top_results(lines):
    """Each top-level result's test name: whether it passed, and whether
    the harness timed it out."""
    results, timed_out = {}, False
    for line in lines:
        if HARNESS_TIMEOUT.match(line):
            timed_out = True
            continue
        m = NAMED_RESULT.match(line)
        if m:
            results[m.group(2)] = (m.group(1) == "ok", timed_out)
            timed_out = False
    return results


def forgiven_timeouts(first, rerun, expected=()):
    """The tests that failed in `first` by a harness timeout and pass in
    `rerun`; none unless they are all of `first`'s failures but the
    `expected` ones."""
    a, b = top_results(first), top_results(rerun)
    failed = {name for name, (ok, _) in a.items()
              if not ok and name not in expected}
    forgiven = {name for name in failed
                if a[name][1] and b.get(name, (False, False))[0]}
    return forgiven if forgiven == failed else set()


def kcsan_functions(line):
    """The functions a KCSAN report's title names, offsets dropped."""
    m = KCSAN.search(line)
    if not m:
        return None
    return [re.sub(r"[+.].*", "", f) for f in m.group(2, 3) if f]


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = self.skipped = 0
        self.problems = []  # lines to show for each failure

    def fail(self, why):
        self.failed += 1
        self.problems.append(why)

    def count(self, who, lines, rc=0, forgiven=(), xfail=None):
        """Add up one TAP/KTAP stream printed by `who`, which exited with
        status rc (None: it never finished; "watchdog": the guest killed
        it as hung); the tests named in `forgiven` count as passed, those
        in `xfail` (name: why) must fail."""
        xfail = xfail or {}
        expected = 0
        plan = None
        top = 0
        prev_depth = -1
        failed_before = self.failed
        for line in lines:
            m = PLAN.match(line)
            if m and plan is None:
                plan = int(m.group(1))
            m = RESULT.match(line)
            if not m:
                continue
            depth = len(m.group(1))
            top += depth == 0
            leaf = prev_depth <= depth  # a parent follows its children
            prev_depth = depth
            if not leaf:
                continue
            named = NAMED_RESULT.match(line)
            name = named.group(2) if named else None
            if name in xfail:
                if m.group(2) == "not ok":
                    print(f"XFAIL {who}: {name}: {xfail[name]}")
                    self.skipped += 1
                    expected += 1
                else:
                    self.fail(f"{who}: {name} passed, but the --xfail "
                              "list says it fails here (XPASS)")
                continue
            if m.group(2) == "not ok" and named and named.group(2) in forgiven:
                print(f"FLAKY {who}: {named.group(2)} timed out, "
                      "and passed when run again")
                self.passed += 1
            elif m.group(2) == "not ok":
                self.fail(f"{who}: {line.strip()}")
            elif re.search(r"#\s*SKIP", line, re.I):
                self.skipped += 1
            else:
                self.passed += 1
        if rc is None:
            self.fail(f"{who}: did not finish, {top} of {plan} results")
        elif rc == "watchdog":
            self.fail(f"{who}: hung, killed by the guest's watchdog after "
                      f"{top} of {plan} results; its last lines:\n    " +
                      "\n    ".join(lines[-TAIL:]))
        elif plan is not None and top < plan:
            self.fail(f"{who}: {plan - top} of {plan} results missing")
        elif rc == KSFT_SKIP and top == 0:
            self.skipped += 1
        elif (rc != 0 and self.failed == failed_before and not forgiven and
              not expected):
            self.fail(f"{who}: exited with status {rc}")

    def summary(self):
        return f"{self.passed} passed, {self.failed} failed, {self.skipped} skipped"


def read_console(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [STAMP.sub("", line.rstrip("\r\n").replace("\r", ""))
                for line in f]


def programs(list_path, suite):
    with open(list_path) as f:
        return [m.group(1) for m in
                (re.match(rf"file /tests/({suite}/\S+) ", l) for l in f) if m]


def split_console(lines):
    """Return the boot lines (before the first marker), each program's
    lines, exit status and seconds, and whether the guest got to its end."""
    boot, blocks, rcs, times, done = [], {}, {}, {}, False
    current = None
    for line in lines:
        m = MARK.search(line)
        if not m:
            if current is not None:
                blocks[current].append(line)
            elif not blocks:
                boot.append(line)
            continue
        kind, name, rc, took = m.groups()
        if kind == "BEGIN":
            current = name
            blocks[name] = []
        elif kind == "END":
            rcs[name] = int(rc) if rc.isdigit() else rc
            if took is not None:
                times[name] = int(took)
            current = None
        else:
            done = True
    return boot, blocks, rcs, times, done


def read_xfail(path):
    """{program: {test: why}} from an --xfail list."""
    xfail = {}
    for line in open(path) if path else ():
        entry, _, why = line.partition("#")
        fields = entry.split()
        if len(fields) == 2:
            xfail.setdefault(fields[0], {})[fields[1]] = why.strip()
    return xfail


def main(timed_out, ours, xfail, console_path, list_path, *suites):
    lines = read_console(console_path)
    boot, blocks, rcs, times, done = split_console(lines)

    results = []
    for name in suites:
        suite = Suite(name)
        if name == "kunit":
            start = next((i for i, l in enumerate(boot) if KTAP_START.match(l)), None)
            if start is None:
                suite.fail("kunit: no KTAP output at boot")
            else:
                suite.count("kunit", boot[start:])
        for prog in programs(list_path, name):
            if prog in blocks:
                rerun = blocks.get(prog + RERUN)
                forgiven = (forgiven_timeouts(blocks[prog], rerun,
                                              xfail.get(prog, {}))
                            if rerun is not None else set())
                suite.count(prog, blocks[prog], rcs.get(prog), forgiven,
                            xfail.get(prog))
            else:
                suite.fail(f"{prog}: did not run")
        results.append(suite)

    # Not tests, but failures all the same: one each.
    guest = Suite("guest")
    splats, theirs = [], []
    for line in lines:
        if not SPLAT.search(line):
            continue
        functions = kcsan_functions(line) if ours is not None else None
        if functions is not None and not ours.intersection(functions):
            theirs.append(line)
        else:
            splats.append(line)
    if theirs:
        print(f"KCSAN: {len(theirs)} reports elsewhere in the kernel:")
        for line in sorted(set(theirs)):
            print(f"    {line}")
    if splats:
        guest.fail("kernel splat:\n    " + "\n    ".join(splats))
    if not done:
        guest.fail("guest did not finish its suites")
    if timed_out:
        guest.fail("guest killed by the host timeout; the console's last "
                   "lines:\n    " + "\n    ".join(lines[-TAIL:]))

    for suite in results + [guest]:
        for why in suite.problems:
            print(f"FAIL {why}")
    for suite in results:
        print(f"{suite.name}: {suite.summary()}")
    total = Suite("total")
    for suite in results + [guest]:
        total.passed += suite.passed
        total.failed += suite.failed
        total.skipped += suite.skipped
    print(f"total: {total.summary()}")
    if times:
        slowest = sorted(times.items(), key=lambda t: -t[1])[:SLOWEST]
        print(f"seconds: {sum(times.values())} in programs; slowest "
              + ", ".join(f"{name} {took}" for name, took in slowest))
    return 1 if total.failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    timed_out = args[:1] == ["--timed-out"]
    args = args[timed_out:]
    ours = None
    if args[:1] == ["--kcsan-ours"] and len(args) > 1:
        with open(args[1]) as f:
            ours = {line.strip() for line in f if line.strip()}
        args = args[2:]
    xfail = None
    if args[:1] == ["--xfail"] and len(args) > 1:
        xfail = args[1]
        args = args[2:]
    if len(args) < 3:
        sys.exit(__doc__)
    sys.exit(main(timed_out, ours, read_xfail(xfail), *args))
