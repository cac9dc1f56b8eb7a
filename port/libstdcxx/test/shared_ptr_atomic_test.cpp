// Atomic shared_ptr on the MCU: the free functions (std::atomic_load / store / exchange /
// compare_exchange on shared_ptr*, locked through std::_Sp_locker's mutex pool) and
// std::atomic<std::shared_ptr<T>>, each driven by several threads to an exact total with no
// leaked or doubly destroyed object.
#include <atomic>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "check.hpp"

namespace {

constexpr int kThreads = 4;
constexpr int kIncrements = 300;

std::atomic<int> live{0};  // Counted objects alive now

struct Counted {
    explicit Counted(long v) : value(v), check(~v) { ++live; }
    ~Counted() {
        --live;
        value = check = 0;  // a use after free reads a torn pair
    }
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;
    long value;
    long check;
    bool intact() const { return check == ~value; }
};

template <typename F>
void on_threads(F f) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back(f, t);
    for (auto& t : threads)
        t.join();
}

void free_functions_count_exactly() {
    {
        auto shared = std::make_shared<Counted>(0);
        CHECK(!std::atomic_is_lock_free(&shared));  // threads run: the pool locks
        std::atomic<bool> torn{false};
        on_threads([&](int) {
            for (int i = 0; i < kIncrements; ++i) {
                auto seen = std::atomic_load(&shared);
                for (;;) {
                    if (!seen->intact())
                        torn = true;
                    auto next = std::make_shared<Counted>(seen->value + 1);
                    if (std::atomic_compare_exchange_weak(&shared, &seen, next))
                        break;
                    if (i % 8 == 0)
                        std::this_thread::yield();
                }
            }
        });
        CHECK(!torn);
        CHECK(std::atomic_load(&shared)->value == kThreads * kIncrements);
        CHECK(shared.use_count() == 1);
        CHECK(live == 1);
        std::printf("free functions: %ld\n", shared->value);
    }
    CHECK(live == 0);
}

void store_exchange_against_loads() {
    {
        auto shared = std::make_shared<Counted>(1);
        std::atomic<bool> torn{false};
        std::atomic<long> exchanged{0};
        on_threads([&](int t) {
            for (int i = 0; i < kIncrements; ++i) {
                if (t == 0) {
                    std::atomic_store(&shared, std::make_shared<Counted>(i));
                } else if (t == 1) {
                    auto old = std::atomic_exchange(&shared, std::make_shared<Counted>(-i));
                    if (!old->intact())
                        torn = true;
                    ++exchanged;
                } else if (!std::atomic_load_explicit(&shared, std::memory_order_acquire)
                                ->intact()) {
                    torn = true;
                }
                if (i % 16 == 0)
                    std::this_thread::yield();
            }
        });
        CHECK(!torn);
        CHECK(exchanged == kIncrements);
        CHECK(live == 1);
    }
    CHECK(live == 0);
}

void atomic_shared_ptr_counts_exactly() {
    {
        std::atomic<std::shared_ptr<Counted>> shared{std::make_shared<Counted>(0)};
        on_threads([&](int) {
            for (int i = 0; i < kIncrements; ++i) {
                auto seen = shared.load();
                while (!shared.compare_exchange_weak(seen,
                                                     std::make_shared<Counted>(seen->value + 1))) {
                }
            }
        });
        auto last = shared.load();
        CHECK(last->intact());
        CHECK(last->value == kThreads * kIncrements);
        CHECK(live == 1);
        std::printf("std::atomic<shared_ptr>: %ld\n", last->value);
    }
    CHECK(live == 0);
}

void two_pointer_lock_in_either_order() {
    // compare_exchange locks the slots of both shared_ptrs; threads passing them in opposite
    // roles must not deadlock.
    auto a = std::make_shared<Counted>(7);
    auto b = std::make_shared<Counted>(7);
    on_threads([&](int t) {
        for (int i = 0; i < kIncrements; ++i) {
            auto expected = t % 2 ? std::atomic_load(&b) : std::atomic_load(&a);
            auto value = t % 2 ? std::atomic_load(&a) : std::atomic_load(&b);
            (void)std::atomic_compare_exchange_strong(t % 2 ? &a : &b, &expected, value);
        }
    });
    CHECK(a->intact() && b->intact());
}

}  // namespace

int main() {
    mcustd::test::run("free_functions_count_exactly", free_functions_count_exactly);
    mcustd::test::run("store_exchange_against_loads", store_exchange_against_loads);
    mcustd::test::run("atomic_shared_ptr_counts_exactly", atomic_shared_ptr_counts_exactly);
    mcustd::test::run("two_pointer_lock_in_either_order", two_pointer_lock_in_either_order);
    return mcustd::test::finish("libstdcxx_shared_ptr_atomic");
}
