#!/usr/bin/env bash
# The one test command (README): installs what the tests need, builds everything, runs every
# test project against real servers (mosquitto, socat ptys, PostgreSQL are started by the tests
# themselves), and ends with the line "N passed, N failed".
#   LONG=1 ./test.sh   exhaustive fault runs (power cuts at every operation, bigger sync runs)
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
started=$(date +%s)

need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto mosquitto-clients)
command -v mosquitto_passwd >/dev/null 2>&1 || need+=(mosquitto)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "test.sh: could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
# The packaged mosquitto service is not needed: tests start their own brokers on free ports.
export PATH="$PATH:/usr/sbin"

if [ ! -d "$root/../shared/nanoframework-api" ]; then
  echo "test.sh: ../shared/nanoframework-api is missing: the nanoFramework compatibility check cannot run"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "test.sh: building"
mkdir -p artifacts
if ! dotnet build Terminal.sln -c Debug -nologo >artifacts/build.log 2>&1; then
  grep -E "error" artifacts/build.log | sort -u | head -40
  echo "test.sh: build failed (full log: artifacts/build.log)"
  echo "0 passed, 1 failed"
  exit 1
fi
grep -E "Warn|Time Elapsed" artifacts/build.log | tail -n 2

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
echo "test.sh: running tests"
dotnet test Terminal.sln --no-build -nologo --logger "trx" --results-directory "$results" 2>&1 \
  | grep -vE "^\s*$|^Test run for|^A total of|VSTest version" | grep -E "Passed!|Failed!|Failed |Error Message|Assert|^\s+at |nfcompat|NFCOMPAT|cut points|violations|frames|transactions" | head -n 400
status=${PIPESTATUS[0]}

passed=0; failed=0; projects=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  projects=$((projects + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$projects" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  echo "test.sh: the test run did not complete (exit $status, $projects result files)"
  failed=$((failed + 1))
fi
echo "test.sh: $projects test projects in $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
