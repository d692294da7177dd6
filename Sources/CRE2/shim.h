#ifndef CRE2_SHIM_H
#define CRE2_SHIM_H
// RE2 (Debian: libre2-dev) is a C++ library: its headers are included by the RE2Shim target, which gives
// Swift a small C interface. This module carries the library's pkg-config flags and the link to libre2.
#endif
