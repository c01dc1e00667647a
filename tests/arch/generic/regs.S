/* No register test helper for this CPU (generic/regs.h): an empty
 * object, marked non-executable-stack. */
	.section .note.GNU-stack, "", %progbits
