#!/bin/busybox sh
# Guest suite "kmemleak", run after the others on the debug kernel: one
# TAP result, failed if kmemleak finds kernel objects that nothing points
# to any more, with its report. Skipped on kernels without kmemleak.
k=/sys/kernel/debug/kmemleak
[ -e $k ] || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ ! -w $k ]; then
	echo "1..0 # SKIP no kmemleak in this kernel"
	exit 4
fi
echo "1..1"
# kmemleak reports an object only once it is 5 s old; the second scan
# keeps an object that was in flight during the first from being reported.
sleep 6
echo scan >$k
echo scan >$k
report=$(cat $k)
if [ -z "$report" ]; then
	echo "ok 1 kmemleak: no unreferenced object"
	exit 0
fi
echo "$report" | sed 's/^/# /'
echo "not ok 1 kmemleak: $(echo "$report" | grep -c '^unreferenced object') unreferenced object(s)"
exit 1
