# The git revision recorded in every results file is read at build time, not at configure time
# (a commit after configuring would otherwise be recorded as the revision before it): the target
# coscan_git_revision runs cmake/GitRevision.cmake on every build, which rewrites the generated
# source only when the revision changed. It is written once here too, so it exists before the
# first build.
set(COSCAN_GIT_REVISION_SOURCE "${PROJECT_BINARY_DIR}/generated/git_revision.cpp")
set(coscan_git_revision_command
    "${CMAKE_COMMAND}" "-DSOURCE_DIR=${PROJECT_SOURCE_DIR}" "-DOUT=${COSCAN_GIT_REVISION_SOURCE}"
    -P "${PROJECT_SOURCE_DIR}/cmake/GitRevision.cmake")
execute_process(COMMAND ${coscan_git_revision_command})
add_custom_target(coscan_git_revision
                  COMMAND ${coscan_git_revision_command}
                  BYPRODUCTS "${COSCAN_GIT_REVISION_SOURCE}"
                  VERBATIM)
