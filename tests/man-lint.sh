#!/bin/sh
# man-lint.sh - every manual page is clean for the tools that read it.
#
# Covers, for each page man/Makefile.inc installs:
#   - full pages: `mandoc -Tlint -W warning` and `groff -t -man -ww -z`
#     print nothing; man-db renders the page without a warning, the way
#     lintian checks it; lexgrog parses its NAME section (whatis, apropos);
#     .TH names the page and its section; the section headings are those
#     of man-pages(7), in its order, and include the ones every page of
#     that section must have (RETURN VALUE, ERRORS, ATTRIBUTES, EXAMPLES...
#     in section 3);
#   - alias pages: a single `.so man<N>/<page>` line whose target is a
#     full page, and which renders, in a man<N>/ layout like the installed
#     one, as that page;
#   - every page in man/ is listed in man/Makefile.inc.
#
# Limits: each tool's checks are skipped, with a message, when the tool is
# missing (mandoc, groff, man and lexgrog from man-db); the whole test is
# skipped (77) when none is there.  Spelling and wording are not checked.
#
# Environment: srcdir, FRINGE_MAN_PAGES (the pages to check, relative to
# srcdir; default: all of man/).

srcdir=${srcdir:-.}
if [ -n "${FRINGE_MAN_PAGES:-}" ]; then
	pages=$FRINGE_MAN_PAGES
else
	pages=$(cd "$srcdir" && ls man/*.[0-9])
fi

have() { command -v "$1" >/dev/null 2>&1; }
tools=
for t in mandoc groff man lexgrog; do
	if have "$t"; then
		tools="$tools $t"
	else
		echo "note: $t is not installed: its checks are skipped"
	fi
done
if [ -z "$tools" ]; then
	echo "SKIP: none of mandoc, groff, man, lexgrog is installed"
	exit 77
fi
have_tool() { case " $tools " in *" $1 "*) return 0 ;; esac; return 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fringe-manlint.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

status=0
fail() {
	echo "FAIL: $*"
	status=1
}

# Every page in man/ is installed.  (The list, on one line.)
# shellcheck disable=SC2086,SC2116
listed=" $(echo $pages) "
for f in "$srcdir"/man/*.[0-9]; do
	rel=man/$(basename "$f")
	case $listed in
	*" $rel "*) ;;
	*) fail "$rel is not listed in man/Makefile.inc" ;;
	esac
done

# An installed-style tree: man3/, man7/.
for p in $pages; do
	f=$(basename "$p")
	sec=${f##*.}
	mkdir -p "$tmp/man$sec"
	cp "$srcdir/$p" "$tmp/man$sec/$f" || fail "$p is missing"
done

# The headings of man-pages(7), in order.
order='NAME
LIBRARY
SYNOPSIS
CONFIGURATION
DESCRIPTION
OPTIONS
EXIT STATUS
RETURN VALUE
ERRORS
ENVIRONMENT
FILES
ATTRIBUTES
VERSIONS
STANDARDS
HISTORY
NOTES
CAVEATS
BUGS
EXAMPLES
AUTHORS
REPORTING BUGS
COPYRIGHT
SEE ALSO'

required() {
	case $1 in
	3) printf '%s\n' NAME LIBRARY SYNOPSIS DESCRIPTION "RETURN VALUE" \
		ERRORS ATTRIBUTES EXAMPLES "SEE ALSO" ;;
	*) printf '%s\n' NAME DESCRIPTION "SEE ALSO" ;;
	esac
}

# Run a checker; it must succeed and print nothing.
silent() {
	what=$1
	shift
	if ! out=$("$@" 2>&1) || [ -n "$out" ]; then
		fail "$what:"
		printf '%s\n' "$out" | sed 's/^/    /'
	fi
}

full=0
aliases=0
for p in $pages; do
	f=$(basename "$p")
	sec=${f##*.}
	page=$tmp/man$sec/$f
	[ -f "$page" ] || continue
	first=$(sed -n 1p "$page")
	case $first in
	.so\ *)
		aliases=$((aliases + 1))
		target=${first#.so }
		if [ "$(wc -l <"$page")" -ne 1 ]; then
			fail "$p: an alias page must be the one .so line"
		fi
		case $target in
		man[0-9]/*.[0-9]) ;;
		*)
			fail "$p: .so target $target is not man<N>/<page>.<N>"
			continue
			;;
		esac
		if [ ! -f "$tmp/$target" ]; then
			fail "$p: .so target $target is not an installed page"
			continue
		fi
		case $(sed -n 1p "$tmp/$target") in
		.so\ *) fail "$p: .so target $target is itself an alias" ;;
		esac
		if have_tool man; then
			# man resolves .so against the current directory,
			# the top of the man tree.
			a=$(cd "$tmp" && MANWIDTH=80 man -l "man$sec/$f" 2>&1)
			b=$(cd "$tmp" && MANWIDTH=80 man -l "$target" 2>&1)
			if [ -z "$a" ] || [ "$a" != "$b" ]; then
				fail "$p: does not render as $target"
			fi
		fi
		continue
		;;
	esac

	full=$((full + 1))
	# .TH title section
	th=$(sed -n 's/^\.TH \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$page")
	[ "$th" = "${f%.*} $sec" ] ||
		fail "$p: .TH says \"$th\", expected \"${f%.*} $sec\""

	# Section headings: known, in order, and the required ones present.
	sed -n 's/^\.SH *//p' "$page" | sed 's/"//g' >"$tmp/headings"
	last=0
	while read -r h; do
		n=$(printf '%s\n' "$order" | grep -nx "$h" | cut -d: -f1)
		if [ -z "$n" ]; then
			fail "$p: section \"$h\" is not a man-pages(7) section"
		elif [ "$n" -le "$last" ]; then
			fail "$p: section \"$h\" is out of the man-pages(7) order"
		else
			last=$n
		fi
	done <"$tmp/headings"
	required "$sec" | while read -r h; do
		grep -qx "$h" "$tmp/headings" || echo "FAIL: $p: no $h section"
	done >"$tmp/missing"
	if [ -s "$tmp/missing" ]; then
		cat "$tmp/missing"
		status=1
	fi

	if have_tool mandoc; then
		silent "$p: mandoc -Tlint -W warning" mandoc -Tlint -W warning "$page"
	fi
	if have_tool groff; then
		silent "$p: groff -t -man -ww -z" groff -t -man -ww -z "$page"
	fi
	if have_tool man; then
		# What lintian runs for manpage-has-errors-from-man.
		if ! out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
			man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null) ||
			[ -n "$out" ]; then
			fail "$p: man --warnings:"
			printf '%s\n' "$out" | sed 's/^/    /'
		fi
	fi
	if have_tool lexgrog; then
		lexgrog "$page" >/dev/null 2>&1 ||
			fail "$p: lexgrog cannot parse its NAME section"
	fi
done

if [ $status -eq 0 ]; then
	echo "PASS: $full pages and $aliases aliases checked with:$tools"
fi
exit $status
