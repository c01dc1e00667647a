/* No register test helper for the Microsoft x64 ABI yet (regs.h): an
 * empty object (PE has no stack note). */
