/*
 * s390x (ELF ABI s390x Supplement): r6-r13, f8-f15 (as 64-bit words) and
 * the control fields of the FPC (IEEE exception masks, DFP rounding mode,
 * BFP rounding mode; not the IEEE flags or the DXC).  r14 and r15 (return
 * address, stack pointer) cannot carry patterns.  Word order matches
 * regs.S.
 */
#define FRINGE_TEST_NREGS 17
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "r6", 0x1111111111111111u, 0xeeeeeeeeeeeeeee1u, ~0ull },   \
		{ "r7", 0x2222222222222222u, 0xddddddddddddddd2u, ~0ull },   \
		{ "r8", 0x3333333333333333u, 0xccccccccccccccc3u, ~0ull },   \
		{ "r9", 0x4444444444444444u, 0xbbbbbbbbbbbbbbb4u, ~0ull },   \
		{ "r10", 0x5555555555555555u, 0xaaaaaaaaaaaaaaa5u, ~0ull },  \
		{ "r11", 0x6666666666666666u, 0x9999999999999996u, ~0ull },  \
		{ "r12", 0x7777777777777777u, 0x8888888888888887u, ~0ull },  \
		{ "r13", 0x0123456789abcdefu, 0xfedcba9876543210u, ~0ull },  \
		{ "f8", 0x3ff0000000000008u, 0xc0000000000000f8u, ~0ull },   \
		{ "f9", 0x4000000000000009u, 0xbff00000000000f9u, ~0ull },   \
		{ "f10", 0x401000000000000au, 0xc0100000000000fau, ~0ull },  \
		{ "f11", 0x402000000000000bu, 0xc0200000000000fbu, ~0ull },  \
		{ "f12", 0x403000000000000cu, 0xc0300000000000fcu, ~0ull },  \
		{ "f13", 0x404000000000000du, 0xc0400000000000fdu, ~0ull },  \
		{ "f14", 0x405000000000000eu, 0xc0500000000000feu, ~0ull },  \
		{ "f15", 0x406000000000000fu, 0xc0600000000000ffu, ~0ull },  \
		/* invalid-op trap, DFP to +inf, BFP to zero /               \
		 * divide-by-zero trap, DFP nearest ties to 0, BFP to -inf */ \
		{ "fpc", 0x80000021u, 0x40000053u, 0xfc000077u },            \
	}
