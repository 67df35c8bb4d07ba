#ifndef SWIFTLEARN_CZLIB_SHIM_H
#define SWIFTLEARN_CZLIB_SHIM_H
#include <zlib.h>
#endif
