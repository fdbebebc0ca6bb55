#pragma once
// The page's inline stylesheet and script, kept apart from the markup.
#include <string_view>

namespace pgdatahub::report {

// Light and dark by the system setting, print without the navigation,
// numbers right-aligned in tabular figures.
extern const std::string_view page_style;

// Sorts a table.sortable by the clicked header (data-v holds a cell's raw
// number); the page is complete without it.
extern const std::string_view page_script;

}  // namespace pgdatahub::report
