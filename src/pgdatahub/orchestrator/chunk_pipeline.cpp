#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/chunk_pipeline.hpp>
#include <pgdatahub/transform/row_transform.hpp>

#include <algorithm>

namespace pgdatahub::orchestrator {

ChunkPipeline::ChunkPipeline(workbook::SheetReader& reader, std::size_t chunk_rows,
                             const std::atomic<bool>& stop, transform::RowTransform* transform)
    : m_reader(reader),
      m_chunk_rows(std::max<std::size_t>(chunk_rows, 1)),
      m_stop(stop),
      m_transform(transform) {
  // The chunks keep the reader's lasting texts (shared strings) by view: the
  // reader outlives the pipeline, and with it every chunk. A transform's rows
  // hold views of m_read's copies, of the reader's lasting texts or of texts
  // it made: only the second lie inside the range, so only they are kept.
  const std::string_view lasting = reader.lasting_texts();
  m_read.keep_views_into(lasting);
  for (auto& buffer : m_buffers) {
    buffer.keep_views_into(lasting);
    m_free.push_back(&buffer);
  }
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
    ChunkBuffer* chunk = m_full.front();
    m_full.pop_front();
    m_current = chunk;
    lock.unlock();
    return chunk;
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
      bool stopped = false;
      bool more = true;
      if (m_transform == nullptr) {
        more = read_rows(*chunk, stopped);
      } else {
        m_read.clear();
        more = read_rows(m_read, stopped);
        if (!stopped) {
          for (std::size_t i = 0; i < m_read.rows(); ++i) {
            m_transform->apply(m_read.row(i),
                               [chunk](const workbook::RowView& shaped) { chunk->add(shaped); });
          }
          if (!more) m_transform->finish();
          chunk->set_headers(m_transform->headers());
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

bool ChunkPipeline::read_rows(ChunkBuffer& chunk, bool& stopped) {
  workbook::RowView row;
  while (chunk.rows() < m_chunk_rows) {
    if (!m_reader.next_row(row)) return false;
    chunk.add(row);
    if (m_stop.load(std::memory_order_relaxed) || m_cancel.load(std::memory_order_relaxed)) {
      stopped = true;
      return true;
    }
  }
  return true;
}

}  // namespace pgdatahub::orchestrator
