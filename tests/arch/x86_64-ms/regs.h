/*
 * x86_64, Microsoft x64 ABI: no register test helper yet (its callee-saved
 * set is rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15): the registers suite
 * reports its tests as skipped.
 */
#define FRINGE_TEST_NREGS 0
