/*
 * 64-bit MIPS, n64 ABI, hard float: s0-s7, fp (s8), gp, $f24-$f31 and
 * the FCSR's control fields.  The FCSR mask covers the rounding mode, the
 * enables and FS (flush to zero); the patterns enable no exception.
 *
 * gp is callee-saved in n64, but every function that needs it computes it
 * from its own address, and both sides of a switch run the library's
 * code: a switch that did not save gp would still find the library's
 * value there.  It is compared all the same, so a switch that corrupts
 * it fails.  Word order matches regs.S.
 */
#if defined(__mips_hard_float) && defined(_ABI64) && _MIPS_SIM == _ABI64
#define FRINGE_TEST_NREGS 19
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "s0", 0x1010101010101010u, 0xe0e0e0e0e0e0e0e0u, ~0ull },   \
		{ "s1", 0x1111111111111111u, 0xe1e1e1e1e1e1e1e1u, ~0ull },   \
		{ "s2", 0x1212121212121212u, 0xe2e2e2e2e2e2e2e2u, ~0ull },   \
		{ "s3", 0x1313131313131313u, 0xe3e3e3e3e3e3e3e3u, ~0ull },   \
		{ "s4", 0x1414141414141414u, 0xe4e4e4e4e4e4e4e4u, ~0ull },   \
		{ "s5", 0x1515151515151515u, 0xe5e5e5e5e5e5e5e5u, ~0ull },   \
		{ "s6", 0x1616161616161616u, 0xe6e6e6e6e6e6e6e6u, ~0ull },   \
		{ "s7", 0x1717171717171717u, 0xe7e7e7e7e7e7e7e7u, ~0ull },   \
		{ "fp", 0x1e1e1e1e1e1e1e1eu, 0xeeeeeeeeeeeeeeeeu, ~0ull },   \
		{ "gp", 0x1c1c1c1c1c1c1c1cu, 0xececececececececu, ~0ull },   \
		{ "f24", 0x3838383838383838u, 0xc8c8c8c8c8c8c8c8u, ~0ull },  \
		{ "f25", 0x3939393939393939u, 0xc9c9c9c9c9c9c9c9u, ~0ull },  \
		{ "f26", 0x3a3a3a3a3a3a3a3au, 0xcacacacacacacacau, ~0ull },  \
		{ "f27", 0x3b3b3b3b3b3b3b3bu, 0xcbcbcbcbcbcbcbcbu, ~0ull },  \
		{ "f28", 0x3c3c3c3c3c3c3c3cu, 0xccccccccccccccccu, ~0ull },  \
		{ "f29", 0x3d3d3d3d3d3d3d3du, 0xcdcdcdcdcdcdcdcdu, ~0ull },  \
		{ "f30", 0x3e3e3e3e3e3e3e3eu, 0xcecececececececeu, ~0ull },  \
		{ "f31", 0x3f3f3f3f3f3f3f3fu, 0xcfcfcfcfcfcfcfcfu, ~0ull },  \
		/* FS + round up / round down with the inexact flag set */   \
		{ "fcsr", 0x01000002u, 0x00000007u, 0x01000f83u },           \
	}
#else /* soft float, or not n64: no helper */
#define FRINGE_TEST_NREGS 0
#endif
