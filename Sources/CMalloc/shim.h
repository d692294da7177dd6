#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
// The C library heap's statistics and trimming where the C library is glibc 2.33 or later (mallinfo2, malloc_trim);
// elsewhere the functions report that they cannot (cmalloc_available() is 0) and do nothing.
#include <stddef.h>
#if defined(__linux__)
#include <features.h>
#endif

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>

/// 1: the functions below work.
static inline int cmalloc_available(void) { return 1; }

/// Bytes the program holds (allocated and not freed), in the arenas and in chunks mapped on their own.
static inline size_t cmalloc_in_use(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

/// Returns the whole free pages of every arena to the system: 1 when some memory was released.
static inline int cmalloc_trim(void) { return malloc_trim(0); }

#else
static inline int cmalloc_available(void) { return 0; }
static inline size_t cmalloc_in_use(void) { return 0; }
static inline int cmalloc_trim(void) { return 0; }
#endif

#endif
