// The <future> pieces libstdc++.a lacks: _Result_base's key function (vtable, typeinfo) and the
// "make ready at thread exit" hook behind promise::set_value_at_thread_exit.
#include <future>
#include <memory>

#include "thread_exit.hpp"

namespace std {

__future_base::_Result_base::_Result_base() = default;
__future_base::_Result_base::~_Result_base() = default;

void __future_base::_State_baseV2::_Make_ready::_S_run(void* p) {
    unique_ptr<_Make_ready> self{static_cast<_Make_ready*>(p)};
    if (auto state = self->_M_shared_state.lock()) {
        state->_M_status._M_store_notify_all(_Status::__ready, memory_order_release);
    }
}

void __future_base::_State_baseV2::_Make_ready::_M_set() {
    _M_cb = &_Make_ready::_S_run;
    mcustd::port::at_thread_exit_notify(this);
}

}  // namespace std
