# Warnings and sanitizers are applied per target so third-party headers stay quiet.
function(pgdatahub_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual)
  if(PGDATAHUB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(PGDATAHUB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(PGDATAHUB_TSAN)
  if(PGDATAHUB_SANITIZE)
    message(FATAL_ERROR "PGDATAHUB_TSAN and PGDATAHUB_SANITIZE cannot be combined: build them apart")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(PGDATAHUB_COVERAGE)
  add_compile_options(--coverage -fprofile-update=atomic)
  add_link_options(--coverage)
endif()

# libFuzzer: every object gets coverage instrumentation and the sanitizers;
# only the fuzz targets link the fuzzing engine (fuzz/CMakeLists.txt).
if(PGDATAHUB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PGDATAHUB_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
