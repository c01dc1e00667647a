/* 64-bit MIPS: the same FCSR as 32-bit MIPS. */
#include "../mips/fpctl.h"
