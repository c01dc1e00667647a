/*
 * i386 System V: ebx, esi, edi, ebp, the x87 control word (rounding,
 * precision, exception masks) and, when built for a CPU with SSE
 * (__SSE__), the MXCSR control bits (rounding, flush-to-zero,
 * denormals-are-zero, exception masks).  No floating-point or vector
 * register is callee-saved.  The switch handles MXCSR only under __SSE__
 * and this helper is built with the same flags, so it checks MXCSR exactly
 * then.  Integer registers are 32 bits, zero-extended into the 64-bit
 * words.  Word order matches regs.S.
 */
#ifdef __SSE__
#define FRINGE_TEST_NREGS 6
#define FRINGE_TEST_MXCSR_INFO                                               \
	/* RC up, FZ, DAZ / RC down */                                       \
	, { "mxcsr", 0xdfc0u, 0x3f80u, 0xffc0u }
#else
#define FRINGE_TEST_NREGS 5
#define FRINGE_TEST_MXCSR_INFO
#endif

#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "ebx", 0x11111111u, 0xeeeeeee1u, ~0ull },                  \
		{ "esi", 0x22222222u, 0xddddddd2u, ~0ull },                  \
		{ "edi", 0x33333333u, 0xccccccc3u, ~0ull },                  \
		{ "ebp", 0x44444444u, 0xbbbbbbb4u, ~0ull },                  \
		/* RC toward zero, 24-bit / RC down, 53-bit */               \
		{ "x87cw", 0x0c7fu, 0x067fu, 0x0f3fu }                       \
		FRINGE_TEST_MXCSR_INFO                                       \
	}
