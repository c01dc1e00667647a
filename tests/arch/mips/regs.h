/*
 * 32-bit MIPS, o32 ABI, hard float: s0-s7, fp (s8), the even FP registers
 * $f20-$f30 (as 64-bit doubles, which covers the odd halves under FR=0)
 * and the FCSR's control fields.  Core registers take the low half of
 * their 64-bit word, the high half 0.  gp is not callee-saved in o32 PIC
 * code (every caller restores its own), so it is not compared.  The FCSR
 * mask covers the rounding mode, the enables and FS (flush to zero); the
 * patterns enable no exception.  Word order matches regs.S.
 */
#if defined(__mips_hard_float) && defined(_ABIO32) && _MIPS_SIM == _ABIO32
#define FRINGE_TEST_NREGS 16
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "s0", 0x10101010u, 0xefefef0fu, ~0ull },                   \
		{ "s1", 0x11111111u, 0xeeeeee1eu, ~0ull },                   \
		{ "s2", 0x12121212u, 0xededed2du, ~0ull },                   \
		{ "s3", 0x13131313u, 0xececec3cu, ~0ull },                   \
		{ "s4", 0x14141414u, 0xebebeb4bu, ~0ull },                   \
		{ "s5", 0x15151515u, 0xeaeaea5au, ~0ull },                   \
		{ "s6", 0x16161616u, 0xe9e9e969u, ~0ull },                   \
		{ "s7", 0x17171717u, 0xe8e8e878u, ~0ull },                   \
		{ "fp", 0x1e1e1e1eu, 0xe1e1e1e1u, ~0ull },                   \
		{ "f20", 0x3414141414141414u, 0xcbebebebebebeb14u, ~0ull },  \
		{ "f22", 0x3616161616161616u, 0xc9e9e9e9e9e9e916u, ~0ull },  \
		{ "f24", 0x3818181818181818u, 0xc7e7e7e7e7e7e718u, ~0ull },  \
		{ "f26", 0x3a1a1a1a1a1a1a1au, 0xc5e5e5e5e5e5e51au, ~0ull },  \
		{ "f28", 0x3c1c1c1c1c1c1c1cu, 0xc3e3e3e3e3e3e31cu, ~0ull },  \
		{ "f30", 0x3e1e1e1e1e1e1e1eu, 0xc1e1e1e1e1e1e11eu, ~0ull },  \
		/* FS + round up / round down with the inexact flag set */   \
		{ "fcsr", 0x01000002u, 0x00000007u, 0x01000f83u },           \
	}
#else /* soft float, or not o32: no helper */
#define FRINGE_TEST_NREGS 0
#endif
