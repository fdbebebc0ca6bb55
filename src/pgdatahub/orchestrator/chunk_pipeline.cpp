#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/chunk_pipeline.hpp>

#include <algorithm>

namespace pgdatahub::orchestrator {

ChunkPipeline::ChunkPipeline(workbook::SheetReader& reader, std::size_t chunk_rows,
                             const std::atomic<bool>& stop)
    : m_reader(reader), m_chunk_rows(std::max<std::size_t>(chunk_rows, 1)), m_stop(stop) {
  for (auto& buffer : m_buffers) m_free.push_back(&buffer);
  m_thread = std::thread([this] { produce(); });
}

ChunkPipeline::~ChunkPipeline() { stop_and_join(); }

void ChunkPipeline::stop_and_join() noexcept {
  if (!m_thread.joinable()) return;
  {
    const std::lock_guard lock(m_mutex);
    m_cancel.store(true);
  }
  m_changed.notify_all();
  m_thread.join();
}

const ChunkBuffer* ChunkPipeline::next() {
  std::unique_lock lock(m_mutex);
  if (m_current != nullptr) {
    m_free.push_back(m_current);
    m_current = nullptr;
    m_changed.notify_all();
  }
  m_changed.wait(lock, [this] { return !m_full.empty() || m_finished; });
  // Chunks read before a failure are handed out first, so errors come in the
  // order a single-threaded read would have raised them.
  if (!m_full.empty()) {
    m_current = m_full.front();
    m_full.pop_front();
    return m_current;
  }
  const std::exception_ptr error = m_error;
  const bool interrupted = m_interrupted;
  lock.unlock();
  stop_and_join();  // the thread has nothing left to do; joining frees the reader
  if (error) std::rethrow_exception(error);
  if (interrupted) throw Interrupted();
  return nullptr;
}

void ChunkPipeline::produce() noexcept {
  auto finish = [this](std::exception_ptr error, bool interrupted) {
    {
      const std::lock_guard lock(m_mutex);
      m_finished = true;
      m_error = std::move(error);
      m_interrupted = interrupted;
    }
    m_changed.notify_all();
  };
  try {
    workbook::RowView row;
    for (;;) {
      ChunkBuffer* chunk = nullptr;
      {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_free.empty() || m_cancel.load(); });
        if (m_cancel.load()) return;
        chunk = m_free.front();
        m_free.pop_front();
      }
      chunk->clear();
      bool more = true;
      bool stopped = false;
      while (chunk->rows() < m_chunk_rows && (more = m_reader.next_row(row))) {
        chunk->add(row);
        if (m_stop.load(std::memory_order_relaxed) || m_cancel.load(std::memory_order_relaxed)) {
          stopped = true;
          break;
        }
      }
      if (stopped) {
        finish(nullptr, true);
        return;
      }
      {
        const std::lock_guard lock(m_mutex);
        if (chunk->empty()) {
          m_free.push_back(chunk);
        } else {
          m_full.push_back(chunk);
        }
      }
      m_changed.notify_all();
      if (!more) {
        finish(nullptr, false);
        return;
      }
    }
  } catch (...) {
    finish(std::current_exception(), false);
  }
}

}  // namespace pgdatahub::orchestrator
