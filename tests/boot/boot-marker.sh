#!/bin/sh
# boot-marker.sh - run an emulator until its serial output shows a marker.
#
# usage: boot-marker.sh LOG SECONDS MARKER CMD [ARGS...]
#
# Starts CMD with stdout (the guest's COM1) and stderr in LOG, polls LOG
# every 0.2 s for MARKER, and stops CMD (by its PID) once the marker is
# there or SECONDS have passed. Exit 0 when the marker was seen, 1 when not
# (the end of LOG is printed).
log=$1
secs=$2
marker=$3
shift 3

"$@" </dev/null >"$log" 2>&1 &
pid=$!
ticks=$((secs * 5))
found=1
while [ "$ticks" -gt 0 ]; do
    if grep -q "$marker" "$log" 2>/dev/null; then
        found=0
        break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        grep -q "$marker" "$log" 2>/dev/null && found=0
        break
    fi
    sleep 0.2
    ticks=$((ticks - 1))
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ "$found" -ne 0 ]; then
    echo "FAIL: no '$marker' within ${secs}s from: $*"
    echo "--- last lines of $log:"
    tail -c 2000 "$log"
    echo
fi
exit "$found"
