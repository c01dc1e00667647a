#!/bin/sh
# gdb-backtrace.sh - gdb's `bt`, stopped at a breakpoint inside a generator,
# must list the generator's frames, the function that resumed it, and main,
# and must not stop early ("Backtrace stopped", "corrupt stack").
#
# Then the backtrace fringe(7) shows: the program and breakpoint its page
# names (.\" bt-example: PROGRAM FUNCTION) are run the same way, and the
# functions of the real backtrace, repeats folded, must be those of the
# page, in the same order.  That comparison needs the build the page
# describes: optimized, generators switched by the backend, no sanitizers.
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

# ---- fringe(7)'s example ----------------------------------------------------

page=${srcdir:-.}/man/fringe.7
set -- $(sed -n 's/^\.\\" bt-example: *//p' "$page")
if [ $# -ne 2 ]; then
	echo "FAIL: $page has no bt-example line"
	exit 1
fi
program=$1 stop=$2
# The functions of a backtrace, one per line, repeats folded.
frames() {
	sed -n 's/^#[0-9][0-9]*  *\(0x[0-9a-f]* in \)\{0,1\}\([A-Za-z_][A-Za-z_0-9]*\) .*/\2/p' | uniq
}
expected=$(sed -n '/^\.\\" bt-example:/,/^\.EE/p' "$page" | grep '^#' | frames)
case " ${FRINGE_CFLAGS:-} " in
*" -O0 "* | *" -O "*) optimized=no ;;
*-O[1-3sz]* | *-Ofast* | *-Og*) optimized=yes ;;
*) optimized=no ;;
esac
if ! grep -q '^#define FRINGE_NATIVE_GENERATORS 1' config.h ||
	[ $optimized = no ]; then
	echo "note: not the build fringe(7)'s backtrace describes; not compared"
	exit $status
fi
real=$("$GDB" -nx -batch \
	-ex 'set debuginfod enabled off' \
	-ex 'set pagination off' \
	-ex "break $stop" \
	-ex run \
	-ex bt \
	"$program" 2>&1)
echo "$real"
# fringe_generator_resume() jumps into the backend as a tail call where
# the compiler can make one; where it cannot (ppc64 ELFv2 has no tail call
# into another file), its frame shows up between the generator and its
# resumer.  The page shows the first kind.
got=$(printf '%s\n' "$real" | frames | grep -v -x 'fringe_generator_resume')
if [ "$got" != "$expected" ]; then
	echo "FAIL: the backtrace in $page is not what gdb shows:"
	echo "  page: $(echo $expected)"
	echo "  gdb:  $(echo $got)"
	status=1
fi
exit $status
