/* Marks for bench/intake/instructions.py: start counting, and close a section under a name.
   Built by run.sh with the machine's gcc; needs valgrind's headers (Debian's valgrind). */
#include <valgrind/callgrind.h>

void marks_start(void) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_TOGGLE_COLLECT; }

void marks_section(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
