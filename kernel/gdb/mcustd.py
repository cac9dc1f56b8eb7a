"""gdb commands that show the mcustd kernel's threads (load with `source kernel/gdb/mcustd.py`;
scripts/debug.sh does). Needs an image with debug info (the presets build with -g); on one
without (MinSizeRel, stripped) the commands say so (test kernel_gdb_no_debug_info).

  info kthreads   every thread: name, state, priority / base priority, stack used / size, and
                  for a thread blocked on a mutex, the mutex and its owner
  kbt NAME        backtrace of a switched-out thread from the frame PendSV saved on its stack
  kheap           the C library's heap: arena taken from sbrk, bytes in use and free (a walk of
                  picolibc's malloc free list, as its mallinfo counts), and the region left
                  for sbrk
  kfds            the VFS descriptor table (port/vfs): descriptor, open file's type, FD flags

The stack figures follow the kernel's k_stack_used: bytes from the top of the stack down to the
lowest word that no longer holds the 0xA5A5A5A5 fill pattern.
"""
import gdb

STATES = {0: "unused", 1: "ready", 2: "blocked", 3: "exited"}
STACK_FILL = 0xA5A5A5A5


def _kernel(expr):
    """The value of a kernel variable. An image without debug info (MinSizeRel, stripped) has
    the symbol but not its type: say so, not gdb's "cast it to its declared type"."""
    try:
        return gdb.parse_and_eval(expr)
    except gdb.error as e:
        if "unknown type" in str(e):
            raise gdb.GdbError(f"mcustd: {expr} has no type: the image has no debug info; "
                               "build it with -g (CMAKE_BUILD_TYPE=RelWithDebInfo or Debug, "
                               "as the presets do)") from e
        raise


def _threads():
    t = _kernel("'(anonymous namespace)::all_threads'")
    while int(t) != 0:
        yield t
        t = t["all_next"]


def _name(t):
    return t["name"].string() if int(t["name"]) != 0 else "?"


def _stack_used(t):
    base = int(t["stack_base"])
    size = int(t["stack_size"])
    if base == 0 or size == 0:
        return 0
    words = size // 4
    mem = gdb.selected_inferior().read_memory(base, size).tobytes()
    i = 1  # word 0 is the canary (kernel/src/sched.cpp); the MPU guard above it keeps the fill
    while i < words and int.from_bytes(mem[4 * i:4 * i + 4], "little") == STACK_FILL:
        i += 1
    return (words - i) * 4


class InfoKthreads(gdb.Command):
    """List the kernel's threads: name, state, prio/base, stack used/size, mutex and owner."""

    def __init__(self):
        super().__init__("info kthreads", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        current = int(_kernel("k_current"))
        print(f"  {'name':<16} {'state':<8} {'prio/base':<10} {'stack used/size':<16} waits on")
        for t in _threads():
            mark = "*" if int(t) == current else " "
            state = STATES.get(int(t["state"]), "?")
            if int(t) == current:
                state = "running"
            prio = f"{int(t['prio'])}/{int(t['base_prio'])}"
            stack = f"{_stack_used(t)}/{int(t['stack_size'])}"
            waits = ""
            m = t["waiting_mutex"]
            if int(m) != 0:
                owner = m["owner"]
                who = _name(owner) if int(owner) != 0 else "nobody"
                waits = f"mutex {int(m):#010x} owned by {who}"
            print(f"{mark} {_name(t):<16} {state:<8} {prio:<10} {stack:<16} {waits}".rstrip())


class Kbt(gdb.Command):
    """kbt NAME: backtrace of the switched-out kernel thread NAME."""

    REGS = ["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"]

    def __init__(self):
        super().__init__("kbt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        name = arg.strip()
        match = [t for t in _threads() if _name(t) == name]
        if not match:
            raise gdb.GdbError(f"kbt: no thread named '{name}' (see info kthreads)")
        t = match[0]
        if int(t) == int(_kernel("k_current")):
            gdb.execute("bt")  # running: its registers are the CPU's
            return
        # PendSV's frame (kernel/src/switch.S): r4-r11, EXC_RETURN, s16-s31 when the thread
        # used the FPU (EXC_RETURN bit 4 clear), then the hardware frame r0-r3, r12, lr, pc,
        # xPSR (plus s0-s15, FPSCR and a reserved word in the FPU case).
        sp = int(t["sp"])
        mem = gdb.selected_inferior().read_memory(sp, 4 * (9 + 16 + 8)).tobytes()

        def word(i):
            return int.from_bytes(mem[4 * i:4 * i + 4], "little")

        exc_return = word(8)
        fpu = (exc_return & 0x10) == 0
        hw = 9 + (16 if fpu else 0)
        lr, pc, xpsr = word(hw + 5), word(hw + 6), word(hw + 7)
        thread_sp = sp + 4 * (hw + 8) + (18 * 4 if fpu else 0) + (4 if xpsr & 0x200 else 0)
        saved = {r: int(gdb.parse_and_eval(f"${r}")) for r in self.REGS + ["sp", "lr", "pc"]}
        try:
            for i, r in enumerate(self.REGS):
                gdb.execute(f"set ${r} = {word(i)}", to_string=True)
            gdb.execute(f"set $sp = {thread_sp}", to_string=True)
            gdb.execute(f"set $lr = {lr}", to_string=True)
            gdb.execute(f"set $pc = {pc}", to_string=True)
            gdb.execute("bt")
        finally:
            for r, v in saved.items():
                gdb.execute(f"set ${r} = {v}", to_string=True)


VFS_STATE = "'mcustd::vfs::(anonymous namespace)::state()::s'"


def _dynamic_class(ptr):
    """The class of a polymorphic object, from the symbol its vtable pointer lands in."""
    vptr = int(ptr.cast(gdb.lookup_type("unsigned int").pointer()).dereference())
    where = gdb.execute(f"info symbol {vptr:#x}", to_string=True)
    if where.startswith("vtable for "):
        return where[len("vtable for "):].split(" + ")[0].split(" in section")[0].strip()
    return f"? (vptr {vptr:#x})"


class Kfds(gdb.Command):
    """kfds: the VFS descriptor table: descriptor, type of the open file, FD flags."""

    def __init__(self):
        super().__init__("kfds", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        try:
            # state() is inlined at -Os: its static has a linker symbol but no typed variable.
            state_type = gdb.lookup_type("mcustd::vfs::(anonymous namespace)::State")
            addr = gdb.parse_and_eval(f"&{VFS_STATE}")
            state = addr.cast(state_type.pointer()).dereference()
            slots = state["slots"]["_M_elems"]
        except gdb.error as e:
            # The symbol without the type: the VFS is there, its debug info is not.
            why = "no debug info" if gdb.lookup_global_symbol("k_current") is None else "no VFS"
            raise gdb.GdbError(f"kfds: {why} in this image ({e})") from e
        lo, hi = slots.type.strip_typedefs().range()
        print(f"{'fd':>3}  {'open file':<40} fd flags")
        for fd in range(lo, hi + 1):
            ptr = slots[fd]["file"]["_M_ptr"]
            if int(ptr) == 0:
                continue
            kind = _dynamic_class(ptr)
            print(f"{fd:>3}  {kind:<40} {int(slots[fd]['fd_flags']):#x}")


def _word(addr):
    return int.from_bytes(gdb.selected_inferior().read_memory(addr, 4).tobytes(), "little")


def _picolibc_heap():
    """picolibc's nano-malloc: (arena, bytes in use); in use is the arena less the chunks
    on the free list ({size, next} at their start), as its mallinfo counts."""
    base = _word(int(gdb.parse_and_eval("(unsigned int)&__malloc_sbrk_start")))
    top = _word(int(gdb.parse_and_eval("(unsigned int)&__malloc_sbrk_top")))
    if base == 0 or top == 0:
        return None
    free = 0
    chunk = _word(int(gdb.parse_and_eval("(unsigned int)&__malloc_free_list")))
    for _ in range(100000):  # bounded: a corrupt list must not hang the debugger
        if chunk == 0:
            break
        if not base <= chunk < top:
            raise gdb.GdbError(f"kheap: free list leaves the arena at {chunk:#x}")
        free += _word(chunk)
        chunk = _word(chunk + 4)
    return top - base, (top - base) - free


class Kheap(gdb.Command):
    """kheap: the C library's malloc arena, in use, free, and what sbrk can still give."""

    def __init__(self):
        super().__init__("kheap", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        brk = int(gdb.parse_and_eval("(unsigned int)'sbrk::brk'"))
        end = int(gdb.parse_and_eval("(unsigned int)&__heap_end"))
        start = int(gdb.parse_and_eval("(unsigned int)&__heap_start"))
        heap = _picolibc_heap()
        if heap is None or brk == 0:
            print(f"heap: nothing allocated yet; region {end - start} bytes")
            return
        arena, in_use = heap
        print(f"heap: arena {arena} in-use {in_use} free {arena - in_use} "
              f"(sbrk region {end - start}, {end - brk} not yet taken)")


InfoKthreads()
Kbt()
Kheap()
Kfds()
