#include <pgdatahub/workbook/read_ahead_source.hpp>

#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <system_error>

namespace pgdatahub::workbook {
namespace {

// Below this a part inflates in a few milliseconds: a thread would not pay.
constexpr std::uint64_t min_threaded_bytes = 4U << 20;
// A load already keeps two threads busy (the reader's and the one that types
// and sends its rows), so the inflater pays only with a third core; measured
// on two cores, it cost 2-10% more CPU and gained nothing end to end
// (bench/README.md).
constexpr unsigned min_threaded_cores = 3;

// The cores this process may run on (taskset, cpusets), not the machine's.
unsigned usable_cores() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

// PGDATAHUB_INFLATE_THREAD: "0" never, "1" for every large part whatever
// the cores (measurements), anything else (or unset) leaves it to the cores.
InflateThread environment_choice() noexcept {
  const char* value = std::getenv("PGDATAHUB_INFLATE_THREAD");
  if (value == nullptr) return InflateThread::Auto;
  const std::string_view text(value);
  if (text == "0") return InflateThread::Never;
  if (text == "1") return InflateThread::Always;
  return InflateThread::Auto;
}

}  // namespace

ReadAheadSource::ReadAheadSource(std::unique_ptr<ByteSource> inner, std::size_t buffer_size,
                                 std::size_t buffer_count)
    : m_inner(std::move(inner)),
      m_buffer_size(std::max<std::size_t>(buffer_size, 1)),
      m_ring(std::max<std::size_t>(buffer_count, 2)) {
  for (Buffer& buffer : m_ring) buffer.bytes = std::make_unique<char[]>(m_buffer_size);
  // A system out of threads (or at its limit of them) still reads the file:
  // the part is then inflated on the reader's thread, as when it does not pay.
  try {
    m_thread = std::thread([this] { produce(); });
  } catch (const std::system_error&) {
    m_inline = true;
  }
}

ReadAheadSource::~ReadAheadSource() {
  {
    const std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_emptied_cv.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

bool ReadAheadSource::fill(Buffer& buffer) {
  buffer.size = 0;
  while (buffer.size < m_buffer_size) {
    const std::size_t n = m_inner->read(
        std::span<char>(buffer.bytes.get() + buffer.size, m_buffer_size - buffer.size));
    if (n == 0) return false;
    buffer.size += n;
  }
  return true;
}

void ReadAheadSource::produce() noexcept {
  std::size_t next = 0;  // the ring slot this thread fills next
  for (;;) {
    {
      std::unique_lock lock(m_mutex);
      m_emptied_cv.wait(lock, [this] { return m_stop || m_filled < m_ring.size(); });
      if (m_stop) return;
    }
    Buffer& buffer = m_ring[next];
    bool more = false;
    std::exception_ptr error;
    try {
      more = fill(buffer);
    } catch (...) {
      error = std::current_exception();
    }
    {
      // The bytes read before an error are handed out before it, as the
      // inner source would have.
      const std::lock_guard lock(m_mutex);
      if (buffer.size != 0) ++m_filled;
      if (!more) {
        m_error = error;
        m_finished = true;
      }
    }
    m_filled_cv.notify_one();
    if (!more) return;
    next = (next + 1) % m_ring.size();
  }
}

bool ReadAheadSource::take_next_buffer() {
  std::unique_lock lock(m_mutex);
  if (m_reading) {
    // The buffer just drained goes back to the thread.
    m_reading = false;
    m_first = (m_first + 1) % m_ring.size();
    --m_filled;
    m_emptied_cv.notify_one();
  }
  m_filled_cv.wait(lock, [this] { return m_filled != 0 || m_finished; });
  if (m_filled == 0) {
    if (m_error) std::rethrow_exception(m_error);
    return false;
  }
  m_reading = true;
  m_offset = 0;
  return true;
}

std::size_t ReadAheadSource::read(std::span<char> out) {
  if (m_inline) return m_inner->read(out);
  if (out.empty()) return 0;
  if (!m_reading || m_offset == m_ring[m_first].size) {
    if (!take_next_buffer()) return 0;
  }
  const Buffer& buffer = m_ring[m_first];
  const std::size_t n = std::min(out.size(), buffer.size - m_offset);
  std::memcpy(out.data(), buffer.bytes.get() + m_offset, n);
  m_offset += n;
  return n;
}

std::unique_ptr<ByteSource> read_ahead_when_it_pays(std::unique_ptr<ByteSource> part,
                                                    std::uint64_t inflated_size,
                                                    InflateThread choice) {
  bool pays = choice == InflateThread::Always;
  if (choice == InflateThread::Auto && inflated_size >= min_threaded_bytes) {
    switch (environment_choice()) {
      case InflateThread::Never:
        break;
      case InflateThread::Always:
        pays = true;
        break;
      case InflateThread::Auto:
        pays = usable_cores() >= min_threaded_cores;
        break;
    }
  }
  if (!pays) return part;
  return std::make_unique<ReadAheadSource>(std::move(part));
}

}  // namespace pgdatahub::workbook
