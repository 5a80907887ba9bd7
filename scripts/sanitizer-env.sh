# shellcheck shell=bash
# Sourced by scripts/sanitize and scripts/fuzz: the sanitizer trees and the sanitizers' options.
#   sanitizer_tree address|thread  configures ./build-asan (clang; ASan, LSan, UBSan and
#                                  libFuzzer's coverage, so the fuzz targets are built there too)
#                                  or ./build-tsan (GCC, TSan) and prints its path.
# -O1 builds a third faster than the Release -O3 and finds the same; -g1 gives reports lines.
sanitizer_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitizer_tree() {
  local flags="-O1 -g1 -DNDEBUG" build
  local -a args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags"
                 -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" -DCOSCAN_BUILD_BENCH=OFF
                 -DCOSCAN_HEADER_CHECKS=OFF)
  if [[ $1 == address ]]; then
    build="$sanitizer_root/build-asan"
    CC=clang-14 CXX=clang++-14 cmake -S "$sanitizer_root" -B "$build" "${args[@]}" \
      -DCOSCAN_SANITIZE=address,undefined -DCOSCAN_FUZZ=ON >/dev/null
  else
    build="$sanitizer_root/build-tsan"
    CC=gcc CXX=g++ cmake -S "$sanitizer_root" -B "$build" "${args[@]}" \
      -DCOSCAN_SANITIZE=thread >/dev/null
  fi
  echo "$build"
}
supp="$sanitizer_root/tests/sanitizers"
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp"
