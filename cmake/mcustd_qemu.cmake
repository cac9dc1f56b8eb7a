# mcustd_add_qemu_test(NAME <test> ELF <target-or-path> [TIMEOUT <s>] [EXIT_CODE <n>]
#                      [ARGS <runner args...>])
#
# Registers a CTest test that boots the ELF in QEMU (the board's machine, MCUSTD_QEMU_MACHINE)
# through board/mps2-an386/qemu/run.py (deterministic -icount time, hard timeout) and passes
# when every --expect in ARGS matched, in order, and the guest exited (semihosting) with
# EXIT_CODE (0).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(MCUSTD_QEMU_RUNNER "${CMAKE_CURRENT_LIST_DIR}/../board/mps2-an386/qemu/run.py"
    CACHE INTERNAL "")

function(mcustd_add_qemu_test)
    cmake_parse_arguments(T "" "NAME;ELF;TIMEOUT;EXIT_CODE" "ARGS" ${ARGN})
    if(NOT T_NAME OR NOT T_ELF)
        message(FATAL_ERROR "mcustd_add_qemu_test: NAME and ELF are required")
    endif()
    if(TARGET ${T_ELF})
        set(elf "$<TARGET_FILE:${T_ELF}>")
    else()
        set(elf "${T_ELF}")
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 60)
    endif()
    if(NOT DEFINED T_EXIT_CODE)
        set(T_EXIT_CODE 0)
    endif()
    set(machine "${MCUSTD_QEMU_MACHINE}")
    if(NOT machine)
        set(machine "mps2-an386")
    endif()
    add_test(NAME ${T_NAME}
        COMMAND ${Python3_EXECUTABLE} ${MCUSTD_QEMU_RUNNER} --machine ${machine} --elf ${elf}
                --timeout ${T_TIMEOUT} --exit-code ${T_EXIT_CODE} ${T_ARGS})
    math(EXPR ctest_timeout "${T_TIMEOUT} + 30")
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${ctest_timeout} LABELS qemu)
endfunction()

# mcustd_add_qemu_check(<name> SOURCES <files...> [LIBS <targets...>] [TIMEOUT <s>])
#
# A test image that counts its own checks (port/libstdcxx/test/check.hpp): the executable <name>
# from SOURCES, linked with LIBS and the platform, booted in QEMU; the test passes when the image
# prints "PASS <name> (0 failures)" and exits 0. TIMEOUT defaults to 120 s.
function(mcustd_add_qemu_check name)
    cmake_parse_arguments(C "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    if(NOT C_SOURCES)
        message(FATAL_ERROR "mcustd_add_qemu_check(${name}): SOURCES is required")
    endif()
    if(NOT C_TIMEOUT)
        set(C_TIMEOUT 120)
    endif()
    add_executable(${name} ${C_SOURCES})
    target_link_libraries(${name} PRIVATE ${C_LIBS} mcustd_platform mcustd_warnings)
    mcustd_add_qemu_test(NAME ${name} ELF ${name} TIMEOUT ${C_TIMEOUT}
                         ARGS --expect "PASS ${name} \\(0 failures\\)")
endfunction()
