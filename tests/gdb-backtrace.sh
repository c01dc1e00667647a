#!/bin/sh
# gdb-backtrace.sh - gdb's `bt`, stopped at a breakpoint inside a generator,
# must list the generator's frames, the function that resumed it, and main,
# and must not stop early ("Backtrace stopped", "corrupt stack").
#
# Exit 77 (skipped) when gdb is not installed or cannot run programs here.

GDB=${GDB:-gdb}
helper=tests/bt_helper

if [ "${FRINGE_SPLICES:-yes}" = no ]; then
	echo "SKIP: this backend does not splice call stacks (ucontext)"
	exit 77
fi
if [ "${FRINGE_CROSS:-no}" = yes ]; then
	echo "SKIP: cross-compiled: the host's gdb cannot run the program"
	exit 77
fi
if ! command -v "$GDB" >/dev/null 2>&1; then
	echo "SKIP: gdb is not installed"
	exit 77
fi

out=$("$GDB" -nx -batch \
	-ex 'set debuginfod enabled off' \
	-ex 'set pagination off' \
	-ex 'break bt_stop_here' \
	-ex run \
	-ex bt \
	"$helper" 2>&1)
echo "$out"

case $out in
*"Breakpoint 1, "*) ;;
*)
	echo "SKIP: gdb could not run the helper program here"
	exit 77
	;;
esac

status=0
for frame in bt_stop_here bt_generator_body bt_resumer main; do
	if ! printf '%s\n' "$out" | grep -q "^#[0-9].* $frame "; then
		echo "FAIL: frame $frame missing from the backtrace"
		status=1
	fi
done
for bad in "Backtrace stopped" "corrupt stack"; do
	if printf '%s\n' "$out" | grep -q "$bad"; then
		echo "FAIL: backtrace reports: $bad"
		status=1
	fi
done
exit $status
