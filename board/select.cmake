# Chooses the MCU board (board/<name>/board.cmake) before any layer is configured, so that the
# layers above know what it offers. Sets MCUSTD_BOARD (cache), MCUSTD_BOARD_DIR, board_sources,
# board_ldscript, board_qemu_machine, MCUSTD_QEMU_MACHINE, MCUSTD_NETWORK (the board has a
# network interface: lwIP, sockets, lib/net, lib/httpd, the net and webserver apps) and the
# clocks MCUSTD_BOARD_CPU_HZ, MCUSTD_BOARD_SYSTICK_HZ, MCUSTD_BOARD_SYSTICK_CPU_CLOCK: the kernel
# gets these as compile definitions, never through a board header (kernel/board_if.h).
set(MCUSTD_BOARD "mps2-an386" CACHE STRING "board/<name> to build for (mps2-an386, netduinoplus2)")
set_property(CACHE MCUSTD_BOARD PROPERTY STRINGS mps2-an386 netduinoplus2)
set(MCUSTD_BOARD_DIR "${CMAKE_CURRENT_LIST_DIR}/${MCUSTD_BOARD}")
if(NOT EXISTS "${MCUSTD_BOARD_DIR}/board.cmake")
    message(FATAL_ERROR "MCUSTD_BOARD=${MCUSTD_BOARD}: no ${MCUSTD_BOARD_DIR}/board.cmake")
endif()
set(board_dir "${MCUSTD_BOARD_DIR}")
include("${MCUSTD_BOARD_DIR}/board.cmake")
set(MCUSTD_QEMU_MACHINE "${board_qemu_machine}")
set(MCUSTD_NETWORK ${board_has_network})
foreach(v board_cpu_hz board_systick_hz board_systick_cpu_clock)
    if("${${v}}" STREQUAL "")
        message(FATAL_ERROR "${MCUSTD_BOARD_DIR}/board.cmake must set ${v}")
    endif()
endforeach()
set(MCUSTD_BOARD_CPU_HZ ${board_cpu_hz})
set(MCUSTD_BOARD_SYSTICK_HZ ${board_systick_hz})
set(MCUSTD_BOARD_SYSTICK_CPU_CLOCK ${board_systick_cpu_clock})
message(STATUS "mcustd board: ${MCUSTD_BOARD} (QEMU -M ${board_qemu_machine}, network ${MCUSTD_NETWORK})")
