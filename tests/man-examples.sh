#!/bin/sh
# man-examples.sh - the example programs of the manual pages work.
#
# Covers: every program in an EXAMPLES section (the .EX/.EE block after
# ".SS Program source") is extracted, turned from roff back into C,
# compiled without a single warning, linked against libfringe-c, and run
# with the arguments of the shell session the page shows ("$ ./a.out
# ARGS"); it must exit with status 0 and print exactly the output the page
# shows.  Every section 3 page that is not an alias must have a program.
#
# Limits: a page whose sample output depends on the machine says so in a
# roff comment.  With ".\" example-output: on CPU with N-byte pages" the
# output is compared where the CPU (FRINGE_HOST_CPU, else uname -m) and
# the page size are those, and only run elsewhere; with
# ".\" example-output: varies ..." it is never compared.  Either way the
# program must run and exit with 0.  A program meant to
# end in abort() (.\" example-exit: abort) must end so, with status 134
# (3 on Windows, FRINGE_HOST_OS).  In a cross build
# the programs are only compiled, unless FRINGE_EXAMPLE_RUNNER names an
# emulator.
#
# Environment:
#   srcdir, FRINGE_MAN_PAGES    the pages, as in man-lint.sh
#   FRINGE_EXAMPLE_CC           compiler command, followed by -o OUT SRC
#                               (default: cc with pkg-config's flags)
#   FRINGE_EXAMPLE_LIBS         what to link after SRC (default: pkg-config)
#   FRINGE_EXAMPLE_RUNNER       command to run the programs with
#   FRINGE_CROSS                yes: do not run without a runner
#   FRINGE_HOST_OS              the host's system (configure's host_os)

srcdir=${srcdir:-.}
if [ -n "${FRINGE_MAN_PAGES:-}" ]; then
	pages=$FRINGE_MAN_PAGES
else
	pages=$(cd "$srcdir" && ls man/*.[0-9])
fi
if [ -z "${FRINGE_EXAMPLE_CC:-}" ]; then
	if ! flags=$(pkg-config --cflags fringe) ||
		! libs=$(pkg-config --libs fringe); then
		echo "SKIP: no FRINGE_EXAMPLE_CC and pkg-config does not know fringe"
		exit 77
	fi
	FRINGE_EXAMPLE_CC="${CC:-cc} ${CFLAGS:-} $flags"
	FRINGE_EXAMPLE_LIBS=${FRINGE_EXAMPLE_LIBS:-$libs}
fi
runner=${FRINGE_EXAMPLE_RUNNER:-}
run=yes
if [ "${FRINGE_CROSS:-no}" = yes ] && [ -z "$runner" ]; then
	echo "note: cross build without an emulator: examples are compiled, not run"
	run=no
fi
# What abort() leaves as the exit status: 128 + SIGABRT from the shell,
# 3 on Windows.
case ${FRINGE_HOST_OS:-} in
mingw* | cygwin* | windows*) abort_status=3 ;;
*) abort_status=134 ;;
esac
timeout=
command -v timeout >/dev/null 2>&1 && timeout="timeout 120"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fringe-examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

status=0
fail() {
	echo "FAIL: $*"
	status=1
}

# roff as used in .EX blocks, back to plain text: \e is a backslash, \-
# a minus, \(aq \(dq \(ga quotes, \fB.. \fP fonts, \& nothing.  Comment
# lines go.  \e is swapped out first so that "\e-" stays "\-".
bs=$(printf '\001')
unroff() {
	sed -e '/^\.\\"/d' \
		-e "s/\\\\e/$bs/g" \
		-e 's/\\-/-/g' \
		-e "s/\\\\(aq/'/g" \
		-e 's/\\(dq/"/g' \
		-e 's/\\(ga/`/g' \
		-e 's/\\(ti/~/g' \
		-e 's/\\(ha/^/g' \
		-e 's/\\&//g' \
		-e 's/\\f[BIRP]//g' \
		-e 's/\\f(CW//g' \
		-e "s/$bs/\\\\/g"
}

programs=0
for p in $pages; do
	page=$srcdir/$p
	f=$(basename "$p")
	sec=${f##*.}
	case $(sed -n 1p "$page") in
	.so\ *) continue ;; # an alias
	esac
	# The programs: numbered files name.N.c, one per ".SS Program source".
	awk -v out="$tmp/${f%.*}" '
		/^\.SS +"?Program source"?/ { want = 1; next }
		want && /^\.EX/ { n++; inblock = 1; want = 0; next }
		inblock && /^\.EE/ { inblock = 0; close(file); next }
		inblock { file = out "." n ".roff"; print > file }
	' "$page"
	# The shell session shown before the first program: the first .EX
	# block in EXAMPLES whose first line is a "$ " prompt.
	sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$page" | awk '
		/^\.EX/ { inblock = 1; first = 1; next }
		/^\.EE/ { if (taken) exit; inblock = 0; next }
		inblock && first { first = 0; if ($0 ~ /^\$ /) taken = 1 }
		inblock && taken { print }
	' | unroff >"$tmp/session"
	set -- "$tmp/${f%.*}".*.roff
	if [ ! -f "$1" ]; then
		if [ "$sec" = 3 ]; then
			fail "$p: no program in EXAMPLES (.SS Program source, .EX ... .EE)"
		fi
		continue
	fi
	for roff in "$@"; do
		programs=$((programs + 1))
		src=${roff%.roff}.c
		exe=${roff%.roff}
		unroff <"$roff" >"$src"
		name="$p, program $(echo "$exe" | sed 's/.*\.//')"
		# shellcheck disable=SC2086 # the commands are word lists
		if ! out=$($FRINGE_EXAMPLE_CC -o "$exe" "$src" $FRINGE_EXAMPLE_LIBS 2>&1) ||
			[ -n "$out" ]; then
			fail "$name does not compile cleanly:"
			printf '%s\n' "$out" | sed 's/^/    /'
			continue
		fi
		[ $run = yes ] || continue
		# Arguments and expected output from the session.
		args=$(sed -n '1s/^\$ *[^ ]*a\.out *//p' "$tmp/session")
		sed 1d "$tmp/session" >"$tmp/expected"
		# shellcheck disable=SC2086
		$timeout $runner "$exe" $args >"$tmp/output" 2>"$tmp/stderr"
		rc=$?
		# A page whose program is meant to end in abort() says so:
		# .\" example-exit: abort
		want=0
		if grep -q '^\.\\" example-exit: abort' "$page"; then
			want=$abort_status
		fi
		if [ $rc -ne $want ]; then
			fail "$name exited with status $rc, not $want:"
			sed 's/^/    /' "$tmp/stderr"
			continue
		fi
		if [ ! -s "$tmp/session" ]; then
			echo "note: $name: the page shows no sample session; output not compared"
			continue
		fi
		if grep -q '^\.\\" example-output: varies' "$page"; then
			echo "note: $name: its page says the output varies; not compared"
			continue
		fi
		where=$(sed -n 's/^\.\\" example-output: on \([^ ]*\) with \([0-9]*\)-byte pages.*/\1 \2/p' "$page")
		if [ -n "$where" ]; then
			set -- $where
			cpu=${FRINGE_HOST_CPU:-$(uname -m)}
			pagesize=$(getconf PAGESIZE 2>/dev/null || echo unknown)
			if [ "$cpu" != "$1" ] || [ "$pagesize" != "$2" ]; then
				echo "note: $name: its output is for $1 with $2-byte pages, not $cpu with $pagesize; not compared"
				continue
			fi
		fi
		# Windows writes text with CR LF line ends.
		tr -d '\r' <"$tmp/output" >"$tmp/output.lf" &&
			mv "$tmp/output.lf" "$tmp/output"
		if ! cmp -s "$tmp/expected" "$tmp/output"; then
			fail "$name prints something else than its page shows:"
			diff -u "$tmp/expected" "$tmp/output" | sed 's/^/    /'
		fi
	done
	rm -f "$tmp/${f%.*}".*
done

if [ $programs -eq 0 ]; then
	fail "no example program found"
fi
if [ $status -eq 0 ]; then
	if [ $run = yes ]; then
		echo "PASS: $programs example programs compiled, run, and print what their pages show"
	else
		echo "PASS: $programs example programs compiled"
	fi
fi
exit $status
