# Cortex-M4F (STM32F407-class) cross toolchain: Debian's arm-none-eabi GCC 12 with picolibc 1.8
# and its libstdc++ (doc/port.md, "The C library": chosen over newlib on measurements).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")

# try_compile cannot link without our startup code and linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(MCUSTD_M4F_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
# __FILE__ (assert messages in flash) relative to the tree: an image's size and bytes do not depend
# on where the tree is checked out (CI's path is longer than a developer's). Debug info keeps
# absolute paths for gdb.
get_filename_component(MCUSTD_M4F_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(MCUSTD_M4F_COMMON "-ffunction-sections -fdata-sections -fmacro-prefix-map=${MCUSTD_M4F_ROOT}/=")
# picolibc through its specs file, which switches the headers, libc.a and libstdc++.a. Compile
# flags only: the link line repeats them, and a second --specs fails. Debian ships two builds:
# "release" (speed-optimised, the one measured and used) and the default (size-optimised, ""),
# kept selectable for re-measuring.
set(MCUSTD_PICOLIBC_BUILDTYPE "release" CACHE STRING "picolibc build: release, or empty (size)")
string(APPEND MCUSTD_M4F_COMMON " --specs=picolibcpp.specs")
if(MCUSTD_PICOLIBC_BUILDTYPE)
    string(APPEND MCUSTD_M4F_COMMON " --picolibc-buildtype=${MCUSTD_PICOLIBC_BUILDTYPE}")
endif()
# Where the specs file points the linker (its -L), for the port's builds that take members out
# of libstdc++.a (port/fsdir): -print-file-name does not see it.
string(REPLACE " " ";" cpu_flags "${MCUSTD_M4F_CPU_FLAGS}")
execute_process(COMMAND ${CMAKE_C_COMPILER} ${cpu_flags} -print-multi-directory
                OUTPUT_VARIABLE multi_dir OUTPUT_STRIP_TRAILING_WHITESPACE)
set(MCUSTD_M4F_LIBDIR "/usr/lib/picolibc/arm-none-eabi/lib/${MCUSTD_PICOLIBC_BUILDTYPE}/${multi_dir}")
set(CMAKE_C_FLAGS_INIT "${MCUSTD_M4F_CPU_FLAGS} ${MCUSTD_M4F_COMMON}")
set(CMAKE_CXX_FLAGS_INIT "${MCUSTD_M4F_CPU_FLAGS} ${MCUSTD_M4F_COMMON}")
set(CMAKE_ASM_FLAGS_INIT "${MCUSTD_M4F_CPU_FLAGS}")
# The board's linker script and entry point come from the mcustd_board target.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${MCUSTD_M4F_CPU_FLAGS} -Wl,--gc-sections -nostartfiles")

set(CMAKE_EXECUTABLE_SUFFIX_C ".elf")
set(CMAKE_EXECUTABLE_SUFFIX_CXX ".elf")
set(CMAKE_EXECUTABLE_SUFFIX_ASM ".elf")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
