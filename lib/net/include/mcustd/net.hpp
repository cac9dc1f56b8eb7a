// Umbrella header for mcustd::net (TCP over POSIX sockets / lwIP).
#pragma once

#include "mcustd/net/io_slice.hpp"
#include "mcustd/net/socket_address.hpp"
#include "mcustd/net/tcp_listener.hpp"
#include "mcustd/net/tcp_stream.hpp"
#include "mcustd/net/unique_fd.hpp"
