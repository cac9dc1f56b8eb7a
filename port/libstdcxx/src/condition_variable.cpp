// std::condition_variable's out-of-line members and notify_all_at_thread_exit.
#include <condition_variable>
#include <memory>
#include <mutex>

#include "thread_exit.hpp"

namespace std {

condition_variable::condition_variable() noexcept = default;
condition_variable::~condition_variable() noexcept = default;

void condition_variable::wait(unique_lock<mutex>& lock) {
    _M_cond.wait(*lock.mutex());
}
void condition_variable::notify_one() noexcept {
    _M_cond.notify_one();
}
void condition_variable::notify_all() noexcept {
    _M_cond.notify_all();
}

namespace {
// Keeps the lock held until the thread has exited, then unlocks and notifies ([thread.condition]).
struct NotifyAtExit final : __at_thread_exit_elt {
    condition_variable* cv;
    mutex* mx;
    static void run(void* p) {
        unique_ptr<NotifyAtExit> self{static_cast<NotifyAtExit*>(p)};
        self->mx->unlock();
        self->cv->notify_all();
    }
};
}  // namespace

void notify_all_at_thread_exit(condition_variable& cv, unique_lock<mutex> lock) {
    auto elt = make_unique<NotifyAtExit>();
    elt->_M_next = nullptr;
    elt->_M_cb = &NotifyAtExit::run;
    elt->cv = &cv;
    elt->mx = lock.release();
    mcustd::port::at_thread_exit_notify(elt.release());
}

}  // namespace std
