#pragma once
// The shared string table of a workbook, held compactly: one character
// buffer and one offset per string (rich text runs concatenated, phonetic
// runs dropped, _xHHHH_ escapes decoded, NULs removed).
//
// A large table can load behind the sheet that uses it: the first rows of a
// sheet name the first strings of its table, so a reader that waits for the
// string it needs (has()) starts as soon as the package is open instead of
// after the whole table.
#include <pgdatahub/workbook/byte_source.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pgdatahub::workbook::xlsx {

class SharedStrings {
 public:
  SharedStrings() = default;
  ~SharedStrings();  // stops and joins a load behind
  SharedStrings(const SharedStrings&) = delete;
  SharedStrings& operator=(const SharedStrings&) = delete;

  // Parses a sharedStrings part. Throws FileError on broken XML.
  // fast_paths = false: through the XML scanner's events only (the twin the
  // differential test compares with). `part_size`, the part's inflated size
  // if known (the zip entry's, which inflating holds it to), sizes the
  // character buffer once.
  void load(ByteSource& part, bool fast_paths = true, std::uint64_t part_size = 0);
  // The same parse on a thread of its own, strings usable as they are
  // loaded. `part_size` must bound the part's inflated size (the zip
  // entry's does): the buffers are sized from it once, so a string handed
  // out never moves. A FileError of the parse is thrown by has() for a
  // string it did not reach, and by finish_loading().
  void load_behind(std::unique_ptr<ByteSource> part, bool fast_paths, std::uint64_t part_size);

  // Whether string `index` exists. While a load behind runs, waits until it
  // is loaded or the table has ended.
  bool has(std::size_t index) const {
    return index < m_ready.load(std::memory_order_acquire) || wait_for(index);
  }
  // Waits for a load behind to end; throws its FileError if it failed.
  void finish_loading() const;
  bool loading() const noexcept { return m_loading.load(std::memory_order_acquire); }

  // The strings loaded so far (all of them once loading has finished).
  std::size_t size() const noexcept { return m_ready.load(std::memory_order_acquire); }
  // The characters of those strings together.
  std::size_t bytes() const noexcept {
    return m_offsets.data() == nullptr ? 0 : m_offsets.data()[size()];
  }
  // The character buffer, reserved: every string, loaded or to come, lies inside.
  std::string_view chars() const noexcept {
    return std::string_view(m_chars.data(), m_chars.capacity());
  }
  // The string at `index`; the caller checks has(index) first.
  std::string_view operator[](std::size_t index) const noexcept {
    // data(), not operator[]: a load behind may be appending to the vector.
    const std::uint32_t* const offsets = m_offsets.data();
    return std::string_view(m_chars.data() + offsets[index], offsets[index + 1] - offsets[index]);
  }
  // Starts loading the offsets of string `index` into the cache.
  void prefetch_offsets(std::size_t index) const noexcept {
    __builtin_prefetch(m_offsets.data() + index);
  }
  // NUL characters dropped from string `index` (almost always zero); the
  // caller checks has(index) first.
  std::uint32_t nul_removed(std::size_t index) const noexcept;

 private:
  // Sizes the buffers for a part of `part_size` bytes; `behind`: so that
  // they never move while the part loads behind its readers.
  void start(std::uint64_t part_size, bool behind);
  void parse(ByteSource& part, bool fast_paths);
  // The fast path: takes the run of plain items (<si><t>text</t></si>, text
  // without '<' or '&') that `bytes` starts with; returns the bytes taken.
  std::size_t take_plain_items(std::string_view bytes);
  // Appends to the current item's text.
  void append_text(std::string_view text);
  // Cleans the item's text from item_start on and records where it ends.
  void finish_item(std::size_t item_start);
  // Records where the item whose text is already clean ends.
  void end_item();
  // Makes the strings recorded so far usable; wakes a reader waiting for one.
  void publish();
  // has()'s wait, out of line.
  bool wait_for(std::size_t index) const;

  std::string m_chars;
  std::vector<std::uint32_t> m_offsets;                         // size() + 1 entries
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_nuls;  // (index, count), sorted
  std::atomic<std::size_t> m_ready{0};                          // strings usable
  std::atomic<bool> m_any_nuls{false};

  // The load behind: the state readers wait on.
  bool m_behind = false;  // readers run alongside: the buffers must not move
  std::thread m_loader;
  std::atomic<bool> m_loading{false};
  std::atomic<bool> m_cancelled{false};
  mutable std::atomic<int> m_waiting{0};
  mutable std::mutex m_mutex;  // guards m_failure and m_nuls while loading
  mutable std::condition_variable m_changed;
  std::exception_ptr m_failure;
};

}  // namespace pgdatahub::workbook::xlsx
