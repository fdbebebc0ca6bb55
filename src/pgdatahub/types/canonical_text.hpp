#pragma once
// The canonical text of a value, identical to what PostgreSQL prints when the
// same value is cast to text in a session with DateStyle=ISO,
// IntervalStyle=postgres and extra_float_digits=1 (the settings every
// pgdatahub connection uses): `123`, `0.1`, `1e+20`, `2024-03-01`,
// `2024-03-01 13:45:00`, `true`. A column widened to text therefore reads the
// same whether a value arrived before or after the widening.
#include <pgdatahub/workbook/cell.hpp>

#include <string>

namespace pgdatahub::types {

// Appends the canonical text of `cell` to `out` (nothing for Empty/Error).
void append_canonical_text(const workbook::Cell& cell, std::string& out);

// Shortest round-trip text of a double, as PostgreSQL's float8out prints it.
void append_double_text(double value, std::string& out);

}  // namespace pgdatahub::types
