/* Attributes the runtime's headers share. WARN_UNUSED marks a function
 * whose result reports an error or owns memory: ignoring it is a bug, and
 * the compiler says so (a cast to void does not silence GCC). */
#ifndef DOME_COMPILER_H
#define DOME_COMPILER_H

#define WARN_UNUSED            __attribute__((warn_unused_result))
#define NORETURN               __attribute__((noreturn))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

#endif
