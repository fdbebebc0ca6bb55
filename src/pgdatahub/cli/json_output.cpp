#include <pgdatahub/cli/json_output.hpp>

#include <cstdio>

namespace pgdatahub::cli {

void print_json(std::string_view command, const nlohmann::json& body) {
  // nlohmann::ordered_json keeps "format" and "command" first for readers
  // that look at the head of a document.
  nlohmann::ordered_json out;
  out["format"] = json_format;
  out["command"] = command;
  for (const auto& [key, value] : body.items()) out[key] = value;
  std::printf("%s\n", out.dump(2).c_str());
}

void print_json_error(std::string_view command, std::string_view kind, const std::string& message,
                      std::string_view hint) {
  print_json(command, {{"error",
                        {{"kind", kind},
                         {"message", message},
                         {"hint", hint.empty() ? nlohmann::json() : nlohmann::json(hint)}}}});
}

nlohmann::json iso_utc(const std::optional<std::string>& ledger_time) {
  if (!ledger_time) return nullptr;
  std::string text = *ledger_time;
  if (text.size() == 19 && text[10] == ' ') {
    text[10] = 'T';
    text += 'Z';
  }
  return text;
}

}  // namespace pgdatahub::cli
