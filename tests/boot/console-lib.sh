# console-lib.sh - sourced by the FreeDOS boot tests: run pcemu with its
# stdin on a fifo (the serial console under -nographic), wait for text in
# its output, type lines, stop it by its PID.
#
#   con_start LOG ARGS...   start "$PCEMU" ARGS, stdout+stderr in LOG
#   con_wait PATTERN N SECS wait until PATTERN (grep -o) occurs N times
#   con_type TEXT           type TEXT and a CR
#   con_stop [SIGNAL]       kill pcemu (default TERM) and reap it
#   con_fail MSG            print MSG and the end of LOG, stop, exit 1
# The caller sets $tmp (a scratch directory) and $PCEMU.
con_pid=
con_log=

con_start() {
    con_log=$1
    shift
    rm -f "$tmp/con.fifo"
    mkfifo "$tmp/con.fifo" || exit 1
    "$PCEMU" "$@" <"$tmp/con.fifo" >"$con_log" 2>&1 &
    con_pid=$!
    exec 9>"$tmp/con.fifo"
}

con_count() {
    grep -o -- "$1" "$con_log" 2>/dev/null | wc -l
}

con_wait() {
    ticks=$(($3 * 5))
    while [ "$ticks" -gt 0 ]; do
        [ "$(con_count "$1")" -ge "$2" ] && return 0
        kill -0 "$con_pid" 2>/dev/null || break
        sleep 0.2
        ticks=$((ticks - 1))
    done
    [ "$(con_count "$1")" -ge "$2" ]
}

con_type() {
    printf '%s\r' "$1" >&9
}

con_stop() {
    if [ -n "$con_pid" ]; then
        kill "-${1:-TERM}" "$con_pid" 2>/dev/null
        wait "$con_pid" 2>/dev/null
        con_status=$?
        con_pid=
    fi
    exec 9>&-
}

con_fail() {
    con_stop KILL
    echo "FAIL: $1"
    echo "--- last lines of $con_log:"
    tail -c 2000 "$con_log" | tr -d '\033'
    echo
    exit 1
}
