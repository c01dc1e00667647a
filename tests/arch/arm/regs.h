/*
 * 32-bit ARM, AAPCS with a VFP unit (armhf): r4-r11, d8-d15 (s16-s31)
 * and the FPSCR control fields; soft float (armel): r4-r11 only.  Each register takes one 64-bit word (core registers in
 * the low half, the high half 0).  The FPSCR mask covers AHP, DN, FZ,
 * RMode, Stride, Len and the trap enables; the patterns only use the
 * rounding mode, FZ and DN, which every VFPv3 implements and which trap
 * nothing.  Word order matches regs.S.
 */
#ifndef __ARM_FP
#define FRINGE_TEST_NREGS 8
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "r4", 0x14141414u, 0xebebeb4bu, ~0ull },                   \
		{ "r5", 0x15151515u, 0xeaeaea5au, ~0ull },                   \
		{ "r6", 0x16161616u, 0xe9e9e969u, ~0ull },                   \
		{ "r7", 0x17171717u, 0xe8e8e878u, ~0ull },                   \
		{ "r8", 0x18181818u, 0xe7e7e787u, ~0ull },                   \
		{ "r9", 0x19191919u, 0xe6e6e696u, ~0ull },                   \
		{ "r10", 0x1a1a1a1au, 0xe5e5e5a5u, ~0ull },                  \
		{ "r11", 0x1b1b1b1bu, 0xe4e4e4b4u, ~0ull },                  \
	}
#else
#define FRINGE_TEST_NREGS 17
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "r4", 0x14141414u, 0xebebeb4bu, ~0ull },                   \
		{ "r5", 0x15151515u, 0xeaeaea5au, ~0ull },                   \
		{ "r6", 0x16161616u, 0xe9e9e969u, ~0ull },                   \
		{ "r7", 0x17171717u, 0xe8e8e878u, ~0ull },                   \
		{ "r8", 0x18181818u, 0xe7e7e787u, ~0ull },                   \
		{ "r9", 0x19191919u, 0xe6e6e696u, ~0ull },                   \
		{ "r10", 0x1a1a1a1au, 0xe5e5e5a5u, ~0ull },                  \
		{ "r11", 0x1b1b1b1bu, 0xe4e4e4b4u, ~0ull },                  \
		{ "d8", 0x2808080808080808u, 0xd7f7f7f7f7f7f7f8u, ~0ull },   \
		{ "d9", 0x2909090909090909u, 0xd6f6f6f6f6f6f6f9u, ~0ull },   \
		{ "d10", 0x2a0a0a0a0a0a0a0au, 0xd5f5f5f5f5f5f5fau, ~0ull },  \
		{ "d11", 0x2b0b0b0b0b0b0b0bu, 0xd4f4f4f4f4f4f4fbu, ~0ull },  \
		{ "d12", 0x2c0c0c0c0c0c0c0cu, 0xd3f3f3f3f3f3f3fcu, ~0ull },  \
		{ "d13", 0x2d0d0d0d0d0d0d0du, 0xd2f2f2f2f2f2f2fdu, ~0ull },  \
		{ "d14", 0x2e0e0e0e0e0e0e0eu, 0xd1f1f1f1f1f1f1feu, ~0ull },  \
		{ "d15", 0x2f0f0f0f0f0f0f0fu, 0xd0f0f0f0f0f0f0ffu, ~0ull },  \
		/* DN, FZ, round toward zero / round toward minus infinity */ \
		{ "fpscr", 0x03c00000u, 0x00800000u, 0x07f79f00u },          \
	}
#endif
