/*
 * x86_64, Microsoft x64 ABI: rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15 (all
 * 128 bits, as two words each), the MXCSR control bits (rounding,
 * flush-to-zero, denormals-are-zero, exception masks) and the x87 control
 * word (rounding, precision, exception masks).  Word order matches
 * regs.S.
 */
#define FRINGE_TEST_NREGS 30
#define FRINGE_TEST_XMM(n, a, b)                                             \
	{ "xmm" #n ".lo", 0x0101010101010100u * (a), 0x1010101010101010u * (b), \
	  ~0ull },                                                           \
	{ "xmm" #n ".hi", 0x0001000100010001u * (a), 0x0100010001000100u * (b), \
	  ~0ull }
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "rbx", 0x1111111111111111u, 0xeeeeeeeeeeeeeee1u, ~0ull },  \
		{ "rbp", 0x2222222222222222u, 0xddddddddddddddd2u, ~0ull },  \
		{ "rdi", 0x7777777777777777u, 0x8888888888888887u, ~0ull },  \
		{ "rsi", 0x0f0f0f0f0f0f0f0fu, 0xf0f0f0f0f0f0f0f8u, ~0ull },  \
		{ "r12", 0x3333333333333333u, 0xccccccccccccccc3u, ~0ull },  \
		{ "r13", 0x4444444444444444u, 0xbbbbbbbbbbbbbbb4u, ~0ull },  \
		{ "r14", 0x5555555555555555u, 0xaaaaaaaaaaaaaaa5u, ~0ull },  \
		{ "r15", 0x6666666666666666u, 0x9999999999999996u, ~0ull },  \
		FRINGE_TEST_XMM(6, 0x11, 0x0e),                              \
		FRINGE_TEST_XMM(7, 0x12, 0x0d),                              \
		FRINGE_TEST_XMM(8, 0x13, 0x0c),                              \
		FRINGE_TEST_XMM(9, 0x14, 0x0b),                              \
		FRINGE_TEST_XMM(10, 0x15, 0x0a),                             \
		FRINGE_TEST_XMM(11, 0x16, 0x09),                             \
		FRINGE_TEST_XMM(12, 0x17, 0x08),                             \
		FRINGE_TEST_XMM(13, 0x18, 0x07),                             \
		FRINGE_TEST_XMM(14, 0x19, 0x06),                             \
		FRINGE_TEST_XMM(15, 0x1a, 0x05),                             \
		/* RC up, FZ, DAZ / RC down */                               \
		{ "mxcsr", 0xdfc0u, 0x3f80u, 0xffc0u },                      \
		/* RC toward zero, 24-bit / RC down, 53-bit */               \
		{ "x87cw", 0x0c7fu, 0x067fu, 0x0f3fu },                      \
	}
