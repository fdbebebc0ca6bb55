#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/workbook/excel_date.hpp>

#include <cmath>

namespace pgdatahub::workbook {
namespace {

constexpr double millis_per_day = 86'400'000.0;
constexpr std::int64_t micros_per_milli = 1000;
constexpr double last_serial1900 = 2958466.0;              // 10000-01-01
constexpr double last_serial1904 = 2957004.0;              // 10000-01-01
constexpr std::int64_t epoch_serial1900 = 25569;           // 1970-01-01
constexpr std::int64_t epoch_serial1904 = 24107;           // 1970-01-01
constexpr double whole_doubles_from = 4503599627370496.0;  // 2^52

struct Split {
  std::int64_t days;
  std::int64_t millis;
};

// llround of a value in [0, 2^63) without the libm call: the truncation and
// what it leaves are both exact in a double, and a remainder of one half or
// more rounds up, as llround rounds halves away from zero.
std::int64_t round_half_up(double value) noexcept {
  auto whole = static_cast<std::int64_t>(value);
  if (value - static_cast<double>(whole) >= 0.5) ++whole;
  return whole;
}

// |serial| < 2^53 (whole days and a fraction, the fraction rounded to the
// millisecond). The day is floor(serial) by integer truncation, one step down
// for a negative fraction; the fraction is computed as floor's was, so every
// serial splits exactly as through std::floor and std::llround.
Split split_serial(double serial) noexcept {
  auto days = static_cast<std::int64_t>(serial);
  if (static_cast<double>(days) > serial) --days;
  auto millis = round_half_up((serial - static_cast<double>(days)) * millis_per_day);
  if (millis >= 86'400'000) {
    ++days;
    millis -= 86'400'000;
  }
  return {days, millis};
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}
  bool done() const noexcept { return m_pos == m_text.size(); }
  char peek() const noexcept { return done() ? '\0' : m_text[m_pos]; }
  bool eat(char c) noexcept {
    if (peek() != c) return false;
    ++m_pos;
    return true;
  }
  // Exactly `count` digits.
  std::optional<int> digits(std::size_t count) noexcept {
    if (m_text.size() - m_pos < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = m_text[m_pos + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    m_pos += count;
    return value;
  }
  // Fractional seconds after '.', as microseconds (extra digits truncated).
  std::int64_t fraction() noexcept {
    std::int64_t micros = 0;
    std::int64_t scale = 100000;
    while (!done() && peek() >= '0' && peek() <= '9') {
      micros += (peek() - '0') * scale;
      scale /= 10;
      ++m_pos;
    }
    return micros;
  }

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

std::optional<std::int64_t> parse_time(Cursor& in) noexcept {
  const auto h = in.digits(2);
  if (!h || !in.eat(':')) return std::nullopt;
  const auto m = in.digits(2);
  if (!m) return std::nullopt;
  int s = 0;
  std::int64_t frac = 0;
  if (in.eat(':')) {
    const auto sec = in.digits(2);
    if (!sec) return std::nullopt;
    s = *sec;
    if (in.eat('.') || in.eat(',')) frac = in.fraction();
  }
  if (*h > 24 || *m > 59 || s > 60) return std::nullopt;
  return ((static_cast<std::int64_t>(*h) * 60 + *m) * 60 + s) * types::micros_per_second + frac;
}

// "Z", "+hh:mm", "+hhmm", "+hh" or nothing; returns the offset to subtract.
std::optional<std::int64_t> parse_zone(Cursor& in) noexcept {
  if (in.done()) return 0;
  if (in.eat('Z') || in.eat('z')) return in.done() ? std::optional<std::int64_t>(0) : std::nullopt;
  const char sign = in.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  in.eat(sign);
  const auto h = in.digits(2);
  if (!h) return std::nullopt;
  int m = 0;
  in.eat(':');
  if (!in.done()) {
    const auto mm = in.digits(2);
    if (!mm) return std::nullopt;
    m = *mm;
  }
  if (!in.done()) return std::nullopt;
  const std::int64_t offset =
      (static_cast<std::int64_t>(*h) * 60 + m) * 60 * types::micros_per_second;
  return sign == '+' ? offset : -offset;
}

}  // namespace

std::optional<std::int64_t> excel_serial_to_micros(double serial, DateSystem system) noexcept {
  const double last = system == DateSystem::Excel1900 ? last_serial1900 : last_serial1904;
  if (!(serial >= 0.0) || !(serial < last)) return std::nullopt;
  const Split split = split_serial(serial);
  // One plain day count for every serial, so no two serials share a timestamp
  // (see the header for the phantom 1900-02-29).
  const std::int64_t epoch_days =
      split.days - (system == DateSystem::Excel1900 ? epoch_serial1900 : epoch_serial1904);
  return epoch_days * types::micros_per_day + split.millis * micros_per_milli;
}

std::int64_t excel_time_of_day_micros(double serial) noexcept {
  // From 2^52 on a double holds no fraction of a day: midnight.
  if (!(std::fabs(serial) < whole_doubles_from)) return 0;
  return split_serial(serial).millis * micros_per_milli;
}

std::int64_t excel_duration_micros(double serial) noexcept {
  return round_half_up(serial * millis_per_day) * micros_per_milli;
}

std::optional<DateValue> parse_iso8601(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ')) text.remove_suffix(1);
  Cursor in(text);
  if (text.size() >= 3 && text[2] == ':') {
    const auto time = parse_time(in);
    if (!time || !in.done() || *time >= types::micros_per_day) return std::nullopt;
    return DateValue{CellKind::Time, *time};
  }
  const bool negative = in.eat('-');
  const auto year = in.digits(4);
  if (!year || !in.eat('-')) return std::nullopt;
  const auto month = in.digits(2);
  if (!month || !in.eat('-')) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  const std::int64_t days = types::days_from_civil(
      negative ? -*year : *year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  if (in.done()) return DateValue{CellKind::Date, days * types::micros_per_day};
  if (!in.eat('T') && !in.eat('t') && !in.eat(' ')) return std::nullopt;
  const auto time = parse_time(in);
  if (!time) return std::nullopt;
  const auto zone = parse_zone(in);
  if (!zone) return std::nullopt;
  return DateValue{CellKind::DateTime, days * types::micros_per_day + *time - *zone};
}

}  // namespace pgdatahub::workbook
