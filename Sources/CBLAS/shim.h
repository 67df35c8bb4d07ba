#ifndef SWIFTLEARN_CBLAS_SHIM_H
#define SWIFTLEARN_CBLAS_SHIM_H
#include <cblas.h>
#endif
