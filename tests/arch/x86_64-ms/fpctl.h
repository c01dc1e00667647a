/* Windows x64: the same control registers as x86_64. */
#include "../x86_64/fpctl.h"
