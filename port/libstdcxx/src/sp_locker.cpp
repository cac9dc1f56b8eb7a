// std::_Sp_locker: the pool of mutexes behind the atomic shared_ptr free functions
// (std::atomic_load(const shared_ptr*), atomic_compare_exchange_*, ...). The prebuilt
// thread-model-"single" libstdc++ lacks it; this definition follows only the declaration in
// <bits/shared_ptr_atomic.h>: two one-byte keys naming pool slots, a one- and a two-pointer
// constructor, a destructor.
//
// An address hashes to one of kSlots statically initialised mutexes, so the pool works before
// and during static construction and costs no heap. Two addresses lock their slots in index
// order (the same slot once), so two lockers never wait on each other in opposite order. Before
// the scheduler runs there is one thread: the locker then records kNone and locks nothing, and its
// destructor releases only what its constructor took.
#include <cstdint>
#include <memory>
#include <mutex>

namespace {

constexpr unsigned char kSlots = 16;
constexpr unsigned char kNone = kSlots;  // "nothing locked"

constinit std::mutex pool[kSlots];

unsigned char slot_of(const void* p) noexcept {
    // Drop the low bits every shared_ptr shares (alignment), then fold the rest.
    auto a = reinterpret_cast<std::uintptr_t>(p) >> 3;
    a ^= a >> 4;
    a ^= a >> 8;
    return static_cast<unsigned char>(a % kSlots);
}

void lock_slot(unsigned char s) noexcept {
    if (s != kNone)
        pool[s].lock();  // std::mutex::lock throws only on a corrupt mutex: not ours
}

void unlock_slot(unsigned char s) noexcept {
    if (s != kNone)
        pool[s].unlock();
}

}  // namespace

namespace std {

_Sp_locker::_Sp_locker(const void* p) noexcept
    : _M_key1(__gthread_active_p() ? slot_of(p) : kNone), _M_key2(kNone) {
    lock_slot(_M_key1);
}

_Sp_locker::_Sp_locker(const void* p1, const void* p2) noexcept : _M_key1(kNone), _M_key2(kNone) {
    if (!__gthread_active_p())
        return;
    unsigned char a = slot_of(p1);
    unsigned char b = slot_of(p2);
    if (b < a)
        std::swap(a, b);
    _M_key1 = a;
    _M_key2 = a == b ? kNone : b;
    lock_slot(_M_key1);
    lock_slot(_M_key2);
}

_Sp_locker::~_Sp_locker() {
    unlock_slot(_M_key2);
    unlock_slot(_M_key1);
}

}  // namespace std
