#!/usr/bin/env bash
# CTest (tests/package): `cmake --install` into a fresh prefix, then a consumer project builds
# against it with find_package(coscan) and its sweep of the default study gives the Pareto set
# `coscan run --default` gives; `cpack -G DEB` makes a package whose coscan runs `--version`.
# Usage: check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/coscan-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > /dev/null
"$work/prefix/bin/coscan" --version
# The Python package from the prefix alone: its compiled module evaluates a pair.
PYTHONPATH="$work/prefix/lib/python3/dist-packages" COSCAN_NATIVE_DIR=/nonexistent /usr/bin/python3 -c \
  'import coscan; s = coscan.Study(); print("python:", s.num_archs, s.evaluate([0], [0])["latency_s"][0] > 0)'
cmake -S "$source/tests/package/consumer" -B "$work/consumer" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > /dev/null
cmake --build "$work/consumer" > /dev/null
got=$("$work/consumer/consumer")
(cd "$work" && "$work/prefix/bin/coscan" run --default --quiet --out r.h5 --summary s.json)
want="pareto_size $(sed -n 's/.*"pareto_size": \([0-9]*\).*/\1/p' "$work/s.json")"
echo "consumer: $got; coscan run --default: $want"
[[ $got == "$want" ]]

cpack -G DEB -B "$work/deb" --config "$build/CPackConfig.cmake" > /dev/null
deb=$(ls "$work"/deb/coscan_*.deb)
dpkg-deb -f "$deb" Package Version Depends
# dpkg installs it into a root of its own (an empty package database: the dependencies, which
# this machine has, are not registered there, hence --force-depends); `dpkg -i` as root on a
# cluster node installs it under /usr.
mkdir -p "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
touch "$work/root/var/lib/dpkg/status"
dpkg --root="$work/root" --force-depends --force-not-root -i "$deb" > /dev/null 2>&1
dpkg --root="$work/root" -l coscan | grep -q '^ii  coscan '
"$work/root/usr/bin/coscan" --version
test -f "$work/root/usr/lib/cmake/coscan/coscanConfig.cmake"
test -f "$work/root/usr/include/coscan/study/study.hpp"
ls "$work"/root/usr/lib/python3/dist-packages/coscan/_native*.so > /dev/null
echo "package: $(basename "$deb") installs coscan, its libraries, headers and CMake package"
