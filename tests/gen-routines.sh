#!/bin/sh
# gen-routines.sh - generators switch through the routines configure
# chose for this build (lib/arch/README).
#
# Covers: with a hand-written backend (config.h defines
# FRINGE_NATIVE_GENERATORS), the library holds the backend's six
# generator routines, each a function of the backend's object with a
# size, and none of the generic code of lib/arch/generators-generic.c;
# with the ucontext backend or in a sanitizer build, the generic
# routines, and in a sanitizer build the backend's own under their
# renamed names (fringe__bare_...), unused.  Where config.h defines
# FRINGE_GEN_ENTRIES, the public fringe_generator_resume and
# fringe_generator_yield are the backend's and lib/generator.c's are there
# under their hidden names, for the backend to jump to; elsewhere the C
# ones are the public ones and the hidden names do not exist.
#
# Limits: reads the symbol table of the built library with $FRINGE_NM
# (libtool's NM, so cross builds use the target's nm); that the C resume
# and yield end in jumps to these routines is seen in a disassembly, not
# here.  Skipped (77) when no shared library was built or its symbol
# table was stripped.
#
# Environment: FRINGE_NM, FRINGE_LA (the .la of the library).

NM=${FRINGE_NM:-nm}
la=${FRINGE_LA:-lib/libfringe-c.la}

dlname=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$la" 2>/dev/null)
if [ -z "$dlname" ]; then
	echo "SKIP: $la names no shared library (built with --disable-shared?)"
	exit 77
fi
so=$(dirname "$la")/.libs/$dlname
syms=$($NM -S "$so" 2>/dev/null)
if ! printf '%s\n' "$syms" | grep -q ' fringe__gen_make$'; then
	echo "SKIP: $so has no symbol table to read"
	exit 77
fi

# has NAME: the library defines a function NAME (with its size, where
# the object format records one: not in a DLL).
has() {
	printf '%s\n' "$syms" |
		grep -q "^[0-9a-f]* \([0-9a-f]* \)\{0,1\}[tT] $1\$"
}

status=0
routines="fringe__gen_resume fringe__gen_yield fringe__gen_return
	fringe__gen_resume_shared fringe__gen_yield_shared
	fringe__gen_return_shared"
for r in $routines; do
	if ! has "$r"; then
		echo "FAIL: $r is not a function of the library"
		status=1
	fi
done
if grep -q '^#define FRINGE_NATIVE_GENERATORS 1' config.h; then
	echo "generators: the backend's own routines"
	if has generic_entry; then
		echo "FAIL: the generic generator routines are in the library"
		status=1
	fi
else
	echo "generators: the generic routines"
	if ! has generic_entry; then
		echo "FAIL: the generic generator routines are missing"
		status=1
	fi
	if grep -q '^#define FRINGE_SANITIZE_FIBERS 1' config.h; then
		for r in $routines; do
			bare=fringe__bare_${r#fringe__}
			if ! has "$bare"; then
				echo "FAIL: the backend's $r is not there as $bare"
				status=1
			fi
		done
	fi
fi

for f in resume yield; do
	if ! has "fringe_generator_$f"; then
		echo "FAIL: fringe_generator_$f is not a function of the library"
		status=1
	fi
	if grep -q '^#define FRINGE_GEN_ENTRIES 1' config.h; then
		if ! has "fringe__generator_$f"; then
			echo "FAIL: the backend defines fringe_generator_$f, but the C one it falls back on (fringe__generator_$f) is missing"
			status=1
		fi
	elif has "fringe__generator_$f"; then
		echo "FAIL: fringe__generator_$f exists, but the backend does not define fringe_generator_$f"
		status=1
	fi
done
exit $status
