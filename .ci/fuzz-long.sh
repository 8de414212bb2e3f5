#!/usr/bin/env bash
# Long fuzzing run (docs/FUZZING.md): each target fuzzes for SECONDS (default 600) in a JVM of its own
# (Jazzer fuzzes one test per run), one after the other, and the figures are summed up at the end.
#
#   .ci/fuzz-long.sh [SECONDS] [TARGET[=SECONDS]...]
#
# targets: timestamps datagrams frames credentials commands links (all when none is named), e.g.
#   .ci/fuzz-long.sh 300 frames=900 datagrams      frames for 900 s, datagrams for 300 s
#
# The corpus each run grows is kept in <module>/.cifuzz-corpus (not committed) and reused by the next
# run; an input that breaks a property is written next to the seeds in src/test/resources/.../Inputs/,
# where the normal test run replays it from then on. Logs: target/fuzz-long/<target>.log.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
declare -A module=([timestamps]=protocol [datagrams]=transfer [frames]=server [credentials]=server [commands]=client [links]=client)
declare -A class=([timestamps]=TimestampsFuzzTest [datagrams]=DatagramFuzzTest [frames]=FrameDecoderFuzzTest
                  [credentials]=CredentialsParserFuzzTest [commands]=CommandParserFuzzTest [links]=LinkFrameDecoderFuzzTest)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(timestamps datagrams frames credentials commands links)

mkdir -p target/fuzz-long
# Compile once; each target's run then only forks its test JVM.
./mvnw -q -o -pl protocol,transfer,server,client -am test-compile || exit 1

status=0
printf '%-12s %12s %9s %10s  %s\n' target executions seconds exec/s findings > target/fuzz-long/summary.txt
for spec in "${targets[@]}"; do
    t=${spec%%=*}
    time=$seconds
    [[ $spec == *=* ]] && time=${spec#*=}
    [ -z "${module[$t]:-}" ] && { echo "unknown target $t" >&2; exit 2; }
    log=target/fuzz-long/$t.log
    echo "fuzzing $t for ${time}s (log: $log)"
    JAZZER_FUZZ=1 ./mvnw -o -pl "${module[$t]}" -am test \
        -Dfuzz.skip=true -Dtest="${class[$t]}" -Dsurefire.failIfNoSpecifiedTests=false \
        -DargLine="-Xmx1g -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time=$time -Djazzer.internal.arg.2=-max_len=4096 -Djazzer.instrumentation_includes=org.parley.**:com.fasterxml.jackson.**:io.netty.handler.codec.**" \
        >"$log" 2>&1
    rc=$?
    done_line=$(grep -a -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")
    secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")
    findings=$(grep -a -c -E '^== Java Exception|^==[0-9]+== ERROR|Crash input written|artifact_prefix.*crash' "$log")
    [ $rc -ne 0 ] && status=1
    [ -z "$runs" ] && { runs=0; secs=0; }
    rate=$(( secs > 0 ? runs / secs : 0 ))
    printf '%-12s %12s %9s %10s  %s\n' "$t" "$runs" "$secs" "$rate" "$findings (maven exit $rc)" >> target/fuzz-long/summary.txt
done
cat target/fuzz-long/summary.txt
awk 'NR > 1 { n += $2; s += $3 } END { printf "total: %d executions in %d seconds\n", n, s }' target/fuzz-long/summary.txt
exit $status
