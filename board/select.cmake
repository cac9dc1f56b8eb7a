# Chooses the MCU board (board/<name>/board.cmake) before any layer is configured, so that the
# layers above know what it offers. Sets MCUSTD_BOARD (cache), MCUSTD_BOARD_DIR, board_sources,
# board_ldscript, board_qemu_machine, MCUSTD_QEMU_MACHINE and MCUSTD_NETWORK (the board has a
# network interface: lwIP, sockets, lib/net, lib/httpd, the net and webserver apps).
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
message(STATUS "mcustd board: ${MCUSTD_BOARD} (QEMU -M ${board_qemu_machine}, network ${MCUSTD_NETWORK})")
