#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H
#include <hdf5.h>
/* HDF5's type, property-list and file-access "constants" are comma-expression macros such as
     #define H5T_NATIVE_FLOAT (H5open(), H5T_NATIVE_FLOAT_g)
   which the Swift importer drops (and the *_g globals are errors in Swift 6 mode), so they are
   re-exported here as static inline functions. See the swift-toolchain notes, section 1. */
static inline hid_t chdf5_T_NATIVE_FLOAT(void)  { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_T_NATIVE_INT8(void)   { return H5T_NATIVE_INT8; }
static inline hid_t chdf5_T_NATIVE_INT16(void)  { return H5T_NATIVE_INT16; }
static inline hid_t chdf5_T_NATIVE_INT32(void)  { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_T_NATIVE_INT64(void)  { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_T_NATIVE_UINT8(void)  { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t chdf5_T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t chdf5_T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t chdf5_T_IEEE_F32LE(void)    { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_T_IEEE_F64LE(void)    { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_T_STD_I8LE(void)      { return H5T_STD_I8LE; }
static inline hid_t chdf5_T_STD_I16LE(void)     { return H5T_STD_I16LE; }
static inline hid_t chdf5_T_STD_I32LE(void)     { return H5T_STD_I32LE; }
static inline hid_t chdf5_T_STD_I64LE(void)     { return H5T_STD_I64LE; }
static inline hid_t chdf5_T_STD_U8LE(void)      { return H5T_STD_U8LE; }
static inline hid_t chdf5_T_STD_U16LE(void)     { return H5T_STD_U16LE; }
static inline hid_t chdf5_T_STD_U32LE(void)     { return H5T_STD_U32LE; }
static inline hid_t chdf5_T_STD_U64LE(void)     { return H5T_STD_U64LE; }
static inline hid_t chdf5_T_C_S1(void)          { return H5T_C_S1; }
static inline unsigned chdf5_F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_F_ACC_RDWR(void)   { return H5F_ACC_RDWR; }
static inline unsigned chdf5_F_ACC_TRUNC(void)  { return H5F_ACC_TRUNC; }
/* H5P_DEFAULT / H5E_DEFAULT / H5S_ALL are plain 0 (imported as Int32); typed copies: */
static inline hid_t chdf5_P_DEFAULT(void)       { return H5P_DEFAULT; }
static inline hid_t chdf5_E_DEFAULT(void)       { return H5E_DEFAULT; }
static inline hid_t chdf5_S_ALL(void)           { return H5S_ALL; }
/* H5T_VARIABLE = (size_t)-1 is not importable as a constant. */
static inline size_t chdf5_T_VARIABLE(void)     { return H5T_VARIABLE; }
#endif
