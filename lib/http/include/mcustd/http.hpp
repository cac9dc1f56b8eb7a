// Umbrella header: the HTTP/1.1 protocol library (no socket I/O; see lib/httpd for the engine).
#pragma once

#include "mcustd/http/dir_site.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/path.hpp"
#include "mcustd/http/request.hpp"
#include "mcustd/http/response.hpp"
#include "mcustd/http/romfs_site.hpp"
#include "mcustd/http/site.hpp"
