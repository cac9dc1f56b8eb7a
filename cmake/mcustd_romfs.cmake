# mcustd_romfs_image(<target> DIR <dir> OUTPUT <file> [VOLUME <label>] [EXCLUDE <patterns...>])
#
# Packs <dir> into a ROMFS image with Debian's genromfs at build time. The image is rebuilt when
# any file under <dir> changes; a file added or removed there re-runs the glob (CONFIGURE_DEPENDS).
# VOLUME defaults to <target> (genromfs's own default embeds a timestamp, which breaks
# reproducible images). EXCLUDE patterns go to genromfs -x (shell globs on names).
# genromfs runs on the build machine for both host and m4f builds.
function(mcustd_romfs_image target)
    cmake_parse_arguments(ARG "" "DIR;OUTPUT;VOLUME" "EXCLUDE" ${ARGN})
    if(NOT ARG_DIR OR NOT ARG_OUTPUT)
        message(FATAL_ERROR "mcustd_romfs_image(${target}): DIR and OUTPUT are required")
    endif()
    if(NOT ARG_VOLUME)
        set(ARG_VOLUME "${target}")
    endif()
    find_program(MCUSTD_GENROMFS genromfs NO_CMAKE_FIND_ROOT_PATH REQUIRED)

    get_filename_component(dir "${ARG_DIR}" ABSOLUTE)
    file(GLOB_RECURSE inputs CONFIGURE_DEPENDS LIST_DIRECTORIES false "${dir}/*")
    set(excludes "")
    foreach(pattern IN LISTS ARG_EXCLUDE)
        list(APPEND excludes -x "${pattern}")
    endforeach()
    get_filename_component(out_dir "${ARG_OUTPUT}" DIRECTORY)
    add_custom_command(
        OUTPUT "${ARG_OUTPUT}"
        COMMAND "${CMAKE_COMMAND}" -E make_directory "${out_dir}"
        COMMAND "${MCUSTD_GENROMFS}" -f "${ARG_OUTPUT}" -d "${dir}" -V "${ARG_VOLUME}" ${excludes}
        DEPENDS ${inputs}
        COMMENT "genromfs ${ARG_DIR} -> ${ARG_OUTPUT}"
        VERBATIM)
    add_custom_target(${target} ALL DEPENDS "${ARG_OUTPUT}")
endfunction()

# mcustd_romfs_entries(<out-var> DIR <dir> [EXCLUDE <names...>])
#
# What a listing of <dir> inside its image must show, for tests that compare /rom against the
# tree: the entries of <dir> (not recursive) but the EXCLUDE names (exact names, not globs),
# each followed by ',', directories with a trailing '/': "404.html,hello.html,static/,".
# The glob re-runs when <dir> gains or loses an entry (CONFIGURE_DEPENDS).
function(mcustd_romfs_entries out)
    cmake_parse_arguments(ARG "" "DIR" "EXCLUDE" ${ARGN})
    if(NOT ARG_DIR)
        message(FATAL_ERROR "mcustd_romfs_entries(${out}): DIR is required")
    endif()
    file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS RELATIVE "${ARG_DIR}" "${ARG_DIR}/*")
    if(ARG_EXCLUDE)
        list(REMOVE_ITEM entries ${ARG_EXCLUDE})
    endif()
    set(names "")
    foreach(e IN LISTS entries)
        if(IS_DIRECTORY "${ARG_DIR}/${e}")
            string(APPEND e "/")
        endif()
        string(APPEND names "${e},")
    endforeach()
    set(${out} "${names}" PARENT_SCOPE)
endfunction()
