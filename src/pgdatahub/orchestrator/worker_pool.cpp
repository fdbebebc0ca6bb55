#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/ledger/run_queue.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/worker_pool.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

namespace pgdatahub::orchestrator {
namespace {

// How often an idle worker looks at the queue again while others hold
// claims: one of them may die and leave its file to be taken over.
constexpr auto idle_poll = std::chrono::milliseconds(100);

ledger::FileResult result_of(const FileOutcome& outcome) {
  ledger::FileResult result;
  result.state = std::string(status_name(outcome.status));
  result.rows = outcome.rows;
  result.import_id = outcome.import_id;
  result.error = outcome.error;
  return result;
}

}  // namespace

// The observer is the caller's and not made for threads: its calls take
// turns, so the display sees one event at a time.
class WorkerPool::SerialObserver : public RunObserver {
 public:
  explicit SerialObserver(RunObserver& inner) : m_inner(inner) {}
  void file_started(const FileJob& job, std::size_t index, std::size_t total) override {
    std::lock_guard lock(m_mutex);
    m_inner.file_started(job, index, total);
  }
  void rows_progress(std::uint64_t rows) override {
    std::lock_guard lock(m_mutex);
    m_inner.rows_progress(rows);
  }
  void file_finished(const FileOutcome& outcome) override {
    std::lock_guard lock(m_mutex);
    m_inner.file_finished(outcome);
  }
  void notice(std::string_view message) override {
    std::lock_guard lock(m_mutex);
    m_inner.notice(message);
  }
  void pause_tick(std::size_t seconds_left) override {
    std::lock_guard lock(m_mutex);
    m_inner.pause_tick(seconds_left);
  }

 private:
  RunObserver& m_inner;
  std::mutex m_mutex;
};

WorkerPool::WorkerPool(std::vector<database::Connection*> connections,
                       const config::Settings& settings, RunObserver& observer,
                       const std::atomic<bool>& stop, RunHooks hooks, PoolOptions options)
    : m_connections(std::move(connections)),
      m_settings(settings),
      m_observer(std::make_unique<SerialObserver>(observer)),
      m_stop(stop),
      m_hooks(std::move(hooks)),
      m_options(std::move(options)) {}

WorkerPool::~WorkerPool() = default;

namespace {

// Workers finish files in whatever order their loads take; the summary lists
// them in the plan's order, so what a run prints does not depend on --jobs.
// A file outside the plan (claimed from a shared run) keeps its place after.
void list_in_plan_order(const RunPlan& plan, std::vector<FileOutcome>& outcomes) {
  std::unordered_map<std::string, std::size_t> position;
  for (const auto& section : plan.sections) {
    for (const auto& job : section) position.emplace(job.source_file, position.size());
  }
  auto place = [&](const FileOutcome& outcome) {
    const auto it = position.find(outcome.source_file);
    return it == position.end() ? position.size() : it->second;
  };
  std::stable_sort(outcomes.begin(), outcomes.end(),
                   [&](const FileOutcome& a, const FileOutcome& b) { return place(a) < place(b); });
}

}  // namespace

RunSummary WorkerPool::run(const RunPlan& plan, PreparedFile first) {
  const auto started = std::chrono::steady_clock::now();
  m_first = std::move(first);
  m_summary = RunSummary{};
  m_summary.skipped = plan.skipped;
  // Workers spread over the folders (claim_next prefers a table no one is
  // loading), so a folder's next file is most likely claimed by the worker
  // that loads the one before it: that worker prepares it ahead.
  for (const auto& section : plan.sections) {
    for (std::size_t i = 0; i < section.size(); ++i) {
      m_jobs.emplace(section[i].source_file, section[i]);
      m_remaining.push_back(section[i]);
      if (i + 1 < section.size()) m_next_in_folder[section[i].source_file] = &section[i + 1];
    }
  }
  m_total = m_options.owns_run ? m_remaining.size()
                               : ledger::pending_count(*m_connections.front(), m_options.run_id);

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < m_connections.size(); ++i)
    threads.emplace_back([this, i] { work(i, *m_connections[i]); });
  // The caller's stop request reaches the loaders through m_halt; this
  // thread relays it while it works as the first worker. It is woken when
  // the workers are done, so the run does not end up to a poll late.
  std::mutex relay_mutex;
  std::condition_variable relay_wake;
  bool done = false;
  std::thread relay([&] {
    std::unique_lock lock(relay_mutex);
    while (!relay_wake.wait_for(lock, std::chrono::milliseconds(20), [&] { return done; })) {
      if (m_stop.load()) halt("stopped on request");
    }
  });
  work(0, *m_connections.front());
  for (auto& thread : threads) thread.join();
  {
    std::lock_guard lock(relay_mutex);
    done = true;
  }
  relay_wake.notify_one();
  relay.join();
  m_first = {};  // claimed by no worker here (the run stopped first): dropped, its thread joined
  list_in_plan_order(plan, m_summary.outcomes);

  auto& conn = *m_connections.front();
  const auto elapsed = std::chrono::steady_clock::now() - started;
  try {
    if (m_summary.stopped) {
      m_summary.remaining = m_remaining;
      log_stop(m_summary);
      if (m_options.owns_run) ledger::stop_run(conn, m_options.run_id, m_summary.stop_reason);
    } else {
      ledger::finish_if_done(conn, m_options.run_id);
    }
    if (m_options.owns_run) {
      ledger::add_active_time(
          conn, m_options.run_id,
          std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    }
  } catch (const database::ConnectionError&) {
    // The run's record waits for the next resume; the summary says why.
  }
  m_summary.seconds = std::chrono::duration<double>(elapsed).count();
  return std::move(m_summary);
}

void WorkerPool::work(std::size_t worker, database::Connection& conn) {
  FileLoader loader(&conn, m_settings, *m_observer, m_halt);
  const std::string name = fmt::format("{}/{}", m_options.worker_name, worker + 1);
  try {
    while (!m_halt.load()) {
      wait_while_paused();
      if (m_halt.load()) break;
      const std::uint64_t queue_seen = queue_moves();
      std::optional<ledger::ClaimedFile> claimed;
      PreparedFile prepared;
      {
        // A pause decided while this worker waited for the gate starts no
        // file after it: the claim waits for the pause's end.
        std::lock_guard gate(m_claim_gate);
        if (pausing()) continue;
        claimed = ledger::claim_next(conn, m_options.run_id, name);
        // The first claim takes the file prepared while the run connected:
        // its loader uses it if the claim is that file, else drops it.
        if (claimed) prepared = std::exchange(m_first, {});
      }
      if (!claimed) {
        if (!ledger::is_running(conn, m_options.run_id)) break;
        if (ledger::pending_count(conn, m_options.run_id) == 0 &&
            ledger::claimed_count(conn, m_options.run_id) == 0)
          break;
        wait_for_queue(queue_seen);
        continue;
      }
      const auto found = m_jobs.find(claimed->source_file);
      if (found == m_jobs.end()) {
        ledger::finish_file(
            conn, *claimed,
            {"failed", 0, 0,
             fmt::format("worker {} does not see this file under its DATA_DIR: give every worker "
                         "the same folder",
                         name)});
        continue;
      }
      FileJob job = found->second;
      job.table = claimed->table;  // the run's, should this worker's config differ
      if (claimed->claims > 1) {
        m_observer->notice(
            fmt::format("{}: taken over from a worker that stopped mid-file", job.source_file));
      }
      loader.take_over(std::move(prepared));
      m_observer->file_started(job, ++m_index, m_total);
      const auto next = m_next_in_folder.find(job.source_file);
      auto outcome =
          loader.load(job, true, next == m_next_in_folder.end() ? nullptr : next->second);
      m_observer->file_finished(outcome);
      if (outcome.status == FileStatus::Interrupted) {
        ledger::release_file(conn, *claimed);
        queue_moved();
        break;
      }
      // The pause is decided while this worker still holds its claim: once
      // the claim is let go another worker may claim, and it must already
      // see the pause.
      const auto pause = record(outcome);
      ledger::finish_file(conn, *claimed, result_of(outcome));
      queue_moved();
      if (pause) hold_pause(conn, *pause);
    }
  } catch (const database::ConnectionError& e) {
    halt(e.what());
  } catch (const Error& e) {
    halt(e.what());
  }
}

std::optional<std::size_t> WorkerPool::record(const FileOutcome& outcome) {
  std::lock_guard gate(m_claim_gate);
  std::lock_guard lock(m_mutex);
  count_outcome(outcome, m_summary);
  auto it = std::find_if(m_remaining.begin(), m_remaining.end(), [&](const FileJob& job) {
    return job.source_file == outcome.source_file;
  });
  if (it != m_remaining.end()) m_remaining.erase(it);
  if (m_hooks.checkpoint) m_hooks.checkpoint(m_summary, m_remaining, SafePoint::AfterFile);
  // Every ETL_PAUSE_EVERY files loaded by this process's workers, all of
  // them pause between files.
  if (outcome.status != FileStatus::Loaded) return std::nullopt;
  if (m_settings.pause_every == 0 || m_remaining.empty() || m_pausing) return std::nullopt;
  if (++m_loaded_since_pause < m_settings.pause_every) return std::nullopt;
  m_loaded_since_pause = 0;
  m_pausing = true;
  if (m_hooks.checkpoint) m_hooks.checkpoint(m_summary, m_remaining, SafePoint::Pause);
  return m_remaining.size();
}

std::uint64_t WorkerPool::queue_moves() {
  std::lock_guard lock(m_mutex);
  return m_queue_moves;
}

void WorkerPool::queue_moved() {
  {
    std::lock_guard lock(m_mutex);
    ++m_queue_moves;
  }
  m_queue_change.notify_all();
}

// A file this process's workers finish or give back wakes the idle ones at
// once (the last file's end, above all, need not wait out a poll); files
// of other processes' workers are seen at the next poll.
void WorkerPool::wait_for_queue(std::uint64_t seen) {
  std::unique_lock lock(m_mutex);
  m_queue_change.wait_for(lock, idle_poll, [&] { return m_queue_moves != seen || m_halt.load(); });
}

bool WorkerPool::pausing() {
  std::lock_guard lock(m_mutex);
  return m_pausing;
}

void WorkerPool::halt(const std::string& reason) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_summary.stopped) {
      m_summary.stopped = true;
      m_summary.stop_reason = reason;
      if (reason != "stopped on request") {
        log_error(reason);
        m_observer->notice(reason);
      }
    }
  }
  m_halt = true;
  m_resume.notify_all();
  m_queue_change.notify_all();
}

void WorkerPool::wait_while_paused() {
  std::unique_lock lock(m_mutex);
  m_resume.wait(lock, [this] { return !m_pausing || m_halt.load(); });
}

// The worker that loaded the file the pause came after counts the seconds;
// the others wait before their next claim.
void WorkerPool::hold_pause(database::Connection& conn, std::size_t remaining_files) {
  ledger::count_pause(conn, m_options.run_id);
  log_pause(m_settings, remaining_files);
  m_observer->notice(fmt::format("pausing {} s after {} loaded files", m_settings.pause_seconds,
                                 m_settings.pause_every));
  for (std::size_t left = m_settings.pause_seconds; left > 0 && !m_halt.load(); --left) {
    m_observer->pause_tick(left);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  m_observer->pause_tick(0);
  {
    std::lock_guard lock(m_mutex);
    m_pausing = false;
  }
  m_resume.notify_all();
}

std::size_t choose_jobs(database::Connection& conn, std::size_t requested) {
  std::size_t jobs = requested;
  if (jobs == 0) jobs = std::max(1U, std::thread::hardware_concurrency());
  // Leave the server room for other clients: at most half of what is free.
  auto spare = conn.exec(
                       "SELECT current_setting('max_connections')::int - "
                       "current_setting('superuser_reserved_connections')::int - (SELECT "
                       "count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')")
                   .int64(0, 0);
  const auto cap = static_cast<std::size_t>(std::max<std::int64_t>(1, spare / 2));
  return std::min(jobs, cap);
}

}  // namespace pgdatahub::orchestrator
