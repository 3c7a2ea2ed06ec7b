#!/usr/bin/env bash
# Runs the benchmark suites of issues 7 and 12 and writes benchmarks/results/<profile>.json (JMH),
# <profile>.md (ratio table, every score, the machine) and <profile>.svg (chart).
#
#   benchmarks/run.sh short   # about 20 minutes: 1 fork, 2x1 s warm-up, 3x1 s measurement, 1 and
#                             # 64 MiB (and the large array at 512 MiB, in a run of its own)
#   benchmarks/run.sh full    # about an hour: 2 forks, 5x2 s warm-up, 10x2 s, 1, 64 and 512 MiB
#                             # (object graphs: 1 and 64 MiB)
#   benchmarks/run.sh short 'MemoryHit'   # extra arguments go to JMH (here: a benchmark regex)
#   benchmarks/run.sh short 'ColdProcess' \
#       -p childJvmArgs=-Dcachedfactory.fory.codegen=on,-Dcachedfactory.fory.codegen=off
#                             # options of the cold-process children: one trial per value
#
# Disk hits are measured twice: the first load in a process (DiskFirstLoad*: a fresh store per
# load, so the payload's checksum is checked; ColdProcess: a new JVM per load) and the repeated
# load of one key from an open store, its body verified before (DiskHit*).
#
# Environment: BENCH_DIR (scratch and kept stores; default: the JVM's temp directory),
# BENCH_HEAP (fork heap; default 4g for short, 8g for full).
set -euo pipefail

profile=${1:-short}
shift || true
cd "$(dirname "$0")/.."

# The processor-cost benchmark times single compilations (SingleShot): it runs separately, with
# enough warm-up compilations for javac to be compiled by the JIT.
case "$profile" in
  short) jmh=(-f 1 -wi 2 -i 3 -w 1s -r 1s -p sizeMiB=1,64); javac=(-f 1 -wi 5 -i 5); heap=4g ;;
  full)  jmh=(-f 2 -wi 5 -i 10 -w 2s -r 2s); javac=(-f 2 -wi 10 -i 10); heap=8g ;;
  *) echo "usage: $0 short|full [JMH options]" >&2; exit 2 ;;
esac

mvn -q -B -pl benchmarks -am package -DskipTests

jar=benchmarks/target/benchmarks.jar
results=benchmarks/results
mkdir -p "$results"
chronicle=$(sed -n 's/^jvm.options=//p' benchmarks/target/classes/benchmark.properties)
heap=${BENCH_HEAP:-$heap}
# Pre-touched: otherwise a benchmark that allocates (a memory hit builds a 1 KiB key) pays the
# page faults of first touching the heap during the measurement, which the VM makes expensive.
fork_opts="$chronicle -Xms$heap -Xmx$heap -XX:+AlwaysPreTouch"
if [[ -n "${BENCH_DIR:-}" ]]; then
  fork_opts="$fork_opts -Dbench.dir=$BENCH_DIR"
fi
# The processor for the processor-cost benchmark, in a class loader of its own.
processor_path=$(find "$PWD/benchmarks/target/processor" -name '*.jar' | sort | paste -sd: -)
fork_opts="$fork_opts -Dbench.processorPath=$processor_path"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  lscpu | head -n 15
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  java -version 2>&1
  echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/$profile-machine.txt"

rm -f "$results/$profile.json" "$results/$profile-javac.json" "$results/$profile-512.json"
filter=("$@")
if [[ ${#filter[@]} -eq 0 ]]; then
  filter=('io.cachedfactory.benchmarks.(?!ProcessorCost)')
fi
# shellcheck disable=SC2086 # chronicle is a list of options
java $chronicle -jar "$jar" "${jmh[@]}" -jvmArgsAppend "$fork_opts" \
  -rf json -rff "$results/$profile.json" "${filter[@]}"
extra_json=""
if [[ $# -eq 0 ]]; then
  # shellcheck disable=SC2086
  java $chronicle -jar "$jar" "${javac[@]}" -jvmArgsAppend "$fork_opts" \
    -rf json -rff "$results/$profile-javac.json" 'ProcessorCostBenchmark'
  if [[ $profile == short ]]; then
    # The large-array target is set at 64 and 512 MiB; the short run's 1,64 leaves 512 out.
    # shellcheck disable=SC2086
    java $chronicle -jar "$jar" "${jmh[@]}" -p sizeMiB=512 -jvmArgsAppend "$fork_opts" \
      -rf json -rff "$results/$profile-512.json" 'DiskFirstLoadLargeBenchmark'
    extra_json=",$results/$profile-512.json"
  fi
fi

# shellcheck disable=SC2086
java $chronicle ${BENCH_DIR:+-Dbench.dir=$BENCH_DIR} -cp "$jar" \
  io.cachedfactory.benchmarks.TwoProcessSingleFlight "$results/$profile-two-process.json" 20

echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/$profile-machine.txt"

java -cp "$jar" io.cachedfactory.benchmarks.report.Report \
  "$results/$profile.json,$results/$profile-javac.json$extra_json" \
  "$results/$profile-two-process.json" "$results/$profile-machine.txt" \
  "$results/$profile.md" "$results/$profile.svg" "benchmarks/run.sh $profile${*:+ $*}"
echo "wrote $results/$profile.md and $results/$profile.svg"
