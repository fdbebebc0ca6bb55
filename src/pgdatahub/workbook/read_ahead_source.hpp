#pragma once
// Pulls a ByteSource on a thread of its own, a few fixed buffers ahead of the
// reader, so inflating a large zip member overlaps with scanning it on the
// caller's thread. Memory stays flat: the buffers are allocated once.
#include <pgdatahub/workbook/byte_source.hpp>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace pgdatahub::workbook {

// Whether a large part is inflated on a thread of its own (OpenOptions).
enum class InflateThread : std::uint8_t {
  Auto,    // when the part is large and three cores are ours (a load keeps two
           // threads busy already); PGDATAHUB_INFLATE_THREAD=0 turns it off,
           // =1 on whatever the cores
  Never,   // inflate on the reader's thread (the plain twin, measurements)
  Always,  // whatever the size and the cores (tests)
};

class ReadAheadSource final : public ByteSource {
 public:
  static constexpr std::size_t default_buffer_size = 256U << 10;
  static constexpr std::size_t default_buffer_count = 4;

  // Starts the thread, which reads `inner` until its end, an error, or this
  // source's destruction; an error is rethrown by read() after the bytes
  // before it, as `inner` itself would have.
  explicit ReadAheadSource(std::unique_ptr<ByteSource> inner,
                           std::size_t buffer_size = default_buffer_size,
                           std::size_t buffer_count = default_buffer_count);
  // Stops the thread and waits for it: a reader abandoned early leaves no
  // thread behind (it finishes at most the one block it is producing).
  ~ReadAheadSource() override;
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;
  ReadAheadSource(ReadAheadSource&&) = delete;
  ReadAheadSource& operator=(ReadAheadSource&&) = delete;

  std::size_t read(std::span<char> out) override;

 private:
  struct Buffer {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;  // bytes filled
  };
  void produce() noexcept;
  // Fills `buffer` from m_inner; false when the inner source ended (or threw).
  bool fill(Buffer& buffer);
  bool take_next_buffer();

  std::unique_ptr<ByteSource> m_inner;  // touched by the thread only, once started
  bool m_inline = false;                // no thread could be started: read m_inner here
  std::size_t m_buffer_size;
  std::vector<Buffer> m_ring;

  // Guarded by m_mutex. The filled buffers are m_first .. m_first+m_filled-1
  // (mod the ring); the reader owns m_first while m_reading, the thread owns
  // the buffer after the filled ones while it fills it.
  std::mutex m_mutex;
  std::condition_variable m_filled_cv;
  std::condition_variable m_emptied_cv;
  std::size_t m_first = 0;
  std::size_t m_filled = 0;
  bool m_finished = false;  // the thread has published its last buffer
  bool m_stop = false;      // the reader is gone
  std::exception_ptr m_error;

  // The reader's side, unguarded.
  bool m_reading = false;
  std::size_t m_offset = 0;  // into m_ring[m_first]

  std::thread m_thread;  // last: started once everything above exists
};

// The stream a reader should scan for a zip member of `inflated_size` bytes:
// `part` itself, or `part` behind a ReadAheadSource when that pays (see
// InflateThread::Auto).
std::unique_ptr<ByteSource> read_ahead_when_it_pays(std::unique_ptr<ByteSource> part,
                                                    std::uint64_t inflated_size,
                                                    InflateThread choice);

}  // namespace pgdatahub::workbook
