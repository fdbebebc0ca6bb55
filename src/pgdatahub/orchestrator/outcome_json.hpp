#pragma once
// A file's outcome and a schema change as JSON objects: the field names of
// the JSON contract (docs/json.md), shared by `etl --json` and by etl.log
// when ETL_LOG_FORMAT=json, so a log shipper and a script read one shape.
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/schema/schema_plan.hpp>

#include <nlohmann/json.hpp>

namespace pgdatahub::orchestrator {

// {"table", "change", "column", "old_type", "new_type"}: null where a change
// kind has no such part.
nlohmann::json change_json(const schema::ChangeRecord& change);

// {"file", "table", "status", "sheet", "sha256", "rows", ...,
// "schema_changes"}: one element of `etl --json`'s "files".
nlohmann::json outcome_json(const FileOutcome& outcome);

}  // namespace pgdatahub::orchestrator
