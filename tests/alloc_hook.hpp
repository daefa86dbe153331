#pragma once
/// Counts heap allocations by replacing the global operator new and delete. Include it
/// in exactly one translation unit per test executable (it defines the replacements).
/// Use: alloc_hook::reset(); ...; CHECK(alloc_hook::count() == 0);
/// Counting is process-wide and atomic, so anything the test framework allocates in
/// between counts too: keep assertions out of the measured region.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace alloc_hook {

inline std::atomic<std::size_t> allocations{0};

inline void reset() {
  allocations.store(0, std::memory_order_relaxed);
}
inline std::size_t count() {
  return allocations.load(std::memory_order_relaxed);
}

inline void* allocate(std::size_t size, std::size_t align = alignof(std::max_align_t)) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (size == 0) size = 1;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(size);
  } else {
    size = (size + align - 1) / align * align;  // aligned_alloc wants a multiple
    p = std::aligned_alloc(align, size);
  }
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace alloc_hook

void* operator new(std::size_t size) {
  return alloc_hook::allocate(size);
}
void* operator new[](std::size_t size) {
  return alloc_hook::allocate(size);
}
void* operator new(std::size_t size, std::align_val_t align) {
  return alloc_hook::allocate(size, static_cast<std::size_t>(align));
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return alloc_hook::allocate(size, static_cast<std::size_t>(align));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return alloc_hook::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return alloc_hook::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
// These deletes free what the news above took from malloc; GCC cannot see the pairing
// through the replacement and warns at -O1.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop
