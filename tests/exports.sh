#!/bin/sh
# exports.sh - nothing leaves the shared library undeclared or undocumented.
#
# Covers: the dynamic symbols the built libfringe-c.so defines, compared
# with every place that must list them:
#   - lib/libfringe-c.map: each exported symbol is listed, in the node
#     whose version the symbol carries, and the map lists nothing that is
#     not exported;
#   - debian/libfringe-c1.symbols (when the source tree has debian/): the
#     same set, each symbol with its version node;
#   - abi/libfringe-c.abi, the ABI baseline: the same set, so that new API
#     cannot be added without regenerating it (make abi-baseline);
#   - man/<symbol>.3: a page or a one-line .so alias, listed in
#     man/Makefile.inc so that it is installed, whose target page names
#     the symbol in its NAME section (so `man 3 <symbol>` finds it).
# Every exported symbol must also be a public name: fringe_<...>, never an
# internal fringe__<...> one.
#
# Limits: reads the symbol table with $FRINGE_NM (libtool's NM, so cross
# builds use the target's nm), a DLL's export table with $FRINGE_OBJDUMP;
# does not look at the types (that is the
# job of `make check-abi`).  Skipped (77) when no shared library was built.
#
# Environment: srcdir, FRINGE_NM, FRINGE_OBJDUMP, FRINGE_LA (the .la of the library),
# FRINGE_MAN_PAGES (the pages man/Makefile.inc installs).

srcdir=${srcdir:-.}
NM=${FRINGE_NM:-nm}
OBJDUMP=${FRINGE_OBJDUMP:-objdump}
la=${FRINGE_LA:-lib/libfringe-c.la}
map=$srcdir/lib/libfringe-c.map
symbols=$srcdir/debian/libfringe-c1.symbols
baseline=$srcdir/abi/libfringe-c.abi

dlname=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$la" 2>/dev/null)
if [ -z "$dlname" ]; then
	echo "SKIP: $la names no shared library (built with --disable-shared?)"
	exit 77
fi
so=$(dirname "$la")/.libs/$dlname
if [ ! -f "$so" ]; then
	echo "FAIL: $so does not exist"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fringe-exports.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# "name version" for every defined dynamic symbol; version "-" when the
# library is not versioned.  Version definitions themselves (the absolute
# symbol named after each node) are left out.  A DLL (Windows) has no
# dynamic symbol table and no versions: its export table is read.
case $so in
*.dll)
	# shellcheck disable=SC2086
	if ! $OBJDUMP -p "$so" >"$tmp/pe"; then
		echo "FAIL: $OBJDUMP -p $so failed"
		exit 1
	fi
	# The "[Ordinal/Name Pointer] Table" lines: "	[   N] name".
	sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/s/^[[:space:]]*\[ *[0-9]*\] \(.*\)$/\1 -/p' \
		"$tmp/pe" | sort >"$tmp/exported"
	;;
*)
	# shellcheck disable=SC2086 # NM may carry options, e.g. "nm -B"
	if ! $NM -D --defined-only "$so" >"$tmp/nm"; then
		echo "FAIL: $NM -D --defined-only $so failed"
		exit 1
	fi
	awk '$2 != "A" && NF >= 3 {
		n = $3; v = "-"
		if ((i = index(n, "@")) > 0) { v = substr(n, i); sub(/^@+/, "", v); n = substr(n, 1, i - 1) }
		print n, v
	}' "$tmp/nm" | sort >"$tmp/exported"
	;;
esac
if [ ! -s "$tmp/exported" ]; then
	echo "FAIL: $so exports nothing"
	exit 1
fi
cut -d' ' -f1 "$tmp/exported" >"$tmp/names"

# "symbol node" for every global symbol of the version script.
awk '
{ text = text $0 "\n" }
END {
	out = ""
	while ((i = index(text, "/*")) > 0) {
		out = out substr(text, 1, i - 1)
		text = substr(text, i + 2)
		j = index(text, "*/")
		text = j > 0 ? substr(text, j + 2) : ""
	}
	out = out text
	gsub(/[{};:]/, " & ", out)
	n = split(out, tok, /[ \t\n]+/)
	inside = 0; prev = ""
	for (k = 1; k <= n; k++) {
		t = tok[k]
		if (t == "") continue
		if (t == "{") { node = prev; inside = 1; scope = "global" }
		else if (t == "}") inside = 0
		else if (inside && (t == "global" || t == "local") && tok[k + 1] == ":") { scope = t; k++ }
		else if (inside && t != ";" && scope == "global") print t, node
		prev = t
	}
}' "$map" | sort >"$tmp/map"

status=0
fail() {
	echo "FAIL: $*"
	status=1
}

while read -r name version; do
	case $name in
	fringe__*) fail "$name is exported but is an internal name" ;;
	fringe_*) ;;
	*) fail "$name is exported but is not a fringe_ name" ;;
	esac
	node=$(awk -v s="$name" '$1 == s { print $2 }' "$tmp/map")
	if [ -z "$node" ]; then
		fail "$name is exported but not listed in lib/libfringe-c.map"
	elif [ "$version" != - ] && [ "$version" != "$node" ]; then
		fail "$name has version $version but lib/libfringe-c.map lists it in $node"
	fi
done <"$tmp/exported"
cut -d' ' -f1 "$tmp/map" | while read -r name; do
	grep -qx "$name" "$tmp/names" ||
		echo "FAIL: lib/libfringe-c.map lists $name, which the library does not export"
done >"$tmp/stale"
if [ -s "$tmp/stale" ]; then
	cat "$tmp/stale"
	status=1
fi

# debian/libfringe-c1.symbols: " name@VERSION minimum-version" lines.
if [ -f "$symbols" ]; then
	sed -n 's/^ \([^ @]*\)@\([^ ]*\) .*/\1 \2/p' "$symbols" | sort >"$tmp/deb"
	while read -r name version; do
		v=$(awk -v s="$name" '$1 == s { print $2 }' "$tmp/deb")
		if [ -z "$v" ]; then
			fail "$name is exported but not in debian/libfringe-c1.symbols (make update-symbols)"
		elif [ "$version" != - ] && [ "$v" != "$version" ]; then
			fail "$name has version $version but debian/libfringe-c1.symbols says $v"
		fi
	done <"$tmp/exported"
	nodes=$(cut -d' ' -f2 "$tmp/map" | sort -u)
	while read -r name version; do
		# The version nodes themselves are listed as NODE@NODE.
		if [ "$name" = "$version" ] && printf '%s\n' "$nodes" | grep -qx "$name"; then
			continue
		fi
		grep -qx "$name" "$tmp/names" ||
			fail "debian/libfringe-c1.symbols lists $name, which the library does not export"
	done <"$tmp/deb"
else
	echo "note: no debian/ in the source tree; symbols file not checked"
fi

# The ABI baseline: <elf-symbol name='...' ...> elements.
if [ -f "$baseline" ]; then
	sed -n "s/^ *<elf-symbol name='\([^']*\)'.*/\1/p" "$baseline" | sort >"$tmp/abi"
	while read -r name; do
		grep -qx "$name" "$tmp/abi" ||
			fail "$name is exported but not in abi/libfringe-c.abi (make abi-baseline)"
	done <"$tmp/names"
	while read -r name; do
		grep -qx "$name" "$tmp/names" ||
			fail "abi/libfringe-c.abi has $name, which the library no longer exports"
	done <"$tmp/abi"
else
	fail "abi/libfringe-c.abi is missing"
fi

# Manual pages.  NAME section of a page: the lines after ".SH NAME" up to
# the next request, split at commas, up to the "\-".
names_of_page() {
	sed -n '/^\.SH NAME/,/^\.S[HS] /{/^\.S[HS] /!p;}' "$1" |
		sed 's/\\-.*//' | tr ',' '\n' | sed 's/^[ 	]*//; s/[ 	]*$//' |
		grep -v '^$'
}
while read -r name; do
	page=$srcdir/man/$name.3
	if [ ! -f "$page" ]; then
		fail "$name is exported but has no manual page man/$name.3"
		continue
	fi
	case " $FRINGE_MAN_PAGES " in
	*" man/$name.3 "*) ;;
	*) fail "man/$name.3 is not listed in man/Makefile.inc, so it is not installed" ;;
	esac
	target=$page
	first=$(sed -n 1p "$page")
	case $first in
	".so man3/"*)
		target=$srcdir/man/${first#.so man3/}
		if [ "$(wc -l <"$page")" -ne 1 ]; then
			fail "man/$name.3 is an alias page but has more than one line"
		fi
		if [ ! -f "$target" ]; then
			fail "man/$name.3 is an alias of a missing page: $first"
			continue
		fi
		;;
	esac
	names_of_page "$target" | grep -qx "$name" ||
		fail "the NAME section of $(basename "$target") does not list $name"
done <"$tmp/names"

count=$(wc -l <"$tmp/names")
if [ $status -eq 0 ]; then
	echo "PASS: $count exported symbols, each in the map, the symbols file, the ABI baseline and a manual page"
fi
exit $status
