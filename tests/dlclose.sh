#!/bin/sh
# dlclose.sh - run tests/dlclose_test on the plugin libtool built, under
# the emulator of a cross build (FRINGE_EXAMPLE_RUNNER) if there is one.

plugin=tests/.libs/dlclose_plugin.so
if [ ! -f "$plugin" ]; then
	echo "SKIP: no shared plugin was built ($plugin)"
	exit 77
fi
if [ "${FRINGE_CROSS:-no}" = yes ] && [ -z "${FRINGE_EXAMPLE_RUNNER:-}" ]; then
	echo "SKIP: cross-compiled, and no emulator to run the test with"
	exit 77
fi
# shellcheck disable=SC2086 # the runner is a command with arguments
exec ${FRINGE_EXAMPLE_RUNNER:-} tests/dlclose_test "$plugin"
