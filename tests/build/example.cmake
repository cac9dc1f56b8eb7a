# example_sensor_log: examples/sensor_log configured and built as its own project (it
# add_subdirectory()s this tree), with this build's generator, then booted in QEMU and, on
# mps2-an386, debugged as doc/getting-started.md shows (scripts/debug.sh, gdb batch mode: needs
# gdb-multiarch, installed by scripts/install-deps.sh). Only from the top-level mcustd build,
# never from the example's nested copy of the tree.
if(NOT PROJECT_IS_TOP_LEVEL)
    return()
endif()
include(mcustd_qemu)
add_test(NAME example_sensor_log
    COMMAND ${Python3_EXECUTABLE} "${PROJECT_SOURCE_DIR}/tests/build/example_app.py"
            --source "${PROJECT_SOURCE_DIR}/examples/sensor_log"
            --build "${CMAKE_BINARY_DIR}/examples/sensor_log"
            --generator "${CMAKE_GENERATOR}" --runner "${MCUSTD_QEMU_RUNNER}"
            --machine "${MCUSTD_QEMU_MACHINE}" "--cmake-arg=-DMCUSTD_BOARD=${MCUSTD_BOARD}"
            "--cmake-arg=-DMCUSTD_LWIP_DIR=${MCUSTD_LWIP_DIR}")
set_tests_properties(example_sensor_log PROPERTIES TIMEOUT 900 LABELS "qemu;build")
