# The fs_dir.o symbols the prebuilt fs_ops.o calls (remove_all, copy, is_empty), as
# `arm-none-eabi-nm` lists them; test/check_fsdir_link.py (test fsdir_symbols) fails if this list
# goes stale. Used by the MCU link (CMakeLists.txt) and the host test's (test/host).
set(MCUSTD_FSDIR_WRAPPED
    _ZNSt10filesystem7__cxx1118directory_iteratorC1ERKNS0_4pathENS_17directory_optionsEPSt10error_code
    _ZNKSt10filesystem7__cxx1118directory_iteratordeEv
    _ZNSt10filesystem7__cxx1118directory_iteratorppEv
    _ZNSt10filesystem7__cxx1128recursive_directory_iteratorC1ERKNS0_4pathENS_17directory_optionsEPSt10error_code
    _ZNSt10filesystem7__cxx1128recursive_directory_iteratorD1Ev
    _ZNSt10filesystem7__cxx1128recursive_directory_iterator7__eraseEPSt10error_code
    CACHE INTERNAL "")
