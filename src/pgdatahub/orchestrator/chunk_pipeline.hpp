#pragma once
// Reads a sheet on its own thread into a few recycled ChunkBuffers, so that
// reading the next rows (XML scanning, cell conversion) overlaps with typing,
// encoding and sending the current ones. Memory stays bounded: at most
// `buffer_count` chunks exist at any time.
#include <pgdatahub/orchestrator/chunk_buffer.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace pgdatahub::transform {
class RowTransform;
}

namespace pgdatahub::orchestrator {

class ChunkPipeline {
 public:
  // Starts reading at once. `reader` must outlive the pipeline and must not be
  // used by anyone else until next() has returned null or the pipeline is gone.
  // Its lasting_texts() are not copied into the chunks but kept by view.
  // With a `transform` (which must outlive the pipeline and is used on its
  // thread only), each chunk holds the rows it makes of the rows read, and
  // their headers; its errors come out of next() like the reader's.
  ChunkPipeline(workbook::SheetReader& reader, std::size_t chunk_rows,
                const std::atomic<bool>& stop, transform::RowTransform* transform = nullptr);
  // Stops the reading thread and joins it, on every path.
  ~ChunkPipeline();
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // The next chunk of rows, in sheet order, valid until the next call; null at
  // the end of the sheet, after which the reader is free again. Rethrows what
  // the reader threw (FileError) once the chunks read before it are handed
  // out; throws Interrupted when `stop` ended the reading.
  const ChunkBuffer* next();

 private:
  static constexpr std::size_t buffer_count = 3;

  void produce() noexcept;
  // Reads up to a chunk of rows into `chunk`; false at the end of the sheet.
  // `stopped` is set when a stop request or the consumer ended the reading.
  bool read_rows(ChunkBuffer& chunk, bool& stopped);
  void stop_and_join() noexcept;

  workbook::SheetReader& m_reader;
  const std::size_t m_chunk_rows;
  const std::atomic<bool>& m_stop;
  transform::RowTransform* m_transform;
  ChunkBuffer m_read;                 // with a transform: the rows as read, before it
  std::atomic<bool> m_cancel{false};  // the consumer is gone: stop reading

  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::array<ChunkBuffer, buffer_count> m_buffers;
  std::deque<ChunkBuffer*> m_free;  // guarded by m_mutex, like the three below
  std::deque<ChunkBuffer*> m_full;
  bool m_finished = false;           // the producer has handed over its last chunk
  bool m_interrupted = false;        // it finished because `stop` was set
  std::exception_ptr m_error;        // what the reader threw
  ChunkBuffer* m_current = nullptr;  // held by the consumer

  std::thread m_thread;  // last: started once everything above exists
};

}  // namespace pgdatahub::orchestrator
