#include <pgdatahub/core/mapping_guard.hpp>

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

namespace pgdatahub {
namespace {

// A run maps at most a few files at once (the one loading, the next one
// prepared); the slots leave room for library users that map more.
constexpr std::size_t slot_count = 64;

enum SlotState : int { free_slot, claimed, guarding };

struct Slot {
  std::atomic<int> state{free_slot};
  std::atomic<std::uintptr_t> base{0};
  std::atomic<std::size_t> size{0};
  std::atomic<bool> faulted{false};
};

// Lock-free and fixed: the signal handler reads them.
std::array<Slot, slot_count> slots;
std::uintptr_t page_bytes = 4096;
struct sigaction previous_action {};

void on_sigbus(int signal, siginfo_t* info, void* context) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (auto& slot : slots) {
    if (slot.state.load(std::memory_order_acquire) != guarding) continue;
    const auto base = slot.base.load(std::memory_order_acquire);
    if (address < base || address - base >= slot.size.load(std::memory_order_acquire)) continue;
    const std::uintptr_t page = address & ~(page_bytes - 1);
    // mmap is a plain system call on Linux, safe here: the page past the
    // file's end becomes zeros, and the faulting read is retried on it.
    // NOLINTNEXTLINE(performance-no-int-to-ptr): the address lies in our mapping
    void* zeros = ::mmap(reinterpret_cast<void*>(page), page_bytes, PROT_READ,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (zeros != MAP_FAILED) {
      slot.faulted.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not a file we map: whoever handled SIGBUS before handles it, or the
  // default action ends the process as it would have without us.
  if ((previous_action.sa_flags & SA_SIGINFO) != 0 && previous_action.sa_sigaction != nullptr) {
    previous_action.sa_sigaction(signal, info, context);
    return;
  }
  ::sigaction(SIGBUS, &previous_action, nullptr);  // the read faults again, under it
}

void install_handler() {
  page_bytes = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  struct sigaction action {};
  action.sa_sigaction = on_sigbus;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGBUS, &action, &previous_action);
}

}  // namespace

MappingGuard::MappingGuard(const std::byte* base, std::size_t size) noexcept {
  static std::once_flag installed;
  std::call_once(installed, install_handler);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    auto& slot = slots[i];
    int expected = free_slot;
    // Claimed first, filled, then published: the handler only reads a slot
    // whose range is complete.
    if (!slot.state.compare_exchange_strong(expected, claimed, std::memory_order_acq_rel)) continue;
    slot.base.store(reinterpret_cast<std::uintptr_t>(base), std::memory_order_relaxed);
    slot.size.store(size, std::memory_order_relaxed);
    slot.faulted.store(false, std::memory_order_relaxed);
    slot.state.store(guarding, std::memory_order_release);
    m_slot = static_cast<int>(i);
    return;
  }
}

MappingGuard::~MappingGuard() {
  if (m_slot >= 0)
    slots[static_cast<std::size_t>(m_slot)].state.store(free_slot, std::memory_order_release);
}

bool MappingGuard::faulted() const noexcept {
  return m_slot >= 0 &&
         slots[static_cast<std::size_t>(m_slot)].faulted.load(std::memory_order_acquire);
}

}  // namespace pgdatahub
