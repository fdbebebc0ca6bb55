# Every dependency comes from Debian 12's packages (scripts/setup installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)       # the PostgreSQL wire protocol, COPY
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)      # fastest streaming inflate on x86
pkg_check_modules(LIBXML2 REQUIRED libxml-2.0)                # HTML tables saved as .xls
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)    # transforms: file_pattern, filter
# The folders' transform scripts: Lua 5.4 (measured faster than LuaJIT here,
# see scripts/setup); -DPGDATAHUB_LUA=luajit builds with LuaJIT instead.
set(PGDATAHUB_LUA "lua5.4" CACHE STRING "Lua for transform scripts: lua5.4 or luajit")
pkg_check_modules(LUA REQUIRED ${PGDATAHUB_LUA})
find_package(ZLIB REQUIRED)                                   # crc32 and portable fallback
find_package(OpenSSL REQUIRED)                                # SHA-256
find_package(yaml-cpp REQUIRED)                               # etl_config.yaml (JSON is YAML too)
find_package(nlohmann_json REQUIRED)                          # --json output, pause file
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
