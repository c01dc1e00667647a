#!/bin/sh
# gdb-generators.sh - the gdb extension (gdb/libfringe-c-gdb.py) shows the
# generators of tests/gdb_helper where they really are.
#
# gdb loads the extension by itself, as it does once installed: the test
# lays out a directory like gdb's auto-load directory, with the script
# under the real file name of the library the program uses, and points
# gdb at it (no `source').  In a live process stopped with several
# suspended generators (nested ones, on a pool's stack with
# FRINGE_GENERATOR_SHARE_FPENV, on caller memory)
# and a suspended low-level context, `fringe backtrace' must show for each
# the frames from its yield, at the file:line of the yield (the lines
# marked "MARK: name" in gdb_helper.c), down to its root frame and no
# further; `fringe info' and `fringe generators' must describe them.  Then
# the same backtraces from a core file of that process (gcore), and, from
# inside a running generator, what a running generator is, while the
# thread's own `bt' stays as it was.
#
# Exit 77 (skipped) when gdb, its Python or the shared library is missing,
# in a cross build, and with the ucontext backend (no save area to read).

GDB=${GDB:-gdb}
srcdir=${srcdir:-.}
helper=tests/gdb_helper
source=$srcdir/tests/gdb_helper.c
script=$srcdir/gdb/libfringe-c-gdb.py
la=${FRINGE_LA:-lib/libfringe-c.la}

if [ "${FRINGE_SPLICES:-yes}" = no ]; then
	echo "SKIP: this backend keeps no save area a debugger can read (ucontext)"
	exit 77
fi
case ${FRINGE_SANITIZER_CFLAGS:-} in
*-fsanitize=*thread* | *-fsanitize=*address*)
	# gcore would write the sanitizer's shadow memory: terabytes.
	echo "SKIP: a sanitizer build's shadow memory is too large for gcore"
	exit 77
	;;
esac
if [ "${FRINGE_CROSS:-no}" = yes ]; then
	echo "SKIP: cross-compiled: the host's gdb cannot run the program"
	exit 77
fi
if ! command -v "$GDB" >/dev/null 2>&1; then
	echo "SKIP: gdb is not installed"
	exit 77
fi
if [ "$("$GDB" -nx -batch -ex 'python print(6 * 7)' 2>&1)" != 42 ]; then
	echo "SKIP: this gdb has no Python"
	exit 77
fi
real=$(sed -n "s/^library_names='\([^ ']*\).*/\1/p" "$la" 2>/dev/null)
if [ -z "$real" ]; then
	echo "SKIP: no shared library (built with --disable-shared?): nothing to auto-load for"
	exit 77
fi
so=$(cd "$(dirname "$la")/.libs" && pwd -P)/$real
if [ ! -f "$so" ]; then
	echo "FAIL: $so does not exist"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fringe-gdb.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
autoload=$tmp/auto-load
mkdir -p "$autoload$(dirname "$so")"
cp "$script" "$autoload$so-gdb.py"

status=0
fail() {
	echo "FAIL: $*"
	status=1
}

# gdb with the auto-load directory and no other settings; the commands
# come as -ex arguments.
run_gdb() {
	"$GDB" -nx -batch \
		-iex 'set debuginfod enabled off' \
		-iex "set auto-load scripts-directory $autoload" \
		-iex "set auto-load safe-path $autoload" \
		-iex 'set auto-load python-scripts on' \
		-ex 'set pagination off' -ex 'set width 0' \
		"$@" 2>&1
}

# The commands whose output is checked, one per line.  Each one's output
# is preceded by a line "==== COMMAND" (see section).
suspended_commands='fringe bt gen_mapped
fringe bt gen_pool
fringe bt gen_caller
fringe bt gen_inner
fringe bt gen_outer
fringe bt ctx_sp ctx_stack
fringe bt gen_fresh
fringe bt gen_done
fringe backtrace all
fringe info gen_caller
fringe info gen_mapped
fringe generators
fringe stacks'
running_commands='fringe bt gen_running
fringe info gen_running
fringe bt gen_mapped
bt'

# -ex arguments for the commands of $1, in "$@" form: prints them.
ex_args() {
	printf '%s\n' "$1" | while IFS= read -r c; do
		printf -- "-ex\necho ==== %s\\\\n\n-ex\n%s\n" "$c" "$c"
	done
}

# The output of command $2 in the log $1 (of its $3th run, default 1).
section() {
	awk -v c="==== $2" -v which="${3:-1}" '
		$0 == c { on = ++seen == which; next }
		/^==== / { on = 0 }
		on' "$1"
}

# The line of the comment "MARK: $1" in gdb_helper.c.
mark() {
	grep -n "MARK: $1 \*/" "$source" | cut -d: -f1
}

# Check the backtrace of `fringe bt $2' in log $1: its frames are numbered
# from 0; the first frame in gdb_helper.c is at the line of mark $3; the
# last frame is the root frame; the functions $4... are among the frames.
check_bt() {
	log=$1 cmd=$2 line=$(mark "$3")
	shift 3
	out=$(section "$log" "$cmd")
	frames=$(printf '%s\n' "$out" | grep '^#')
	if [ -z "$frames" ]; then
		fail "$cmd: no frames"
		return
	fi
	first=$(printf '%s\n' "$frames" | grep -m1 'gdb_helper\.c:')
	case $first in
	*"gdb_helper.c:$line") ;;
	*) fail "$cmd: the first frame in gdb_helper.c is not at line $line: $first" ;;
	esac
	n=0
	printf '%s\n' "$frames" | while IFS= read -r f; do
		case $f in
		"#$n "*) ;;
		*) echo "FAIL: $cmd: frame $n is numbered wrongly: $f"; exit 1 ;;
		esac
		n=$((n + 1))
	done || status=1
	case $(printf '%s\n' "$frames" | tail -n 1) in
	*" in __morestack ("*) ;;
	*) fail "$cmd: the last frame is not the root frame __morestack" ;;
	esac
	for fn in "$@"; do
		printf '%s\n' "$frames" | grep -q " in $fn (" ||
			fail "$cmd: no frame of $fn"
	done
	for fn in main gdb_stop_suspended gdb_stop_running; do
		printf '%s\n' "$frames" | grep -q " in $fn (" &&
			fail "$cmd: a frame of $fn, which is not on that stack"
	done
	printf '%s\n' "$out" | grep -q "Backtrace stopped" &&
		fail "$cmd: the backtrace stopped early"
}

check_suspended() {
	log=$1
	check_bt "$log" "fringe bt gen_mapped" mapped deep mapped_body
	[ "$(section "$log" "fringe bt gen_mapped" | grep -c ' in deep (')" = 3 ] ||
		fail "fringe bt gen_mapped: not three frames of deep"
	check_bt "$log" "fringe bt gen_pool" pool pool_body
	check_bt "$log" "fringe bt gen_caller" caller caller_body
	check_bt "$log" "fringe bt gen_inner" inner inner_body
	section "$log" "fringe bt gen_inner" | grep -q ' in outer_body (' &&
		fail "fringe bt gen_inner: shows its resumer, outer_body"
	check_bt "$log" "fringe bt gen_outer" outer outer_body
	check_bt "$log" "fringe bt ctx_sp ctx_stack" context context_fn
	section "$log" "fringe bt gen_fresh" | grep -q "has not started: pool_body" ||
		fail "fringe bt gen_fresh: not reported as not started"
	section "$log" "fringe bt gen_done" |
		grep -q "has finished: its function returned 0x5eed" ||
		fail "fringe bt gen_done: not reported as finished"
	[ "$(section "$log" "fringe backtrace all" | grep -c '^Generator ')" = 5 ] ||
		fail "fringe backtrace all: not the five suspended generators"
}

# ---- the live process ----------------------------------------------------------

core=$tmp/core
IFS='
'
# shellcheck disable=SC2046 # one argument per line
live=$(run_gdb -ex 'break gdb_stop_suspended' -ex run \
	$(ex_args "$suspended_commands") \
	-ex 'echo ==== gcore\n' -ex "gcore $core" \
	-ex 'break gdb_stop_running' -ex continue \
	$(ex_args "$running_commands") \
	-ex 'echo ==== continue\n' -ex continue \
	"$helper")
unset IFS
printf '%s\n' "$live" >"$tmp/live.log"
echo "---- live process"
cat "$tmp/live.log"

case $live in
*"Breakpoint 1, "*) ;;
*)
	echo "SKIP: gdb could not run the helper program here"
	exit 77
	;;
esac
if printf '%s\n' "$live" | grep -q 'Undefined command: "fringe"'; then
	fail "gdb did not auto-load the extension from $autoload"
	exit 1
fi

check_suspended "$tmp/live.log"

info=$(section "$tmp/live.log" "fringe info gen_caller")
most=$(printf '%s\n' "$info" | sed -n 's/^ *at most: *\([0-9]*\) bytes (to the word.*/\1/p')
if [ -z "$most" ]; then
	fail "fringe info gen_caller: no high-water mark to the word"
elif [ "$most" -lt 4096 ] || [ "$most" -ge 65536 ]; then
	fail "fringe info gen_caller: $most bytes used at most, expected 4096 to 64 KiB"
fi
printf '%s\n' "$info" | grep -q "state: *suspended in fringe_generator_yield, at .*gdb_helper.c:$(mark caller)" ||
	fail "fringe info gen_caller: not suspended at the yield"
printf '%s\n' "$info" | grep -q "on caller memory.*painted" ||
	fail "fringe info gen_caller: not a painted stack on caller memory"
info=$(section "$tmp/live.log" "fringe info gen_mapped")
now=$(printf '%s\n' "$info" | sed -n 's/^ *in use now: *\([0-9]*\) bytes.*/\1/p')
most=$(printf '%s\n' "$info" | sed -n 's/^ *at most: *\([0-9]*\) bytes (to the page.*/\1/p')
if [ -z "$now" ] || [ -z "$most" ] || [ "$now" -le 0 ] || [ "$most" -lt "$now" ]; then
	fail "fringe info gen_mapped: in use now '$now', at most '$most'"
fi
[ "$(section "$tmp/live.log" "fringe generators" | tail -n 1)" = "8 generators." ] ||
	fail "fringe generators: not the 8 live generators"
[ "$(section "$tmp/live.log" "fringe stacks" | tail -n 1)" = "9 stacks." ] ||
	fail "fringe stacks: not the 9 live stacks"

section "$tmp/live.log" "fringe bt gen_running" | grep -q "is running on thread 1" ||
	fail "fringe bt gen_running: not reported as running on thread 1"
[ "$(section "$tmp/live.log" "fringe bt gen_mapped" 2)" = \
  "$(section "$tmp/live.log" "fringe bt gen_mapped" 1)" ] ||
	fail "fringe bt gen_mapped from inside a running generator differs"
bt=$(section "$tmp/live.log" bt)
for fn in gdb_stop_running running_body main; do
	printf '%s\n' "$bt" | grep -q " $fn " ||
		fail "bt in the running generator: no frame of $fn"
done
printf '%s\n' "$bt" | grep -q " deep " &&
	fail "bt in the running generator shows a suspended generator's frames"
printf '%s\n' "$live" | grep -q "gdb_helper: ok" ||
	fail "the program did not finish well after the commands"

# ---- the core file --------------------------------------------------------------

if [ ! -s "$core" ]; then
	fail "gcore wrote no core file"
	exit 1
fi
IFS='
'
# shellcheck disable=SC2046 # one argument per line
run_gdb $(ex_args "$suspended_commands") "$helper" "$core" >"$tmp/core.log"
unset IFS
echo "---- core file"
cat "$tmp/core.log"
check_suspended "$tmp/core.log"
for c in "fringe bt gen_mapped" "fringe bt gen_pool" "fringe bt gen_caller" \
	"fringe bt gen_inner" "fringe bt gen_outer" "fringe bt ctx_sp ctx_stack"; do
	[ "$(section "$tmp/live.log" "$c")" = "$(section "$tmp/core.log" "$c")" ] ||
		fail "$c: the core file's backtrace differs from the live one"
done

exit $status
