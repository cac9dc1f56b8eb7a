// __cxa_thread_atexit and libstdc++'s at-thread-exit notifications, run from the POSIX layer's
// exit hook (mcustd_pthread_set_exit_hook: before pthread key destructors, TLS still intact).
//
// The toolchain's __cxa_thread_atexit (thread model "single") queues thread_local destructors on
// the process's atexit list: they would run once, at exit, for whichever thread's objects. Ours
// keeps a list per thread and runs it when the thread ends, newest first, as [basic.start.term]
// requires. The list heads are themselves thread_local (plain pointers: no destructor needed).
#include "thread_exit.hpp"

#include <pthread.h>

#include <condition_variable>
#include <cstdlib>
#include <new>

namespace mcustd::port {
namespace {

struct DtorNode {
    DtorNode* next;
    void (*dtor)(void*);
    void* obj;
};

thread_local DtorNode* dtors = nullptr;
thread_local std::__at_thread_exit_elt* notifies = nullptr;

void run_at_exit() {
    // Destructors may register more (a thread_local first used inside another's destructor):
    // loop until both lists stay empty.
    for (;;) {
        if (DtorNode* n = dtors) {
            dtors = n->next;
            n->dtor(n->obj);
            delete n;
            continue;
        }
        if (std::__at_thread_exit_elt* e = notifies) {
            notifies = e->_M_next;
            e->_M_cb(e);  // the callback owns and frees e
            continue;
        }
        break;
    }
}

// Installs the hook on first use (idempotent: the same function every time).
void arm_exit_hook() {
    mcustd_pthread_set_exit_hook(run_at_exit);
}

}  // namespace

bool at_thread_exit_dtor(void (*dtor)(void*), void* obj) noexcept {
    auto* n = new (std::nothrow) DtorNode{dtors, dtor, obj};
    if (n == nullptr) {
        return false;
    }
    dtors = n;
    arm_exit_hook();
    return true;
}

void at_thread_exit_notify(std::__at_thread_exit_elt* elt) noexcept {
    elt->_M_next = notifies;
    notifies = elt;
    arm_exit_hook();
}

}  // namespace mcustd::port

extern "C" int __cxa_thread_atexit(void (*dtor)(void*), void* obj, void* /*dso_handle*/) noexcept {
    return mcustd::port::at_thread_exit_dtor(dtor, obj) ? 0 : -1;
}
