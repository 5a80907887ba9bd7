# The git revision is recorded in every results file; it is read at configure time.
find_package(Git QUIET)
set(COSCAN_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                  OUTPUT_VARIABLE COSCAN_GIT_REVISION OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  if(NOT COSCAN_GIT_REVISION)
    set(COSCAN_GIT_REVISION "unknown")
  endif()
endif()
