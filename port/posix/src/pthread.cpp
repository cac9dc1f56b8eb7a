// pthread_create/join/detach/exit/self/once, attributes, names, priorities.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <new>

#include "internal.hpp"

namespace {

constexpr size_t align8(size_t n) {
    return (n + 7) & ~size_t{7};
}

__mcustd_pthread main_record;
void (*exit_hook)(void);

// Detached threads cannot free their own stack; this thread does it once they are gone.
k_thread reaper;
constexpr size_t kReaperStack = 1024;  // from the heap on first use, kept for good
k_mutex reaper_lock;
bool reaper_running;

void destroy(__mcustd_pthread* t) {
    void* memory = t->memory;
    t->~__mcustd_pthread();
    free(memory);
}

void* reaper_main(void*) {
    for (;;) {
        k_thread* kt = k_zombie_take();
        destroy(static_cast<__mcustd_pthread*>(kt->port));
    }
}

void start_reaper() {
    k_mutex_lock(&reaper_lock, K_FOREVER);
    if (!reaper_running) {
        void* stack = malloc(kReaperStack);
        if (!stack || k_thread_create(&reaper, "reaper", K_PRIO_MAX, stack, kReaperStack,
                                      reaper_main, nullptr) != 0)
            abort();  // out of memory at the first detach: nothing sensible to return
        reaper_running = true;
    }
    k_mutex_unlock(&reaper_lock);
}

void* start_trampoline(void* p) {
    auto* t = static_cast<__mcustd_pthread*>(p);
    pthread_exit(t->start(t->arg));
}

}  // namespace

namespace posix {

__mcustd_pthread* self_record() {
    k_thread* kt = k_self();
    if (auto* t = static_cast<__mcustd_pthread*>(kt->port))
        return t;
    // A thread not made by pthread_create: the main thread (static record) or a kernel thread.
    uint32_t s = k_irq_save();
    __mcustd_pthread* t = nullptr;
    if (!main_record.kt) {
        t = &main_record;
    }
    k_irq_restore(s);
    if (!t) {
        // Foreign kernel threads get a record that lives as long as the program.
        void* mem = malloc(sizeof(__mcustd_pthread));
        if (!mem)
            abort();
        t = new (mem) __mcustd_pthread;
    }
    t->kt = kt;
    strncpy(t->name, kt->name, sizeof t->name - 1);
    kt->port = t;
    return t;
}

}  // namespace posix

extern "C" {

void mcustd_pthread_set_exit_hook(void (*fn)(void)) {
    exit_hook = fn;
}

int pthread_attr_init(pthread_attr_t* attr) {
    *attr = pthread_attr_t{};
    attr->stacksize = PTHREAD_STACK_DEFAULT;
    attr->is_initialized = 1;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t* attr) {
    attr->is_initialized = 0;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t* attr, size_t size) {
    if (size < PTHREAD_STACK_MIN)
        return EINVAL;
    attr->stacksize = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t* attr, size_t* size) {
    *size = attr->stacksize ? attr->stacksize : PTHREAD_STACK_DEFAULT;
    return 0;
}

int pthread_attr_setstack(pthread_attr_t* attr, void* addr, size_t size) {
    if (size < PTHREAD_STACK_MIN || (reinterpret_cast<uintptr_t>(addr) & 7u))
        return EINVAL;
    attr->stackaddr = addr;
    attr->stacksize = size;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t* attr, int state) {
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
        return EINVAL;
    attr->detachstate = state;
    return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t* attr, int* state) {
    *state = attr->detachstate;
    return 0;
}

int pthread_attr_setschedparam(pthread_attr_t* attr, const struct sched_param* param) {
    if (param->sched_priority < K_PRIO_MIN || param->sched_priority > K_PRIO_MAX)
        return EINVAL;
    attr->schedparam = *param;
    return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t* attr, struct sched_param* param) {
    *param = attr->schedparam;
    return 0;
}

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*),
                   void* arg) {
    size_t stack_size = attr && attr->stacksize ? align8(attr->stacksize) : PTHREAD_STACK_DEFAULT;
    void* own_stack = attr ? attr->stackaddr : nullptr;
    size_t stack_bytes = own_stack ? 0 : stack_size;
    size_t record_bytes = align8(sizeof(__mcustd_pthread));
    // One block, stack lowest so that an overflow runs into the canary, not into the record.
    auto* block = static_cast<unsigned char*>(
        malloc(align8(stack_bytes + record_bytes + k_tls_block_size())));
    if (!block)
        return EAGAIN;
    void* stack = own_stack ? own_stack : block;
    auto* t = new (block + stack_bytes) __mcustd_pthread;
    t->memory = block;
    t->kt = &t->storage;
    t->start = start;
    t->arg = arg;
    strcpy(t->name, "pthread");
    t->storage.tp = k_tls_init(block + stack_bytes + record_bytes);
    t->storage.port = t;
    int prio = attr && attr->schedparam.sched_priority ? attr->schedparam.sched_priority
                                                       : k_self()->base_prio;
    if (prio < K_PRIO_MIN)
        prio = K_PRIO_MIN;
    bool detached = attr && attr->detachstate == PTHREAD_CREATE_DETACHED;
    if (detached)
        start_reaper();
    *thread = t;  // before it runs: a higher-priority thread starts at once
    int r = k_thread_create(&t->storage, t->name, prio, stack, stack_size, start_trampoline, t);
    if (r) {
        destroy(t);
        return r;
    }
    if (detached)
        k_thread_detach(&t->storage);
    return 0;
}

int pthread_join(pthread_t thread, void** retval) {
    if (!thread || thread->kt == k_self())
        return thread ? EDEADLK : ESRCH;
    if (!thread->memory)
        return EINVAL;  // main or foreign threads are not joinable
    int r = k_thread_join(thread->kt, retval);
    if (r)
        return r;
    destroy(thread);
    return 0;
}

int pthread_detach(pthread_t thread) {
    if (!thread || !thread->memory)
        return EINVAL;
    start_reaper();
    return k_thread_detach(thread->kt);
}

pthread_t pthread_self(void) {
    return posix::self_record();
}

int pthread_equal(pthread_t a, pthread_t b) {
    return a == b;
}

void pthread_exit(void* retval) {
    __mcustd_pthread* t = posix::self_record();
    if (exit_hook)
        exit_hook();
    posix::run_key_destructors(t);
    k_thread_exit(retval);
}

int pthread_setname_np(pthread_t thread, const char* name) {
    if (strlen(name) >= sizeof thread->name)
        return ERANGE;
    uint32_t s = k_irq_save();
    strcpy(thread->name, name);
    thread->kt->name = thread->name;
    k_irq_restore(s);
    return 0;
}

int pthread_getname_np(pthread_t thread, char* name, size_t len) {
    if (strlen(thread->name) >= len)
        return ERANGE;
    strcpy(name, thread->name);
    return 0;
}

int pthread_setschedparam(pthread_t thread, int, const struct sched_param* param) {
    if (param->sched_priority < K_PRIO_MIN || param->sched_priority > K_PRIO_MAX)
        return EINVAL;
    k_thread_set_priority(thread->kt, param->sched_priority);
    return 0;
}

int pthread_getschedparam(pthread_t thread, int* policy, struct sched_param* param) {
    if (policy)
        *policy = SCHED_RR;
    *param = sched_param{};
    param->sched_priority = thread->kt->base_prio;
    return 0;
}

// One lock for every once-object: init routines may themselves call pthread_once on others,
// so the lock is only held to change the state, never while init runs.
namespace {
k_mutex once_lock;
k_cond once_done;
}  // namespace

int pthread_once(pthread_once_t* once, void (*init)(void)) {
    if (once->__state == 2)
        return 0;
    k_mutex_lock(&once_lock, K_FOREVER);
    while (once->__state == 1)
        k_cond_wait(&once_done, &once_lock, K_FOREVER);
    if (once->__state == 2) {
        k_mutex_unlock(&once_lock);
        return 0;
    }
    once->__state = 1;
    k_mutex_unlock(&once_lock);
    init();
    k_mutex_lock(&once_lock, K_FOREVER);
    once->__state = 2;
    k_cond_broadcast(&once_done);
    k_mutex_unlock(&once_lock);
    return 0;
}

}  // extern "C"
