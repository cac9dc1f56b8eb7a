// Thread-local storage blocks, ARM EABI variant 1: the thread pointer addresses an 8-byte TCB
// followed (at the segment's alignment) by the .tdata image and the zeroed .tbss.
#include <string.h>

#include "kernel/kernel.h"

extern "C" {
extern char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];
extern char __tls_align[];  // a linker symbol whose address is the value
}

namespace {
size_t tls_offset() {
    auto align = reinterpret_cast<size_t>(__tls_align);
    if (align < 8)
        align = 8;
    return (8 + align - 1) & ~(align - 1);
}
size_t tdata_size() {
    return static_cast<size_t>(__tdata_end - __tdata_start);
}
// The TLS segment runs from .tdata's start to .tbss's end; .tbss may start after a padding gap
// (its own alignment), and the linker's offsets include that gap.
size_t segment_size() {
    return +__tbss_end > +__tbss_start ? static_cast<size_t>(__tbss_end - __tdata_start)
                                       : tdata_size();
}
}  // namespace

extern "C" size_t k_tls_block_size(void) {
    return tls_offset() + segment_size();
}

extern "C" void* k_tls_init(void* block) {
    auto* p = static_cast<char*>(block);
    memset(p, 0, tls_offset());
    memcpy(p + tls_offset(), __tdata_start, tdata_size());
    memset(p + tls_offset() + tdata_size(), 0, segment_size() - tdata_size());  // gap + .tbss
    return block;
}
