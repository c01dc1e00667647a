/*
 * x86_64 System V: rbx, rbp, r12-r15, the MXCSR control bits (rounding,
 * flush-to-zero, denormals-are-zero, exception masks) and the x87 control
 * word (rounding, precision, exception masks).  Word order matches
 * regs.S.
 */
#if defined(__x86_64__) && !defined(__ILP32__)
#define FRINGE_TEST_NREGS 8
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "rbx", 0x1111111111111111u, 0xeeeeeeeeeeeeeee1u, ~0ull },  \
		{ "rbp", 0x2222222222222222u, 0xddddddddddddddd2u, ~0ull },  \
		{ "r12", 0x3333333333333333u, 0xccccccccccccccc3u, ~0ull },  \
		{ "r13", 0x4444444444444444u, 0xbbbbbbbbbbbbbbb4u, ~0ull },  \
		{ "r14", 0x5555555555555555u, 0xaaaaaaaaaaaaaaa5u, ~0ull },  \
		{ "r15", 0x6666666666666666u, 0x9999999999999996u, ~0ull },  \
		/* RC up, FZ, DAZ / RC down */                               \
		{ "mxcsr", 0xdfc0u, 0x3f80u, 0xffc0u },                      \
		/* RC toward zero, 24-bit / RC down, 53-bit */               \
		{ "x87cw", 0x0c7fu, 0x067fu, 0x0f3fu },                      \
	}
#else /* x32 (4-byte pointers) is not the ABI regs.S is written for: no helper */
#define FRINGE_TEST_NREGS 0
#endif
