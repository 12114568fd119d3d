# bench_lib.sh - timing helpers shared by the bench scripts (sourced, not run). The caller
# sets tmp (a scratch directory), WAIT_IDLE and log(); measure fills WALL CPU OTHER RSS CMD
# and labels.
declare -A WALL CPU OTHER RSS CMD RESULT
labels=()

# CPU time the whole machine has been busy (user, nice, system, irq, softirq, steal), in ticks
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)

# run_once OUTFILE CMD... : sets RUN_WALL, RUN_CPU (user + system seconds), RUN_RSS (peak, KiB)
# and RUN_OTHER (CPU seconds the rest of the machine used meanwhile: other jobs skew timings)
run_once() {
    local out=$1 t0 t1 b0 b1
    shift
    b0=$(busy_ticks)
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >"$out" 2>"$tmp/stderr"; then
        log "FAILED: $*"
        cat "$tmp/stderr" "$tmp/time" >&2
        exit 1
    fi
    t1=$EPOCHREALTIME
    b1=$(busy_ticks)
    RUN_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    read -r _ RUN_RSS RUN_CPU < <(tail -n 1 "$tmp/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }')
    RUN_OTHER=$(awk -v b="$((b1 - b0))" -v hz="$hz" -v c="$RUN_CPU" \
        'BEGIN { o = b / hz - c; printf "%.2f", (o > 0 ? o : 0) }')
}

# wait_idle: with WAIT_IDLE=N, waits up to N seconds until the machine is idle for 5 s
wait_idle() {
    local waited=0 b0 b1
    while ((waited < WAIT_IDLE)); do
        b0=$(busy_ticks)
        sleep 5
        b1=$(busy_ticks)
        waited=$((waited + 5))
        if ((b1 - b0 < hz / 2)); then return 0; fi
    done
    if ((WAIT_IDLE > 0)); then log "  (machine still busy after ${WAIT_IDLE} s; going on)"; fi
}

# median of the numbers on stdin, one a line
median() {
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure LABEL N DISPLAY_CMD -- CMD... : median wall and CPU time, highest peak RSS of N runs
measure() {
    local label=$1 n=$2 show=$3 i
    shift 4
    for ((i = 1; i <= n; i++)); do
        measure_once "$label" "$show" "$i/$n" "$@"
    done
}

# measure_once LABEL DISPLAY_CMD RUN CMD... : one run, added to LABEL's medians. Calls for two
# labels can alternate, so that both see the same machine (the VM's speed drifts).
declare -A TIMES CPUS OTHERS
measure_once() {
    local label=$1 show=$2 run=$3
    shift 3
    if [[ -z ${CMD[$label]:-} ]]; then
        labels+=("$label")
        CMD[$label]=$show
        RSS[$label]=0
    fi
    wait_idle
    run_once "$tmp/out.$label" "$@"
    TIMES[$label]+="$RUN_WALL"$'\n'
    CPUS[$label]+="$RUN_CPU"$'\n'
    OTHERS[$label]+="$RUN_OTHER"$'\n'
    if ((RUN_RSS > RSS[$label])); then RSS[$label]=$RUN_RSS; fi
    log "  $label run $run: $RUN_WALL s wall, $RUN_CPU s cpu, other jobs $RUN_OTHER s cpu, peak RSS $((RUN_RSS / 1024)) MiB"
    WALL[$label]=$(printf '%s' "${TIMES[$label]}" | median)
    CPU[$label]=$(printf '%s' "${CPUS[$label]}" | median)
    OTHER[$label]=$(printf '%s' "${OTHERS[$label]}" | median)
}

