// The MCU's built-in site for apps/webserver (webserver::builtin_site, setup.hpp): the ROMFS image
// linked into flash, served by RomfsSite straight from flash (bodies are spans of the image:
// zero-copy, no file descriptor per request). Linked into every image that runs the web server
// (mcustd.elf's boot server and `webserver` command, and the bench image), so all serve the site
// the same way; `webserver --site /rom` still serves the mounted directory through the VFS.
#include <mcustd/http/romfs_site.hpp>
#include <mcustd/rom_mount.hpp>

#include "setup.hpp"

namespace webserver {

mcustd::Result<BuiltinSite> builtin_site() {
    auto site = mcustd::http::RomfsSite::create(mcustd::rom::site_image());
    if (!site) {
        return site.error();
    }
    return BuiltinSite{std::move(*site), "ROMFS image in flash (zero-copy)"};
}

}  // namespace webserver
