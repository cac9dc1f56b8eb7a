// The site's ROMFS image, linked into flash, mounted read-only in the VFS at /rom.
//
//     mcustd::rom::mount();                        // at boot: 0 or -errno
//     std::ifstream page("/rom/hello.html");       // newlib -> port/vfs -> this file system
//
// Reads are zero-copy from flash. Writes, creation and removal fail with EROFS, missing paths
// with ENOENT, and a corrupt image makes mount() fail (-EILSEQ) instead of faulting later.
#pragma once

#include <cstddef>
#include <span>

namespace mcustd::rom {

inline constexpr const char* kMountPoint = "/rom";

// The image bytes as linked (site/ packed by genromfs at build time).
std::span<const std::byte> site_image() noexcept;

// Verifies the image and mounts it at /rom: 0, or -errno (-EILSEQ corrupt, -EBUSY mounted).
int mount();
// 0, or -ENOENT if not mounted.
int unmount();

}  // namespace mcustd::rom

extern "C" int mcustd_rom_mount(void);
