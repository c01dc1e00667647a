/*
 * RISC-V RV64, LP64D: s0-s11, fs0-fs11 (as 64-bit words: LP64D preserves
 * them at ABI_FLEN = 64) and the frm field of fcsr (bits 7:5, the dynamic
 * rounding mode; the fflags bits 4:0 are the thread's and not compared).
 * Word order matches regs.S.  The integer and FP patterns are plain bit
 * patterns (moved with ld/fld, never computed with), all distinct.
 */
#if __riscv_xlen == 64
#define FRINGE_TEST_NREGS 25
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
		{ "s8", 0x1818181818181818u, 0xe8e8e8e8e8e8e8e8u, ~0ull },   \
		{ "s9", 0x1919191919191919u, 0xe9e9e9e9e9e9e9e9u, ~0ull },   \
		{ "s10", 0x1a1a1a1a1a1a1a1au, 0xeaeaeaeaeaeaeaeau, ~0ull },  \
		{ "s11", 0x1b1b1b1b1b1b1b1bu, 0xebebebebebebebebu, ~0ull },  \
		{ "fs0", 0x3030303030303030u, 0xc0c0c0c0c0c0c0c0u, ~0ull },  \
		{ "fs1", 0x3131313131313131u, 0xc1c1c1c1c1c1c1c1u, ~0ull },  \
		{ "fs2", 0x3232323232323232u, 0xc2c2c2c2c2c2c2c2u, ~0ull },  \
		{ "fs3", 0x3333333333333333u, 0xc3c3c3c3c3c3c3c3u, ~0ull },  \
		{ "fs4", 0x3434343434343434u, 0xc4c4c4c4c4c4c4c4u, ~0ull },  \
		{ "fs5", 0x3535353535353535u, 0xc5c5c5c5c5c5c5c5u, ~0ull },  \
		{ "fs6", 0x3636363636363636u, 0xc6c6c6c6c6c6c6c6u, ~0ull },  \
		{ "fs7", 0x3737373737373737u, 0xc7c7c7c7c7c7c7c7u, ~0ull },  \
		{ "fs8", 0x3838383838383838u, 0xc8c8c8c8c8c8c8c8u, ~0ull },  \
		{ "fs9", 0x3939393939393939u, 0xc9c9c9c9c9c9c9c9u, ~0ull },  \
		{ "fs10", 0x3a3a3a3a3a3a3a3au, 0xcacacacacacacacau, ~0ull }, \
		{ "fs11", 0x3b3b3b3b3b3b3b3bu, 0xcbcbcbcbcbcbcbcbu, ~0ull }, \
		/* frm RUP / frm RMM with the inexact flag set */            \
		{ "fcsr", 0x60u, 0x81u, 0xe0u },                             \
	}
#else /* not RV64: no helper */
#define FRINGE_TEST_NREGS 0
#endif
