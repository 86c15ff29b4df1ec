#!/bin/sh
# Builds OpenCC's command (opencc) and its dictionaries from source, at the
# release /convert follows, for `go run ./cmd/check/convcheck -opencc PREFIX/bin/opencc`.
#
#   cmd/check/convcheck/build-opencc.sh [SOURCE] [PREFIX]
#
# SOURCE is a git clone of https://github.com/BYVoid/OpenCC (cloned into
# PREFIX/src when missing); the script checks out the release tag and
# refuses any other commit. PREFIX defaults to $HOME/.cache/cloudtools/opencc-1.4.1.
# Needs Debian's cmake, g++, make and python3 (apt install cmake g++ make
# python3); about 4 minutes on 2 cores.
set -eu

tag=ver.1.4.1
commit=81223ed87ae53283ef518e2deac34b7971f8a39e
prefix=${2:-$HOME/.cache/cloudtools/opencc-1.4.1}
src=${1:-$prefix/src}

if [ ! -d "$src/.git" ] && [ ! -f "$src/.git" ]; then
	git clone --quiet https://github.com/BYVoid/OpenCC "$src"
fi
if [ "$(git -C "$src" rev-parse HEAD)" != "$commit" ]; then
	git -C "$src" -c advice.detachedHead=false checkout --quiet "$tag"
fi
got=$(git -C "$src" rev-parse HEAD)
if [ "$got" != "$commit" ]; then
	echo "build-opencc: $tag is $got, want $commit" >&2
	exit 1
fi

build=$prefix/build
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF \
	-DENABLE_GTEST=OFF -DENABLE_BENCHMARK=OFF -DBUILD_PYTHON=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
cmake --install "$build" >/dev/null
"$prefix/bin/opencc" --version | grep Version
echo "OpenCC $tag ($commit): $prefix/bin/opencc, data in $prefix/share/opencc"
