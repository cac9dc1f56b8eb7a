// Thread-specific data: pthread_key_create/delete/getspecific/setspecific; destructors run
// at thread exit, repeated while values remain (up to PTHREAD_DESTRUCTOR_ITERATIONS).
#include <errno.h>

#include "internal.hpp"

namespace {

struct Key {
    bool used;
    void (*destructor)(void*);
};
Key keys[PTHREAD_KEYS_MAX];
k_mutex keys_lock;

}  // namespace

namespace posix {

void run_key_destructors(__mcustd_pthread* t) {
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; ++round) {
        bool any = false;
        for (unsigned k = 0; k < PTHREAD_KEYS_MAX; ++k) {
            void* value = t->specific[k];
            if (!value)
                continue;
            k_mutex_lock(&keys_lock, K_FOREVER);
            void (*destructor)(void*) = keys[k].used ? keys[k].destructor : nullptr;
            k_mutex_unlock(&keys_lock);
            t->specific[k] = nullptr;
            if (destructor) {
                destructor(value);
                any = true;
            }
        }
        if (!any)
            break;
    }
}

}  // namespace posix

extern "C" {

int pthread_key_create(pthread_key_t* key, void (*destructor)(void*)) {
    k_mutex_lock(&keys_lock, K_FOREVER);
    for (unsigned k = 0; k < PTHREAD_KEYS_MAX; ++k) {
        if (!keys[k].used) {
            keys[k] = Key{true, destructor};
            k_mutex_unlock(&keys_lock);
            *key = k;
            return 0;
        }
    }
    k_mutex_unlock(&keys_lock);
    return EAGAIN;
}

// Values other threads still hold under the key are simply forgotten (POSIX: no destructors).
int pthread_key_delete(pthread_key_t key) {
    if (key >= PTHREAD_KEYS_MAX)
        return EINVAL;
    k_mutex_lock(&keys_lock, K_FOREVER);
    int r = keys[key].used ? 0 : EINVAL;
    keys[key] = Key{};
    k_mutex_unlock(&keys_lock);
    return r;
}

void* pthread_getspecific(pthread_key_t key) {
    if (key >= PTHREAD_KEYS_MAX)
        return nullptr;
    return posix::self_record()->specific[key];
}

int pthread_setspecific(pthread_key_t key, const void* value) {
    if (key >= PTHREAD_KEYS_MAX || !keys[key].used)
        return EINVAL;
    posix::self_record()->specific[key] = const_cast<void*>(value);
    return 0;
}

}  // extern "C"
