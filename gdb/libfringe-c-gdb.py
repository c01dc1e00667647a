# libfringe-c-gdb.py - gdb commands for libfringe-c: list the generators of
# a program and show the frames of the ones that are suspended.
#
# gdb loads this file by itself for a program linked with libfringe-c.so
# when it is installed in gdb's auto-load directory (next to the library's
# real file name, e.g. libfringe-c.so.1.0.0-gdb.py); it can also be loaded
# by hand with `source FILE'.  The commands (see fringe(7)):
#
#   fringe generators                  the live generators
#   fringe stacks                      the live stacks
#   fringe backtrace GENERATOR         frames of a suspended generator
#   fringe backtrace CONTEXT-SP STACK  frames of a suspended context
#   fringe backtrace all               of every suspended generator
#   fringe bt ...                      the same
#   fringe info GENERATOR              state, stack and its use
#
# Everything comes from the library's fringe_debug object (fringe_debug(3)):
# the list of live stacks, the offsets of the library's structures, and the
# save area of a suspended context - which registers it holds, where, and
# where the context continues.  Nothing here knows a CPU.
#
# How a suspended context's frames are shown without changing the program:
# a frame unwinder (gdb's Python unwinder API) tells gdb, for the innermost
# frame of the selected thread, that its caller is the suspended context,
# with the registers read from the save area.  gdb's own unwinders (DWARF
# call frame information) then walk on from there, through the context's
# frames, to its root frame.  The unwinder acts only while a command runs,
# and gdb's frame cache is flushed before and after, so the thread's own
# backtrace is unaffected.  No register or memory of the program is
# written: the same works on a live process and on a core file, where
# nothing can be written.
#
# SPDX-License-Identifier: MIT

import os

import gdb

try:
    from gdb.unwinder import Unwinder, register_unwinder
except ImportError:  # a gdb without Python unwinders
    Unwinder = object
    register_unwinder = None

# ---- the fringe_debug object ------------------------------------------------

MAGIC = 0x46524447
VERSION = 3

# Indices of its fields[] and pointers[] (lib/fringe-debug.h).
FIELDS = (
    "stack_base", "stack_limit", "stack_link", "stack_owner",
    "stack_magic", "stack_kind", "stack_flags",
    "stack_pool", "stack_next",
    "gen_sp", "gen_caller_sp", "gen_stack", "gen_fn", "gen_userdata",
    "gen_result", "gen_state", "gen_flags", "gen_magic",
    "save_pc", "save_sp", "save_shared_skip",
    "stack_magic_value", "gen_magic_value", "stack_painted",
    "paint_pattern",
)
POINTERS = ("stacks", "root_start", "root_end")

# fringe.h: enum fringe_generator_state, and the internal state of a
# destroyed generator.
RUNNABLE, RUNNING, FINISHED, DEAD = 0, 1, 2, 3
STACK_MAPPED, STACK_CALLER = 1, 2
GENERATOR_SHARE_FPENV = 0x1

# Registers the unwinder hands on unchanged, where the CPU has them.
PASSED_THROUGH = ("cpsr",)

# How far a walk goes before it gives up (a corrupt list or stack).
MAX_STACKS = 1000000
MAX_FRAMES = 10000


class FringeError(gdb.GdbError):
    pass


class Memory:
    """Reads numbers from the program, in its byte order."""

    def __init__(self):
        self.inferior = gdb.selected_inferior()
        endian = gdb.execute("show endian", to_string=True)
        self.order = "big" if "big endian" in endian else "little"

    def read(self, addr, size):
        try:
            return self.inferior.read_memory(addr, size).tobytes()
        except gdb.MemoryError:
            raise FringeError("cannot read %d bytes at 0x%x" % (size, addr))

    def uint(self, addr, size):
        return int.from_bytes(self.read(addr, size), self.order)

    def sint(self, addr, size):
        return int.from_bytes(self.read(addr, size), self.order, signed=True)


class Library:
    """fringe_debug, read from the program."""

    def __init__(self):
        try:
            addr = int(gdb.parse_and_eval("&fringe_debug"))
        except gdb.error:
            raise FringeError(
                "no fringe_debug in the program: is it linked with "
                "libfringe-c, and is the library loaded yet?")
        self.mem = mem = Memory()
        self.addr = addr
        if mem.uint(addr, 4) != MAGIC:
            raise FringeError("fringe_debug at 0x%x has a wrong magic number"
                              % addr)
        version = mem.uint(addr + 4, 2)
        if version != VERSION:
            raise FringeError("fringe_debug has format %d; this extension "
                              "reads format %d" % (version, VERSION))
        self.ptr = mem.uint(addr + 8, 2)
        nfields = mem.uint(addr + 10, 2)
        fields_at = addr + mem.uint(addr + 12, 2)
        nregs = mem.uint(addr + 14, 2)
        regs_at = addr + mem.uint(addr + 16, 2)
        backend_at = addr + mem.uint(addr + 18, 2)
        pointers_at = addr + mem.uint(addr + 20, 2)
        if nfields < len(FIELDS):
            raise FringeError("fringe_debug has too few fields")
        self.f = {}
        for i, name in enumerate(FIELDS):
            self.f[name] = mem.uint(fields_at + 4 * i, 4)
        self.p = {}
        for i, name in enumerate(POINTERS):
            self.p[name] = mem.uint(pointers_at + self.ptr * i, self.ptr)
        self.stacks_head_at = pointers_at
        self.backend = mem.read(backend_at, 16).split(b"\0")[0].decode()
        self.regs = []
        for i in range(nregs):
            raw = mem.read(regs_at + 12 * i, 12)
            name = raw[:8].split(b"\0")[0].decode()
            slot = int.from_bytes(raw[8:12], mem.order)
            self.regs.append((name, slot))
        word = 0
        for _ in range(self.ptr // 4):
            word = (word << 32) | self.f["paint_pattern"]
        self.paint_word = word

    # -- plain reads --

    def pointer(self, addr):
        return self.mem.uint(addr, self.ptr)

    def can_unwind(self):
        return bool(self.regs) and self.p["root_start"] != 0

    def in_root(self, pc):
        start = self.p["root_start"] & ~1  # no Thumb bit
        end = self.p["root_end"] & ~1
        return start <= pc < end

    # -- stacks and generators --

    def stack(self, addr):
        return Stack(self, addr)

    def generator(self, addr):
        return Generator(self, addr)

    def stacks(self):
        """Every live stack, newest first."""
        seen = set()
        addr = self.pointer(self.stacks_head_at)
        while addr and addr not in seen and len(seen) < MAX_STACKS:
            seen.add(addr)
            s = self.stack(addr)
            yield s
            addr = s.next

    def generators(self):
        for s in self.stacks():
            g = s.generator()
            if g is not None:
                yield g


class Stack:
    def __init__(self, lib, addr):
        f, mem = lib.f, lib.mem
        self.lib, self.addr = lib, addr
        self.magic = mem.uint(addr + f["stack_magic"], 4)
        self.valid = self.magic == f["stack_magic_value"]
        self.base = lib.pointer(addr + f["stack_base"])
        self.limit = lib.pointer(addr + f["stack_limit"])
        self.link = lib.pointer(addr + f["stack_link"])
        self.owner = lib.pointer(addr + f["stack_owner"])
        self.kind = mem.uint(addr + f["stack_kind"], 1)
        self.flags = mem.uint(addr + f["stack_flags"], 1)
        self.pool = lib.pointer(addr + f["stack_pool"])
        self.next = lib.pointer(addr + f["stack_next"])

    @property
    def size(self):
        return self.limit - self.base

    @property
    def painted(self):
        return bool(self.flags & self.lib.f["stack_painted"])

    def generator(self):
        """The generator on this stack, or None."""
        if not self.owner or self.owner == self.addr:
            return None
        g = self.lib.generator(self.owner)
        return g if g.valid else None

    def describe(self):
        if self.kind == STACK_MAPPED:
            what = "mapped, guard page below"
        elif self.kind == STACK_CALLER:
            what = "on caller memory"
        else:
            what = "kind %d" % self.kind
        if self.pool:
            what += ", from pool 0x%x" % self.pool
        if self.painted:
            what += ", painted"
        return "0x%x-0x%x (%d bytes, %s)" % (self.base, self.limit,
                                              self.size, what)

    def high_water(self):
        """(bytes, how) for the most of the stack ever used, or (None,
        why not)."""
        if self.painted:
            low = self._lowest_differing(self.lib.paint_word)
            return self.limit - low, "to the word, painted stack"
        conn = _connection_type()
        if conn == "core":
            low = self._lowest_differing(0)
            return (self.limit - low,
                    "at least: the lowest non-zero word in the core file")
        if self.kind != STACK_MAPPED:
            return None, "unknown: on caller memory and not painted"
        if conn == "native":
            low = self._lowest_present()
            if low is not None:
                return self.limit - low, "to the page, resident pages"
        return None, "unknown: needs a painted stack, a live local " \
            "process or a core file"

    def _lowest_differing(self, word):
        """The lowest address of [base, limit) whose word is not `word`,
        or limit."""
        lib, ptr = self.lib, self.lib.ptr
        chunk = 65536
        pat = word.to_bytes(ptr, lib.mem.order)
        addr = self.base
        while addr < self.limit:
            n = min(chunk, self.limit - addr)
            data = lib.mem.read(addr, n)
            for i in range(0, n - ptr + 1, ptr):
                if data[i:i + ptr] != pat:
                    return addr + i
            addr += n
        return self.limit

    def _lowest_present(self):
        """From /proc/PID/pagemap: the lowest page of the stack that is
        resident or swapped out, without touching the program's memory
        (reading it would map pages that were never used)."""
        pid = gdb.selected_inferior().pid
        try:
            page = os.sysconf("SC_PAGESIZE")
            with open("/proc/%d/pagemap" % pid, "rb") as f:
                first = self.base // page
                count = (self.limit - self.base + page - 1) // page
                f.seek(first * 8)
                data = f.read(count * 8)
        except (OSError, ValueError):
            return None
        for i in range(len(data) // 8):
            entry = int.from_bytes(data[8 * i:8 * i + 8], "little")
            if entry & (3 << 62):  # present or swapped
                return self.base + i * page
        return self.limit


class Generator:
    def __init__(self, lib, addr):
        f, mem = lib.f, lib.mem
        self.lib, self.addr = lib, addr
        try:
            self.magic = mem.uint(addr + f["gen_magic"], 2)
        except FringeError:
            self.magic = None
        self.valid = self.magic == f["gen_magic_value"]
        if not self.valid:
            return
        self.sp = lib.pointer(addr + f["gen_sp"])
        self.caller_sp = lib.pointer(addr + f["gen_caller_sp"])
        self.stack_addr = lib.pointer(addr + f["gen_stack"])
        self.userdata = lib.pointer(addr + f["gen_userdata"])
        # The state word: the state in its low two bits, the tag of the
        # thread that owns the generator above them (lib/generator.c).
        word = mem.uint(addr + f["gen_state"], 4)
        self.state = word & 3
        self.owner_tag = word >> 2
        # The function until it has finished, then its result, in one
        # place.
        finished = self.state == FINISHED
        self.fn = 0 if finished else lib.pointer(addr + f["gen_fn"])
        self.result = lib.pointer(addr + f["gen_result"]) if finished else 0
        self.flags = mem.uint(addr + f["gen_flags"], 1)

    @property
    def stack(self):
        return self.lib.stack(self.stack_addr)

    @property
    def save_area(self):
        """S of its save area while suspended: a generator with
        FRINGE_GENERATOR_SHARE_FPENV saves a shorter one, which reads as
        a full one a little lower."""
        if self.flags & GENERATOR_SHARE_FPENV:
            return self.sp - self.lib.f["save_shared_skip"]
        return self.sp

    @property
    def suspended(self):
        return self.state == RUNNABLE and self.caller_sp != 0

    def state_name(self):
        if self.state == RUNNABLE:
            return "suspended" if self.caller_sp else "not started"
        if self.state == RUNNING:
            return "running"
        if self.state == FINISHED:
            return "finished"
        return "destroyed"

    def explain(self):
        """Why there are no frames to show, or None for a suspended
        generator."""
        name = "Generator 0x%x" % self.addr
        if self.suspended:
            return None
        if self.state == RUNNABLE:
            return ("%s has not started: %s runs when it is first resumed."
                    % (name, _code_name(self.fn)))
        if self.state == RUNNING:
            where = _thread_on_stack(self.stack)
            return ("%s is running%s: its frames are in the backtrace of "
                    "the thread that runs it%s." %
                    (name, " on thread %d" % where if where else "",
                     " (thread %d, then bt)" % where if where else ""))
        if self.state == FINISHED:
            return ("%s has finished: its function returned 0x%x." %
                    (name, self.result))
        return "%s has been destroyed." % name


def _connection_type():
    inf = gdb.selected_inferior()
    conn = getattr(inf, "connection", None)
    if conn is not None and getattr(conn, "type", None):
        return conn.type
    return "native" if inf.pid else "none"


def _code_name(addr):
    """`function at file:line' or `function' or the address."""
    try:
        block = gdb.block_for_pc(addr)
    except RuntimeError:
        block = None
    fn = block.function if block is not None else None
    if fn is not None:
        if fn.symtab is not None and fn.line:
            return "%s at %s:%d" % (fn.print_name, fn.symtab.filename,
                                     fn.line)
        return fn.print_name
    out = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    if out.startswith("No symbol"):
        return "0x%x" % addr
    return out.split(" in section")[0]


def _thread_on_stack(stack):
    """The number of the thread whose stack pointer is in `stack', or
    None."""
    selected = gdb.selected_thread()
    found = None
    try:
        for t in gdb.selected_inferior().threads():
            try:
                t.switch()
                sp = int(gdb.newest_frame().read_register("sp"))
            except gdb.error:
                continue
            if stack.base <= sp < stack.limit:
                found = t.num
                break
    finally:
        if selected is not None and selected.is_valid():
            selected.switch()
    return found

# ---- frames of a suspended context ---------------------------------------------


class _FrameId:
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class ContextUnwinder(Unwinder):
    """While armed: the caller of the thread's innermost real frame is the
    suspended context whose save area is at S."""

    def __init__(self):
        super().__init__("libfringe-c suspended context")
        self.enabled = False
        self.level = None
        self.S = None
        self.lib = None

    def __call__(self, pending):
        if self.S is None or pending.level() != self.level:
            return None
        lib, S = self.lib, self.S
        pc = pending.read_register("pc")
        sp = pending.read_register("sp")
        # An identity below every frame of the context, so that gdb sees
        # the stack grow as it walks out of it.
        info = pending.create_unwind_info(_FrameId(gdb.Value(S).cast(sp.type),
                                                   pc))
        info.add_saved_register(
            "pc", gdb.Value(lib.pointer(S + lib.f["save_pc"])).cast(pc.type))
        info.add_saved_register(
            "sp", gdb.Value(S + lib.f["save_sp"]).cast(sp.type))
        for name, slot in lib.regs:
            reg_type = pending.read_register(name).type
            info.add_saved_register(
                name, gdb.Value(lib.pointer(S + slot)).cast(reg_type))
        # Status registers that no call saves but that gdb needs to go on
        # unwinding (ARM's cpsr says Thumb or ARM state): as they are.
        for name in PASSED_THROUGH:
            try:
                info.add_saved_register(name, pending.read_register(name))
            except (ValueError, gdb.error):
                pass
        return info


_unwinder = ContextUnwinder()
if register_unwinder is not None:
    register_unwinder(None, _unwinder, replace=True)


class SuspendedFrames:
    """A `with' block in which gdb's frames past the innermost real one
    are those of the suspended context at S; it yields the first of them.
    Restores the selected frame afterwards."""

    def __init__(self, lib, S):
        self.lib, self.S = lib, S

    def __enter__(self):
        if register_unwinder is None:
            raise FringeError("this gdb has no Python frame unwinders")
        if not self.lib.can_unwind():
            raise FringeError(
                "the %s backend keeps no save area a debugger can read"
                % self.lib.backend)
        try:
            self.selected = gdb.selected_frame().level()
        except gdb.error:
            raise FringeError("no frames: the program is not running and "
                              "no core file is loaded")
        frame = gdb.newest_frame()
        while frame.type() == gdb.INLINE_FRAME and frame.older() is not None:
            frame = frame.older()
        _unwinder.lib, _unwinder.S = self.lib, self.S
        _unwinder.level = frame.level()
        _unwinder.enabled = True
        gdb.invalidate_cached_frames()
        frame = gdb.newest_frame()
        while frame is not None and frame.level() < _unwinder.level:
            frame = frame.older()
        return frame.older() if frame is not None else None

    def __exit__(self, *exc):
        _unwinder.enabled = False
        _unwinder.S = None
        gdb.invalidate_cached_frames()
        frame = gdb.newest_frame()
        while frame is not None and frame.level() < self.selected:
            frame = frame.older()
        if frame is not None:
            frame.select()
        return False


def _format_value(value):
    try:
        if value.is_optimized_out:
            return "<optimized out>"
        code = value.type.strip_typedefs().code
        if code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION,
                    gdb.TYPE_CODE_ARRAY):
            return "..."
        return value.format_string(max_elements=20)
    except gdb.error as e:
        return "<error: %s>" % e


def _arguments(frame):
    try:
        block = frame.block()
    except RuntimeError:
        return ""
    while block is not None and block.function is None:
        block = block.superblock
    if block is None:
        return ""
    args = []
    for sym in block:
        if sym.is_argument:
            try:
                value = _format_value(sym.value(frame))
            except gdb.error as e:
                value = "<error: %s>" % e
            args.append("%s=%s" % (sym.print_name, value))
    return ", ".join(args)


def _locals(frame):
    """`name = value' for the local variables of the frame, as `bt full'
    lists them."""
    lines = []
    try:
        block = frame.block()
    except RuntimeError:
        return ["No symbol table info available."]
    while block is not None:
        for sym in block:
            if sym.is_variable and not sym.is_argument:
                try:
                    value = sym.value(frame).format_string(max_elements=20)
                except gdb.error as e:
                    value = "<error: %s>" % e
                lines.append("%s = %s" % (sym.print_name, value))
        if block.function is not None:
            break
        block = block.superblock
    return lines or ["No locals."]


def format_frame(number, frame, ptr):
    pc = frame.pc()
    name = frame.name() or "??"
    line = "#%-2d 0x%0*x in %s (%s)" % (number, 2 * ptr, pc, name,
                                        _arguments(frame))
    sal = frame.find_sal()
    if sal.symtab is not None and sal.line:
        line += " at %s:%d" % (sal.symtab.filename, sal.line)
    else:
        lib = gdb.solib_name(pc)
        if lib:
            line += " from %s" % lib
    return line


def print_frames(lib, S, stack_lo, stack_hi, full=False, limit=None):
    """Print the frames of the suspended context at S, down to its root
    frame."""
    if not stack_lo <= S < stack_hi:
        raise FringeError("0x%x is not on the stack 0x%x-0x%x"
                          % (S, stack_lo, stack_hi))
    pc = lib.pointer(S + lib.f["save_pc"])
    if lib.in_root(pc):
        print("The context has not started: its first switch enters its "
              "function.")
        return
    with SuspendedFrames(lib, S) as frame:
        n = 0
        while frame is not None:
            print(format_frame(n, frame, lib.ptr))
            if full:
                for text in _locals(frame):
                    print("        " + text)
            if lib.in_root(frame.pc()):
                break
            n += 1
            if limit is not None and n >= limit:
                print("(More stack frames follow...)")
                break
            if n >= MAX_FRAMES:
                print("Backtrace stopped: more than %d frames" % MAX_FRAMES)
                break
            try:
                reason = frame.unwind_stop_reason()
                if reason != gdb.FRAME_UNWIND_NO_REASON:
                    print("Backtrace stopped: %s"
                          % gdb.frame_stop_reason_string(reason))
                    break
                frame = frame.older()
            except gdb.error as e:
                print("Backtrace stopped: %s" % e)
                break


def first_frame(lib, g):
    """`function at file:line' of a suspended generator's innermost
    frame."""
    try:
        with SuspendedFrames(lib, g.save_area) as frame:
            # Where the C code of the switch keeps the yield's own frame
            # (every backend but x86_64's), the caller of the yield.
            if frame is not None and frame.name() == "fringe_generator_yield":
                frame = frame.older()
            if frame is None:
                return "?"
            where = frame.name() or "0x%x" % frame.pc()
            sal = frame.find_sal()
            if sal.symtab is not None and sal.line:
                where += " at %s:%d" % (sal.symtab.filename, sal.line)
            return where
    except gdb.error as e:
        return "? (%s)" % e

# ---- commands ------------------------------------------------------------------------


def _address(expr):
    try:
        return int(gdb.parse_and_eval(expr))
    except gdb.error as e:
        raise FringeError("%s: %s" % (expr, e))


def _generator(lib, expr):
    addr = _address(expr)
    g = lib.generator(addr)
    if not g.valid:
        raise FringeError("0x%x is not a live generator" % addr)
    return g


class FringePrefix(gdb.Command):
    """Commands for the generators and stacks of libfringe-c.

fringe generators                  list the live generators
fringe stacks                      list the live stacks
fringe backtrace GENERATOR         frames of a suspended generator
fringe backtrace CONTEXT-SP STACK  frames of a suspended context
fringe backtrace all               frames of every suspended generator
fringe info GENERATOR              a generator's state, stack and its use
See fringe(7)."""

    def __init__(self):
        super().__init__("fringe", gdb.COMMAND_STACK, gdb.COMPLETE_NONE,
                         True)


class FringeBacktrace(gdb.Command):
    """Show the frames of a suspended generator or context.

Usage: fringe backtrace [-full] GENERATOR
       fringe backtrace [-full] CONTEXT-SP STACK
       fringe backtrace [-full] all

GENERATOR is an expression giving a generator (or its yielder).  The
frames run from where it is suspended, in fringe_generator_yield, down to
the root frame at the top of its stack, numbered like the frames of bt.
CONTEXT-SP is the saved stack pointer of a context suspended by
fringe_context_switch or fringe_context_switch_link, and STACK the
fringe_stack it runs on.  `all' shows every suspended generator.  -full
also prints each frame's local variables.  Nothing in the program
changes: this works on a live process and on a core file alike."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_STACK, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        full = False
        while argv and argv[0] in ("-full", "full"):
            full = True
            argv.pop(0)
        if not argv or len(argv) > 2:
            raise FringeError("usage: fringe backtrace [-full] GENERATOR | "
                              "CONTEXT-SP STACK | all")
        lib = Library()
        if argv == ["all"]:
            first = True
            for g in lib.generators():
                if not g.suspended:
                    continue
                if not first:
                    print()
                first = False
                self.generator(lib, g, full)
            if first:
                print("No suspended generators.")
            return
        if len(argv) == 2:
            S = _address(argv[0])
            stack = lib.stack(_address(argv[1]))
            if not stack.valid:
                raise FringeError("%s is not a live stack" % argv[1])
            print("Context 0x%x on stack %s:" % (S, stack.describe()))
            print_frames(lib, S, stack.base, stack.limit, full)
            return
        self.generator(lib, _generator(lib, argv[0]), full)

    @staticmethod
    def generator(lib, g, full):
        why = g.explain()
        if why is not None:
            print(why)
            return
        print("Generator 0x%x, suspended in fringe_generator_yield:" % g.addr)
        stack = g.stack
        print_frames(lib, g.save_area, stack.base, stack.limit, full)


class FringeInfo(gdb.Command):
    """Describe a generator: its state, function, stack and how much of the
stack it uses now and has used at most.

Usage: fringe info GENERATOR"""

    def __init__(self):
        super().__init__("fringe info", gdb.COMMAND_STACK,
                         gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise FringeError("usage: fringe info GENERATOR")
        lib = Library()
        g = _generator(lib, arg)
        stack = g.stack
        print("Generator 0x%x" % g.addr)
        state = g.state_name()
        if g.suspended:
            state += " in fringe_generator_yield, at " + first_frame(lib, g)
        elif g.state == RUNNING:
            thread = _thread_on_stack(stack)
            if thread:
                state += " on thread %d" % thread
        elif g.state == FINISHED:
            state += ", its function returned 0x%x" % g.result
        print("  state:      %s" % state)
        print("  function:   %s" % _code_name(g.fn) if g.fn else
              "  function:   (done)")
        print("  userdata:   0x%x" % g.userdata)
        flags = []
        if g.flags & GENERATOR_SHARE_FPENV:
            flags.append("FRINGE_GENERATOR_SHARE_FPENV")
        rest = g.flags & ~GENERATOR_SHARE_FPENV
        if rest:
            flags.append("0x%x" % rest)
        print("  flags:      %s" % (" | ".join(flags) or "none"))
        print("  stack:      0x%x: %s" % (stack.addr, stack.describe()))
        now = None
        if g.suspended:
            now, how = stack.limit - g.sp, "saved stack pointer 0x%x" % g.sp
        elif g.state == RUNNING:
            thread = _thread_on_stack(stack)
            if thread:
                sp = _thread_sp(thread)
                now, how = stack.limit - sp, "thread %d's stack pointer" \
                    % thread
        elif g.state == RUNNABLE:
            now, how = stack.limit - g.sp, "its first frame, made already"
        if now is not None:
            print("  in use now: %d bytes (%s)" % (now, how))
        else:
            print("  in use now: none")
        most, how = stack.high_water()
        if most is None:
            print("  at most:    %s" % how)
        else:
            print("  at most:    %d bytes (%s)" % (most, how))


def _thread_sp(num):
    selected = gdb.selected_thread()
    try:
        for t in gdb.selected_inferior().threads():
            if t.num == num:
                t.switch()
                return int(gdb.newest_frame().read_register("sp"))
    finally:
        if selected is not None and selected.is_valid():
            selected.switch()
    return 0


class FringeGenerators(gdb.Command):
    """List the live generators: address, state, function, and where each
suspended one is stopped.

Usage: fringe generators"""

    def __init__(self):
        super().__init__("fringe generators", gdb.COMMAND_STACK,
                         gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        lib = Library()
        gens = list(lib.generators())
        if not gens:
            print("No live generators.")
            return
        w = 2 + 2 * lib.ptr
        print("%-*s  %-11s  %s" % (w, "Generator", "State", "Function / "
                                   "where it is suspended"))
        for g in gens:
            what = _code_name(g.fn) if g.fn else "-"
            if g.suspended and lib.can_unwind():
                what = "%s\n%*s  %-11s    in %s" % (what, w, "", "",
                                                   first_frame(lib, g))
            print("%-*s  %-11s  %s" % (w, "0x%x" % g.addr, g.state_name(),
                                       what))
        print("%d generator%s." % (len(gens), "" if len(gens) == 1 else "s"))


class FringeStacks(gdb.Command):
    """List the live stacks: range, kind, what is on each, and the most
of it used.

Usage: fringe stacks"""

    def __init__(self):
        super().__init__("fringe stacks", gdb.COMMAND_STACK,
                         gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        lib = Library()
        n = 0
        for s in lib.stacks():
            n += 1
            g = s.generator()
            if g is not None:
                on = "generator 0x%x (%s)" % (g.addr, g.state_name())
            elif s.owner == s.addr:
                on = "kept by its pool" if s.pool else "claimed"
            elif s.link:
                on = "a context"
            else:
                on = "nothing"
            most, how = s.high_water()
            print("Stack 0x%x: %s" % (s.addr, s.describe()))
            print("  on it: %s; at most %s" % (
                on, "%d bytes used (%s)" % (most, how) if most is not None
                else how))
            if n >= MAX_STACKS:
                break
        print("%d stack%s." % (n, "" if n == 1 else "s"))


FringePrefix()
FringeBacktrace("fringe backtrace")
FringeBacktrace("fringe bt")
FringeInfo()
FringeGenerators()
FringeStacks()
