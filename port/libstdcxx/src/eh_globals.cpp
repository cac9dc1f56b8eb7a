// Per-thread exception state. libsupc++'s __cxa_get_globals (thread model "single") returns one
// process-wide record of caught/uncaught exceptions: two threads handling exceptions at once
// would corrupt each other's chains. Layout of __cxa_eh_globals with the ARM EABI unwinder.
namespace {
struct EhGlobals {
    void* caught_exceptions;
    unsigned int uncaught_exceptions;
    void* propagating_exceptions;  // ARM EABI unwinder only
};
thread_local EhGlobals eh_globals{};
}  // namespace

extern "C" void* __cxa_get_globals() noexcept {
    return &eh_globals;
}
extern "C" void* __cxa_get_globals_fast() noexcept {
    return &eh_globals;
}
