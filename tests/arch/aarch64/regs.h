/*
 * AArch64 AAPCS64: x19-x28, x29 (fp), the low 64 bits of v8-v15 (d8-d15,
 * as 64-bit words) and the FPCR control fields a switch takes over (AH,
 * FIZ, the trap enables, rounding mode, flush-to-zero).  The FPCR
 * patterns differ in rounding mode and flush-to-zero only: trap-enable
 * bits are left clear, as they would trap where implemented, and AH/FIZ
 * need FEAT_AFP.  Word order matches regs.S.
 */
#define FRINGE_TEST_NREGS 20
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "x19", 0x1111111111111111u, 0xeeeeeeeeeeeeeee1u, ~0ull },  \
		{ "x20", 0x2222222222222222u, 0xddddddddddddddd2u, ~0ull },  \
		{ "x21", 0x3333333333333333u, 0xccccccccccccccc3u, ~0ull },  \
		{ "x22", 0x4444444444444444u, 0xbbbbbbbbbbbbbbb4u, ~0ull },  \
		{ "x23", 0x5555555555555555u, 0xaaaaaaaaaaaaaaa5u, ~0ull },  \
		{ "x24", 0x6666666666666666u, 0x9999999999999996u, ~0ull },  \
		{ "x25", 0x7777777777777777u, 0x8888888888888887u, ~0ull },  \
		{ "x26", 0x0123456789abcdefu, 0xfedcba9876543210u, ~0ull },  \
		{ "x27", 0x1357924680aceb0du, 0xeca8642097531f2eu, ~0ull },  \
		{ "x28", 0x0f1e2d3c4b5a6978u, 0xf0e1d2c3b4a59687u, ~0ull },  \
		{ "x29", 0x2929292929292929u, 0xd6d6d6d6d6d6d6d6u, ~0ull },  \
		{ "d8", 0x3ff0000000000008u, 0xc008000000000008u, ~0ull },   \
		{ "d9", 0x4000000000000009u, 0xc010000000000009u, ~0ull },   \
		{ "d10", 0x400800000000000au, 0xc01400000000000au, ~0ull },  \
		{ "d11", 0x401000000000000bu, 0xc01800000000000bu, ~0ull },  \
		{ "d12", 0x7ff800000000000cu, 0xfff000000000000cu, ~0ull },  \
		{ "d13", 0x000000000000000du, 0x800000000000000du, ~0ull },  \
		{ "d14", 0xa5a5a5a5a5a5a5aeu, 0x5a5a5a5a5a5a5a5eu, ~0ull },  \
		{ "d15", 0xdeadbeefcafef00fu, 0x0badf00dfeedfacfu, ~0ull },  \
		/* RMode toward +inf, FZ / RMode toward zero */              \
		{ "fpcr", 0x01400000u, 0x00c00000u, 0x01c01f03u },           \
	}
