/*
 * PowerPC64 ELFv2: r14-r31, f14-f31, v20-v31 (each as two doublewords, in
 * the order lxvd2x/stxvd2x use), the CR2-CR4 fields of CR, the FPSCR
 * control bits (VE, OE, UE, ZE, XE, NI, RN and DRN) and VSCR NJ.  r1 and
 * r2 are not patterns (they must stay valid for the calls); the return
 * address is checked by every switch returning at all.  Word order
 * matches regs.S.
 */
#if defined(_CALL_ELF) && _CALL_ELF == 2
#define FRINGE_TEST_NREGS 63
#define FRINGE_TEST_REG_INFO                                                 \
	{                                                                    \
		{ "r14", 0x1414141414141414u, 0xebebebebebebebebu, ~0ull },  \
		{ "r15", 0x1515151515151515u, 0xeaeaeaeaeaeaeaeau, ~0ull },  \
		{ "r16", 0x1616161616161616u, 0xe9e9e9e9e9e9e9e9u, ~0ull },  \
		{ "r17", 0x1717171717171717u, 0xe8e8e8e8e8e8e8e8u, ~0ull },  \
		{ "r18", 0x1818181818181818u, 0xe7e7e7e7e7e7e7e7u, ~0ull },  \
		{ "r19", 0x1919191919191919u, 0xe6e6e6e6e6e6e6e6u, ~0ull },  \
		{ "r20", 0x2020202020202020u, 0xdfdfdfdfdfdfdfdfu, ~0ull },  \
		{ "r21", 0x2121212121212121u, 0xdedededededededeu, ~0ull },  \
		{ "r22", 0x2222222222222222u, 0xddddddddddddddddu, ~0ull },  \
		{ "r23", 0x2323232323232323u, 0xdcdcdcdcdcdcdcdcu, ~0ull },  \
		{ "r24", 0x2424242424242424u, 0xdbdbdbdbdbdbdbdbu, ~0ull },  \
		{ "r25", 0x2525252525252525u, 0xdadadadadadadadau, ~0ull },  \
		{ "r26", 0x2626262626262626u, 0xd9d9d9d9d9d9d9d9u, ~0ull },  \
		{ "r27", 0x2727272727272727u, 0xd8d8d8d8d8d8d8d8u, ~0ull },  \
		{ "r28", 0x2828282828282828u, 0xd7d7d7d7d7d7d7d7u, ~0ull },  \
		{ "r29", 0x2929292929292929u, 0xd6d6d6d6d6d6d6d6u, ~0ull },  \
		{ "r30", 0x3030303030303030u, 0xcfcfcfcfcfcfcfcfu, ~0ull },  \
		{ "r31", 0x3131313131313131u, 0xcecececececececeu, ~0ull },  \
		{ "f14", 0xf0f0f0f0f0f00e0eu, 0x0f0f0f0f0f0ff1f1u, ~0ull },  \
		{ "f15", 0xf0f0f0f0f0f00f0fu, 0x0f0f0f0f0f0ff0f0u, ~0ull },  \
		{ "f16", 0xf0f0f0f0f0f01010u, 0x0f0f0f0f0f0fefefu, ~0ull },  \
		{ "f17", 0xf0f0f0f0f0f01111u, 0x0f0f0f0f0f0feeeeu, ~0ull },  \
		{ "f18", 0xf0f0f0f0f0f01212u, 0x0f0f0f0f0f0fededu, ~0ull },  \
		{ "f19", 0xf0f0f0f0f0f01313u, 0x0f0f0f0f0f0fececu, ~0ull },  \
		{ "f20", 0xf0f0f0f0f0f01414u, 0x0f0f0f0f0f0febebu, ~0ull },  \
		{ "f21", 0xf0f0f0f0f0f01515u, 0x0f0f0f0f0f0feaeau, ~0ull },  \
		{ "f22", 0xf0f0f0f0f0f01616u, 0x0f0f0f0f0f0fe9e9u, ~0ull },  \
		{ "f23", 0xf0f0f0f0f0f01717u, 0x0f0f0f0f0f0fe8e8u, ~0ull },  \
		{ "f24", 0xf0f0f0f0f0f01818u, 0x0f0f0f0f0f0fe7e7u, ~0ull },  \
		{ "f25", 0xf0f0f0f0f0f01919u, 0x0f0f0f0f0f0fe6e6u, ~0ull },  \
		{ "f26", 0xf0f0f0f0f0f01a1au, 0x0f0f0f0f0f0fe5e5u, ~0ull },  \
		{ "f27", 0xf0f0f0f0f0f01b1bu, 0x0f0f0f0f0f0fe4e4u, ~0ull },  \
		{ "f28", 0xf0f0f0f0f0f01c1cu, 0x0f0f0f0f0f0fe3e3u, ~0ull },  \
		{ "f29", 0xf0f0f0f0f0f01d1du, 0x0f0f0f0f0f0fe2e2u, ~0ull },  \
		{ "f30", 0xf0f0f0f0f0f01e1eu, 0x0f0f0f0f0f0fe1e1u, ~0ull },  \
		{ "f31", 0xf0f0f0f0f0f01f1fu, 0x0f0f0f0f0f0fe0e0u, ~0ull },  \
		/* each vector register as two doublewords */                \
		{ "v20.0", 0x7e7e7e7e00140000u, 0x81818181ffebffffu, ~0ull }, \
		{ "v20.1", 0x3c3c3c3c00140001u, 0xc3c3c3c3ffebfffeu, ~0ull }, \
		{ "v21.0", 0x7e7e7e7e00150000u, 0x81818181ffeaffffu, ~0ull }, \
		{ "v21.1", 0x3c3c3c3c00150001u, 0xc3c3c3c3ffeafffeu, ~0ull }, \
		{ "v22.0", 0x7e7e7e7e00160000u, 0x81818181ffe9ffffu, ~0ull }, \
		{ "v22.1", 0x3c3c3c3c00160001u, 0xc3c3c3c3ffe9fffeu, ~0ull }, \
		{ "v23.0", 0x7e7e7e7e00170000u, 0x81818181ffe8ffffu, ~0ull }, \
		{ "v23.1", 0x3c3c3c3c00170001u, 0xc3c3c3c3ffe8fffeu, ~0ull }, \
		{ "v24.0", 0x7e7e7e7e00180000u, 0x81818181ffe7ffffu, ~0ull }, \
		{ "v24.1", 0x3c3c3c3c00180001u, 0xc3c3c3c3ffe7fffeu, ~0ull }, \
		{ "v25.0", 0x7e7e7e7e00190000u, 0x81818181ffe6ffffu, ~0ull }, \
		{ "v25.1", 0x3c3c3c3c00190001u, 0xc3c3c3c3ffe6fffeu, ~0ull }, \
		{ "v26.0", 0x7e7e7e7e001a0000u, 0x81818181ffe5ffffu, ~0ull }, \
		{ "v26.1", 0x3c3c3c3c001a0001u, 0xc3c3c3c3ffe5fffeu, ~0ull }, \
		{ "v27.0", 0x7e7e7e7e001b0000u, 0x81818181ffe4ffffu, ~0ull }, \
		{ "v27.1", 0x3c3c3c3c001b0001u, 0xc3c3c3c3ffe4fffeu, ~0ull }, \
		{ "v28.0", 0x7e7e7e7e001c0000u, 0x81818181ffe3ffffu, ~0ull }, \
		{ "v28.1", 0x3c3c3c3c001c0001u, 0xc3c3c3c3ffe3fffeu, ~0ull }, \
		{ "v29.0", 0x7e7e7e7e001d0000u, 0x81818181ffe2ffffu, ~0ull }, \
		{ "v29.1", 0x3c3c3c3c001d0001u, 0xc3c3c3c3ffe2fffeu, ~0ull }, \
		{ "v30.0", 0x7e7e7e7e001e0000u, 0x81818181ffe1ffffu, ~0ull }, \
		{ "v30.1", 0x3c3c3c3c001e0001u, 0xc3c3c3c3ffe1fffeu, ~0ull }, \
		{ "v31.0", 0x7e7e7e7e001f0000u, 0x81818181ffe0ffffu, ~0ull }, \
		{ "v31.1", 0x3c3c3c3c001f0001u, 0xc3c3c3c3ffe0fffeu, ~0ull }, \
		/* CR2-CR4: any bits are valid */                            \
		{ "cr", 0x00a5c000u, 0x005a3000u, 0x00fff000u },             \
		/* RN to zero, DRN 5 / RN to +inf, NI, DRN 2; mask:   */     \
		/* VE OE UE ZE XE NI RN, DRN (no enables: no traps) */       \
		{ "fpscr", 0x0000000500000001u, 0x0000000200000006u,         \
		  0x00000007000000ffu },                                     \
		/* NJ set / clear */                                         \
		{ "vscr", 0x00010000u, 0x00000000u, 0x00010000u },           \
	}
#else /* not ELFv2: no helper */
#define FRINGE_TEST_NREGS 0
#endif
