#!/bin/sh
# check_cxx_libcxx.sh - the C++ tests (tests/check_cxx.cc) built with
# LLVM's C++ runtime: clang++ -stdlib=libc++, whose libc++abi keeps the
# exception-handling state.  Built here, run like tests/check_cxx.
#
# Environment (tests/Makefile.inc): FRINGE_LIBCXX_CXX (the compiler
# command configure found, empty if none), FRINGE_LIBCXX_FLAGS,
# FRINGE_LIBCXX_LIBS, FRINGE_SANITIZERS, srcdir.

srcdir=${srcdir:-.}
if [ -z "${FRINGE_LIBCXX_CXX:-}" ]; then
	echo "SKIP: configure found no clang++ that builds with -stdlib=libc++ for this host (it looks only in native builds; Debian: clang, libc++-dev, libc++abi-dev)"
	exit 77
fi
if [ -n "${FRINGE_SANITIZERS:-}" ]; then
	echo "SKIP: a sanitizer build's library needs GCC's sanitizer runtimes, which a clang++ program cannot load"
	exit 77
fi
exe=tests/check_cxx_libcxx
# shellcheck disable=SC2086 # the variables are word lists
if ! $FRINGE_LIBCXX_CXX $FRINGE_LIBCXX_FLAGS -pthread -o "$exe" \
	"$srcdir/tests/check_cxx.cc" -x c "$srcdir/tests/runner.c" \
	"$srcdir/tests/skip.c" -x none $FRINGE_LIBCXX_LIBS; then
	echo "FAIL: cannot build the C++ tests with $FRINGE_LIBCXX_CXX"
	exit 1
fi
if ! ldd "$exe" 2>/dev/null | grep -q 'libc++abi'; then
	if ! ldd "$exe" 2>/dev/null | grep -q 'libc++'; then
		echo "FAIL: $exe does not use libc++"
		exit 1
	fi
fi
"$exe"
