# What `cmake --install` puts on a system and what CPack puts in the .deb:
# the program, its manual page and shell completions (both generated from
# the program's own --help, so they cannot drift from it), and the example
# configuration.
include(GNUInstallDirs)

install(TARGETS pgdatahub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES config/etl_config.yaml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The pages README.md links to, at the same relative place.
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md"
        PATTERN "*.json" PATTERN "*.png")

set(PGDATAHUB_GENERATED_DOCS ${CMAKE_BINARY_DIR}/generated-docs)
add_custom_command(
  OUTPUT ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PGDATAHUB_GENERATED_DOCS}
  COMMAND bash ${CMAKE_SOURCE_DIR}/packaging/make-manpage $<TARGET_FILE:pgdatahub>
          ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.1
  COMMAND gzip -9nf ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.1
  DEPENDS pgdatahub ${CMAKE_SOURCE_DIR}/packaging/make-manpage
          ${CMAKE_SOURCE_DIR}/packaging/manpage-sections.txt
  COMMENT "Writing pgdatahub(1) from --help")
add_custom_command(
  OUTPUT ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.bash ${PGDATAHUB_GENERATED_DOCS}/_pgdatahub
  COMMAND bash ${CMAKE_SOURCE_DIR}/packaging/make-completions $<TARGET_FILE:pgdatahub>
          ${PGDATAHUB_GENERATED_DOCS}
  DEPENDS pgdatahub ${CMAKE_SOURCE_DIR}/packaging/make-completions
  COMMENT "Writing bash and zsh completion from --help")
add_custom_target(pgdatahub_docs ALL
  DEPENDS ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.1.gz ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.bash)

install(FILES ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PGDATAHUB_GENERATED_DOCS}/pgdatahub.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME pgdatahub)
install(FILES ${PGDATAHUB_GENERATED_DOCS}/_pgdatahub
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

# A Debian package whose dependencies dpkg-shlibdeps reads off the program
# (libpq5, libisal2, libyaml-cpp0.7, libfmt9, libssl3, zlib1g...).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pgdatahub)
set(CPACK_PACKAGE_VENDOR "pgdatahub")
set(CPACK_PACKAGE_CONTACT "pgdatahub maintainers <pgdatahub@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "load folders of spreadsheets into PostgreSQL tables, exactly once, and undo any import")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The embedded database needs the server programs; a user's own server does not.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-15 | postgresql")
include(CPack)
