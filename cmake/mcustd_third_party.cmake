# Third-party sources the MCU image compiles on a board with a network: lwIP 2.1.3, unpacked from Debian's source package
# into third_party/lwip by scripts/fetch-lwip.sh, which the install step (scripts/install-deps.sh
# all) runs. Configure never downloads: without the tree it stops here, before any target, and
# names the command that fetches it, so an offline configure fails at once and says why.
set(MCUSTD_LWIP_DIR "${PROJECT_SOURCE_DIR}/third_party/lwip" CACHE PATH "lwIP 2.1.3 source tree")
if(NOT EXISTS "${MCUSTD_LWIP_DIR}/src/include/lwip/init.h")
    message(FATAL_ERROR
        "lwIP 2.1.3 not found in ${MCUSTD_LWIP_DIR} (MCUSTD_LWIP_DIR).\n"
        "Fetch it with:\n"
        "  ${PROJECT_SOURCE_DIR}/scripts/fetch-lwip.sh\n"
        "(scripts/install-deps.sh all runs it), or point -DMCUSTD_LWIP_DIR at an lwIP 2.1.3 tree.")
endif()
