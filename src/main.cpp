#include <pgdatahub/cli/cli.hpp>

int main(int argc, char** argv) { return pgdatahub::cli::run(argc, argv); }
