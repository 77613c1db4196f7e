/**
 * The culprit: the function a kernel engineer looks at first. The syzbot title's guilty frame is kept
 * exactly as syzkaller picks it (and may be `corrupted`); the culprit is for people, so it is read from
 * whatever frames the paste shows and skips a broader set of generic code: besides syzkaller's list,
 * the scheduler and wait primitives, sleeping and locking helpers, and every dispatcher that only hands
 * work to the code that matters (syscall entry, interrupt, softirq, timer, workqueue, kthread, RCU
 * callback, driver-core probe). Where the report names the code that created the bad state (a held
 * spinlock, a `Preemption disabled at:` site, an interrupt handler, an out-of-tree module), that wins.
 */
import { parseFrameLine, readableName, type FrameText } from './frames.js';
import { readDieSummary } from './facts/registers.js';
import { startsStack } from './oops-table.js';
import type { PasteLine } from './paste.js';
import type { ReportBlock } from './block.js';
import type { CulpritHints } from './culprit-hints.js';
import type {
  CodeLocation,
  Culprit,
  Facts,
  Frame,
  LockRecord,
  Report,
  ReportKind,
  Taint,
  Task,
} from './report.js';
import { isSharedHeader } from './shared-header.js';
import { anyOf, withGlobalSkips } from './skip-frames.js';

/** Generic code beyond syzkaller's skip list: it runs the culprit, it is not the culprit. */
const INFRASTRUCTURE_PATTERNS = [
  // a linker section's boundary label, no function (include/asm-generic/sections.h __cpuidle_text_start,
  // _stext, __irqentry_text_end): kallsyms names an address after the section's last function by it
  '^_*(?:[a-z]+_)*text_(?:start|end)$',
  '^_s?text$',
  '^_etext$',
  // lockdep's check that prints an inconsistent lock state (kernel/locking/lockdep.c valid_state()):
  // syzbot titles it (not on syzkaller's skip list), a reader looks past it.
  '^valid_state$',
  // the proc entry's data behind an inode (include/linux/proc_fs.h pde_data(), `PDE_DATA()` before v5.17):
  // a fault there is a bad inode its caller handed it
  '^(?:PDE_DATA|pde_data)$',
  // an object type's debugobjects hooks and the init calls that run them (kernel/time/hrtimer.c
  // debug_hrtimer_init(), debug_init(), debug_activate(); kernel/time/timer.c debug_timer_init();
  // kernel/workqueue.c debug_work_activate()): an ODEBUG splat's culprit is their caller
  '^debug_(?:hr)?timer_(?:init|activate|deactivate|assert_init)$',
  '^debug_work_(?:de)?activate$',
  '^debug_(?:init|activate|deactivate|assert_init)$',
  '^(?:__)?hrtimer_init$',
  '^init_timer_key$',
  '^__init_work$',
  // scheduler, sleeping and waiting (kernel/sched/core.c, kernel/sched/completion.c, kernel/time/)
  '^_?_?schedule',
  '^preempt_schedule',
  'io_schedule',
  '^usleep_range',
  '^u?msleep',
  '^ssleep$',
  '^fsleep$',
  '^wait_(?:for_|on_|event|woken|bit|var|task_inactive)',
  '^__wait_(?:for_|on_|event|rcu_gp)',
  '_wait_event',
  '^wake_up',
  'try_to_wake_up',
  '^complete',
  'do_wait_for_common',
  '^(?:__)?synchronize_',
  'rcu_barrier',
  'rwsem',
  '_slowpath',
  'lock_slowpath',
  '_slowlock',
  '^(?:__)?rt_spin',
  '^rtlock',
  '^percpu_down',
  '^percpu_up',
  '^__percpu_down',
  '^_?_?raw_',
  '^_?_?mutex',
  '^_?_?down',
  '^__up',
  '^ww_mutex',
  'rt_mutex',
  'lock_sock_nested',
  '^rcu_read_unlock',
  '^__rcu_read_unlock',
  '^local_bh_enable',
  '^__local_bh_enable',
  '^_?_?cond_resched',
  '^_?_?might_',
  '^__might',
  'finish_task_switch',
  // waking a task up (kernel/sched/core.c activate_task(), ttwu_do_activate())
  '^activate_task$',
  '^enqueue_task',
  '^ttwu_',
  '^context_switch',
  '^__switch_to',
  // thin lock wrappers: rtnl_lock() (net/core/rtnetlink.c), device_lock() (include/linux/device.h),
  // inode_lock() (include/linux/fs.h), mmap_read_lock() (include/linux/mmap_lock.h), netdev_lock()
  '^(?:rtnl|device|inode|netdev|mmap_read|mmap_write)_(?:un)?lock(?:_ops|_shared|_nested|_killable)?$',
  // the clock framework's prepare step, which takes the prepare_lock mutex (drivers/clk/clk.c clk_prepare(),
  // clk_prepare_lock()): a sleeping helper like the lock wrappers above, its caller is the one that slept
  '^clk_(?:un)?prepare$',
  // kernel FPU sections disable preemption in these helpers (arch/x86/kernel/fpu/core.c
  // kernel_fpu_begin_mask(), drivers/gpu/drm/amd/display/amdgpu_dm/dc_fpu.c dc_fpu_begin()), so a
  // `Preemption disabled at:` naming them points at the helper, not at the code that opened the section
  '^kernel_fpu_begin',
  '^dc_fpu_begin$',
  // busy-wait delays (arch/x86/lib/delay.c `__delay()`, `__const_udelay()`; include/linux/delay.h)
  '^_*(?:const_)?[unm]?delay$',
  '^delay_(?:tsc|loop|halt)',
  // interrupt flag helpers (arch/arm64/include/asm/irqflags.h `arch_local_irq_restore()`)
  '^arch_local_irq',
  '^arch_local_save_flags',
  // system call, exception and interrupt entry
  '^do_syscall',
  '^entry_',
  '^x64_sys_call$',
  '^syscall_',
  '^(?:__)?do_fast_syscall',
  '^do_int80',
  '^invoke_syscall',
  '^el[01]',
  '^do_el0_svc',
  '^_*ret_from_',
  '^ret_fast_syscall',
  '^child_rip$',
  '^kernel_thread_helper$',
  // the first frame of every kernel thread on older s390 kernels (arch/s390/kernel/entry.S; 6.12 starts
  // them from __ret_from_fork(), arch/s390/kernel/process.c)
  '^kernel_thread_starter$',
  '^handle_exception',
  '^system_call',
  '^irqentry_',
  '^exit_to_user_mode',
  '^arch_do_signal',
  '^do_signal',
  '^get_signal',
  '^task_work_run',
  '^(?:__)?handle_irq',
  'handle_irq_event',
  // the flow handlers of kernel/irq/chip.c and handle.c (handle_edge_eoi_irq(), handle_fasteoi_ack_irq(),
  // handle_percpu_devid_irq(), handle_fasteoi_nmi(), ...)
  '^handle_(?:edge|edge_eoi|level|fasteoi|fasteoi_ack|fasteoi_mask|percpu|percpu_devid|simple|nested|bad|untracked)_irq',
  '^handle_(?:percpu_devid_)?fasteoi_nmi$',
  '^(?:__)?generic_handle',
  'handle_domain_irq',
  '^gic_handle_irq',
  // arm64 runs every interrupt on the IRQ stack through these (arch/arm64/kernel/entry-common.c
  // do_interrupt_handler(), arch/arm64/kernel/entry.S call_on_irq_stack)
  '^call_on_irq_stack$',
  '^do_interrupt_handler$',
  '^handle_arch_irq',
  '^common_interrupt',
  '^asm_',
  '^sysvec_',
  '^__sysvec_',
  '^do_IRQ',
  '^__irq_',
  // each architecture's interrupt dispatch between its entry code and the generic irq layer: mips
  // plat_irq_dispatch() (arch/mips/*/irq.c), handle_int (arch/mips/kernel/genex.S), do_domain_IRQ()
  // (arch/mips/kernel/irq.c); arm handle_IRQ() (arch/arm/kernel/irq.c); parisc do_cpu_irq_mask()
  // (arch/parisc/kernel/irq.c) and intr_return (entry.S); s390 do_io_irq(), do_ext_irq()
  // (arch/s390/kernel/irq.c) and io_int_handler, ext_int_handler, mcck_int_handler (entry.S); sparc
  // handler_irq() (arch/sparc/kernel/irq_64.c, sun4d_irq.c); loongarch handle_loongarch_irq(), do_vint()
  // (arch/loongarch/kernel/traps.c) and handle_vint (genex.S); riscv do_irq() (arch/riscv/kernel/traps.c);
  // arc and hexagon arch_do_IRQ(); powerpc __do_irq(), call_do_irq() (arch/powerpc/kernel/irq.c)
  '^plat_irq_dispatch$',
  '^handle_int$',
  '^do_domain_IRQ$',
  '^handle_IRQ$',
  '^do_cpu_irq_mask$',
  '^intr_return$',
  '^do_(?:io|ext)_irq$',
  '^(?:io|ext|mcck)_int_handler$',
  '^(?:sun4d_)?handler_irq$',
  '^handle_loongarch_irq$',
  '^(?:do|handle)_vint$',
  '^do_irq$',
  '^arch_do_IRQ$',
  '^(?:__do|call_do)_irq$',
  // mips vectored interrupts enter through except_vec_vi_* (arch/mips/kernel/genex.S); the MIPS GIC
  // demultiplexes in gic_irq_dispatch(), gic_handle_local_int() (drivers/irqchip/irq-mips-gic.c), and
  // the generic layer hands a descriptor on in handle_irq_desc() (kernel/irq/irqdesc.c)
  '^except_vec',
  '^_*gic_irq_dispatch$',
  '^gic_handle_(?:local|shared)_int$',
  '^handle_irq_desc$',
  // interrupt setup holds the descriptor's raw lock while it calls the chip (kernel/irq/manage.c __setup_irq())
  '^_*setup_irq$',
  '^request_(?:threaded_|any_context_|percpu_|nmi_)?irq$',
  '^irq_set_irq_type$',
  '^irq_exit',
  '^__irq_exit',
  '^irq_enter',
  '^call_on_irqstack',
  '^do_softirq',
  '^__do_softirq',
  '^handle_softirqs',
  '^run_ksoftirqd',
  '^irq_thread',
  '^irq_forced_thread_fn',
  '^call_timer_fn',
  '^__run_timers',
  '^run_timer',
  '^expire_timers',
  '^__run_hrtimer',
  '^__hrtimer_run_queues',
  '^hrtimer_',
  '^tick_',
  '^update_process_times',
  '^tasklet_action',
  '^tasklet_hi_action',
  '^net_rx_action',
  '^__napi_poll',
  '^napi_poll',
  '^rcu_do_batch',
  '^rcu_core',
  '^rcu_process_callbacks',
  '^rcu_sched_clock_irq',
  '^process_one_work',
  '^process_scheduled_works',
  '^worker_thread',
  '^kthread',
  '^smpboot_thread_fn',
  '^cpu_startup_entry',
  '^do_idle',
  '^cpuidle_',
  '^default_idle',
  '^arch_cpu_idle',
  // the instruction an idle x86 CPU waits in (arch/x86/include/asm/irqflags.h native_safe_halt()) and
  // the idle drivers' enter hooks (drivers/idle/intel_idle.c, drivers/acpi/processor_idle.c)
  '^native_safe_halt$',
  '^native_halt$',
  '^(?:intel|acpi|poll|mwait|amd_e400)_idle',
  '^start_kernel',
  '^secondary_start',
  '^start_secondary',
  '^rest_init',
  // RCU's own grace-period kthread, whose stack a starvation report dumps (kernel/rcu/tree.c rcu_gp_kthread())
  '^rcu_gp_',
  // the watchdogs and stall reporters themselves
  '^watchdog',
  'nmi_cpu_backtrace',
  'cpumask_backtrace',
  'trigger_.*backtrace',
  '^show_regs',
  '^__show_regs',
  '^sched_show_task',
  '^print_cpu_stall',
  '^rcu_dump_cpu_stacks',
  '^check_cpu_stall',
  // rcu_pending(), __rcu_pending() of 2.6's rcuclassic (kernel/rcuclassic.c), not bcachefs's
  // rcu_pending_enqueue()
  '^_*rcu_pending$',
  '^check_hung',
  '^hung_task',
  '^khungtaskd',
  '^nmi_handle',
  '^default_do_nmi',
  '^exc_nmi',
  '^perf_event_nmi_handler',
  '^__perf_event_overflow',
  '^perf_event_overflow',
  '^intel_pmu_handle_irq',
  // driver-core dispatch into a driver's probe/remove (drivers/base/dd.c, bus.c)
  '^really_probe',
  '^(?:__)?driver_probe_device',
  '^(?:__)?device_attach',
  '^__driver_attach',
  '^bus_for_each_',
  '^bus_probe_device',
  '^driver_attach',
  '^device_initial_probe',
  '^device_release_driver',
  '^__device_release_driver',
  '^device_driver_detach',
  '^bus_remove_device',
  '^call_driver_probe',
  // registering a driver with its bus (drivers/base/driver.c driver_register(), bus.c bus_add_driver())
  '^driver_register$',
  // and the bus wrappers around it (drivers/pci/pci-driver.c __pci_register_driver(), drivers/usb/core/
  // driver.c usb_register_driver(), drivers/base/platform.c __platform_driver_register())
  '^_*[a-z0-9]+_register_driver$',
  '^_*[a-z0-9]+_driver_register$',
  '^bus_add_driver$',
  '^get_bus$',
  // unwinders, trap and NMI handlers, debug checks that report rather than cause
  'unwind_backtrace',
  '^dump_trace',
  '^show_trace',
  'print_trace',
  '_unwind_core',
  '^__dump_stack',
  '^do_nmi',
  // x86 NMI entry (arch/x86/entry/entry_64.S asm_exc_nmi: repeat_nmi, end_repeat_nmi)
  '^(?:end_)?repeat_nmi$',
  '^first_nmi$',
  '^nmi_restore$',
  '^do_bp$',
  // the trap a WARN() is raised by: loongarch `break` (arch/loongarch/kernel/traps.c handle_bp), s390
  // monitor call (arch/s390/kernel/traps.c monitor_event_exception(), __do_pgm_check())
  '^handle_bp$',
  '^monitor_event_exception$',
  '^_*do_pgm_check$',
  '^pgm_check_handler$',
  '^do_trap',
  '^check_flags',
  'fs_reclaim_acquire',
  '^__fs_reclaim',
  '^__refcount',
  // printing to the consoles (kernel/printk/printk.c console_unlock(), release_console_sem() before v2.6.38)
  '^release_console_sem$',
  '^_*console_(?:unlock|trylock|lock|flush_all|emit_next_record)',
  '^_*vprintk',
  '^spin_dump',
  '^spin_bug',
  '^do_raw_',
  'check_preemption_disabled',
  'debug_smp_processor_id',
  '_preempt_check',
  // checkers that WARN about their caller's misuse: the IRQ enable depth (kernel/irq/manage.c
  // __enable_irq() `Unbalanced enable for IRQ`, reached through enable_irq()) and debugobjects
  // (lib/debugobjects.c debug_print_object(), reached from debug_object_*() and, for an object freed
  // while active, debug_check_no_obj_freed())
  '^_*enable_irq$',
  '^debug_print_object$',
  '^_*debug_check_no_obj_freed$',
  '^debug_object_',
  '^bad_page',
  '^free_pages_check',
  '^free_page_is_bad',
  // the page and slab allocators' freeing paths (mm/page_alloc.c free_unref_folios(), free_pages_prepare(),
  // mm/swap.c folios_put_refs(), mm/slub.c check_slab(), free_debug_processing(), old mm/slab.c
  // cache_flusharray(), free_block())
  '^_*free_pages(?:_ok|_prepare|_bulk)?$',
  '^_*free_unref_',
  '^_*free_frozen_page',
  '^free_hot_cold_page',
  '^free_pcppages_bulk',
  '^_*free_one_page',
  '^check_free_page',
  '^folios_put',
  '^release_pages$',
  '^_*folio_put',
  '^kmem_freepages$',
  '^slabs_destroy$',
  '^_*cache_free$',
  '^cache_flusharray$',
  '^free_block$',
  '^cache_alloc_refill$',
  '^check_slab$',
  '^(?:free|alloc)_debug_processing$',
  '^on_freelist$',
  '^set_track',
  '^object_err$',
  // socket buffers freed (net/core/skbuff.c consume_skb(), skb_release_data(), skb_free_head())
  '^(?:__)?(?:dev_)?(?:consume|kfree)_skb',
  '^__dev_kfree_skb',
  '^skb_release_',
  '^skb_free_head$',
  // kmemleak's hooks in the allocators (mm/kmemleak.c create_object(), kmemleak_alloc_percpu())
  '^kmemleak_',
  '^_*create_object',
  // user-copy helpers (lib/strncpy_from_user.c, lib/strnlen_user.c)
  '^_*strncpy_from_user',
  '^_*strnlen_user',
  '^_*clear_user$',
  '^raw_copy_',
  '^_*arch_copy_',
  // ksymoops resolved addresses inside modules to modversions CRC symbols, which are no functions
  '^__crc_',
  // hardened usercopy's checks and their report (mm/usercopy.c usercopy_abort(), usercopy_warn(),
  // check_stack_object(), check_heap_object(), __check_object_size()): the caller copied the object
  '^usercopy_(?:abort|warn)$',
  '^check_stack_object$',
  '^check_kernel_text_object$',
  '^check_bogus_address$',
  // a socket buffer's bounds report (net/core/skbuff.c skb_panic(), skb_over_panic(), skb_under_panic())
  // and the data helpers that call it or first touch the buffer they are handed (skb_put(), skb_push(),
  // skb_pull(), __skb_put(), include/linux/skbuff.h): the caller handed them the buffer
  '^skb_(?:over_|under_)?panic$',
  '^_*skb_(?:put|push|pull|trim|reserve)(?:_zero|_data|_u8|_inline)?$',
  // x86 paravirt unlock: PV_UNLOCK_SLOWPATH's `.slowpath` label (arch/x86/include/asm/
  // qspinlock_paravirt.h __raw_callee_save___pv_queued_spin_unlock()) is printed as a frame of its own
  '^slowpath$',
  // KASAN's inline shadow checks (mm/kasan/generic.c bytes_is_nonzero(), memory_is_nonzero(),
  // memory_is_poisoned*(), check_region_inline()): a decoded RIP chain names them before kasan_check_range()
  '^bytes_is_nonzero$',
  '^memory_is_(?:nonzero|poisoned)',
  '^check_region_inline$',
  // page metadata look-ups for debug features (mm/page_ext.c lookup_page_ext(), page_ext_lookup(),
  // page_ext_get(), include/linux/page_ext.h page_ext_iter_begin())
  '^_*lookup_page_ext$',
  '^page_ext_(?:lookup|get|put|iter_)',
  // the page allocator's entry points (mm/page_alloc.c __get_free_pages(), get_zeroed_page()), and the
  // allocators that take pages from it for their caller: a new slab (mm/slub.c new_slab()) and page
  // fragments (mm/page_alloc.c page_frag_alloc(), __alloc_page_frag() before v4.10)
  '^_*get_free_pages?$',
  '^get_zeroed_page',
  '^new_slab$',
  // a kdump kernel taking over after the panic (kernel/crash_core.c crash_kexec(), __crash_kexec();
  // arch/x86/kernel/machine_kexec_64.c machine_kexec()), at the top of the crash utility's `bt`; and the
  // x86 fault path (arch/x86/mm/fault.c __bad_area_nosemaphore(), older kernels' no_context())
  '^_*crash_kexec$',
  '^machine_kexec$',
  '^no_context$',
  '^_*bad_area',
  // a KVM guest's asynchronous page fault entry (arch/x86/entry/entry_64.S, before the exc_* IDT
  // entries replaced it)
  '^async_page_fault$',
  // the vmalloc area's map, unmap and free (mm/vmalloc.c vfree(), vunmap() with its
  // BUG_ON(in_interrupt()), vmap(), vm_unmap_ram()) and the I/O and memory remapping built on it
  // (mm/ioremap.c iounmap(), kernel/iomem.c memunmap()): an assertion there is about its caller
  '^_*v(?:free|unmap|map)(?:_atomic)?$',
  '^vm_(?:un)?map_ram$',
  '^(?:devm_)?io(?:re|un)map(?:_\\w{1,12})?$',
  '^(?:devm_)?mem(?:re|un)map$',
  '^_*page_frag_alloc',
  '^_*alloc_page_frag$',
  // an interrupt no handler claimed is reported from the interrupt's own path (kernel/irq/spurious.c
  // note_interrupt(), __report_bad_irq()): the interrupt controller's dispatch below names the line
  '^note_interrupt$',
  '^_*report_bad_irq$',
  // arm64's SError handling (arch/arm64/kernel/traps.c do_serror(), arm64_is_fatal_ras_serror(),
  // arm64_serror_panic() with its add_taint()), and abort() (kernel/exit.c), whose address a noreturn
  // panic call leaves as the next frame: the interrupted code is under them
  '^do_serror$',
  '^arm64_(?:serror_panic|is_fatal_ras_serror)$',
  // mips's and loongarch's address and alignment error handlers (arch/mips/kernel/unaligned.c do_ade(),
  // arch/loongarch/kernel/traps.c do_ade(), do_ale()), which emulate the access the code below them made
  '^do_a[dl]e$',
  '^add_taint$',
  '^abort$',
  'apic_timer_interrupt',
  // the timer tick into the soft-lockup check of 2.6 kernels (kernel/softlockup.c softlockup_tick(),
  // called from kernel/timer.c run_local_timers() and arch/x86_64 smp_local_timer_interrupt()), printed
  // above the looping code as the lockup's first frames
  '^softlockup_tick$',
  // the label x86-64's switch_to() returns to inside schedule() before v2.6.25
  // (include/asm-x86_64/system.h of those kernels: `thread_return:`)
  '^thread_return$',
  '^run_local_timers$',
  '^smp_local_timer_interrupt$',
  // the die() path of 2.6 i386, printed as the oops's own first frames (arch/i386/kernel/traps.c
  // show_registers(), show_stack_log_lvl()) and the rwlock half of the spinlock debug checks
  // (lib/spinlock_debug.c rwlock_bug(), as spin_bug() is for spinlocks)
  '^show_registers$',
  '^show_stack_log_lvl$',
  // i386's common exception entry before the x86 merge (arch/i386/kernel/entry.S `error_code:`), the
  // frame between do_page_fault()/do_invalid_op() and the code that trapped
  '^error_code$',
  '^rwlock_bug$',
  // preempt-count accounting under its 2.6 names (kernel/sched.c add_preempt_count(), sub_preempt_count();
  // kernel/sched/core.c preempt_count_add() now)
  '^(?:add|sub)_preempt_count$',
  // the SLAB allocator's debug checks (mm/slab.c before v6.8; named by its `slab error in %s()` and
  // `Badness in cache_free_debugcheck` lines): the caller of kfree()/kmem_cache_free() is the code to read
  '^cache_(?:free|alloc)_debugcheck',
  '^kfree_debugcheck$',
  '^check_poison_obj$',
  '^kmem_flagcheck$',
  '^__schedule_bug',
  '^schedule_debug',
  // return and indirect-branch thunks of the speculation mitigations (arch/x86/lib/retpoline.S
  // srso_alias_return_thunk, retbleed_return_thunk, __x86_return_thunk), the padding objtool puts before
  // each function (tools/objtool/elf.c `__pfx_`) and the CFI type-check stub before it (`__cfi_`):
  // return addresses of every function, stale on the stack, never a caller
  '_return_thunk',
  '_indirect_thunk',
  // s390's expoline thunks (arch/s390/include/asm/nospec-insn.h __THUNK_EX_BR, __s390_indirect_jump_rN)
  '^__s390_indirect_jump',
  '^(?:srso|retbleed)_',
  '^__pfx_',
  '^__cfi_',
  // dumping another CPU's stack for a stall report (kernel/sched/core.c dump_cpu_task(); before v5.0
  // the RCU tick hook was rcu_check_callbacks(), kernel/rcu/tree.c), and the unwinders that print it
  // (arch/riscv/kernel/stacktrace.c walk_stackframe(), arch/*/kernel/stacktrace.c)
  '^dump_cpu_task$',
  '^rcu_check_callbacks$',
  '^walk_stackframe$',
  '^(?:arch_)?stack_trace_',
  // the tick that found the stall: clock event interrupt handlers (drivers/clocksource/timer-riscv.c
  // riscv_timer_interrupt(), arm_arch_timer.c arch_timer_handler_*) and riscv's interrupt entry
  // (drivers/irqchip/irq-riscv-intc.c riscv_intc_irq(), arch/riscv/kernel/traps.c handle_riscv_irq())
  '_timer_interrupt$',
  // mips clock events: c0_compare_interrupt() (arch/mips/kernel/cevt-r4k.c), gic_compare_interrupt()
  // (drivers/clocksource/mips-gic-timer.c)
  '_compare_interrupt$',
  // powerpc's decrementer interrupt (arch/powerpc/kernel/time.c timer_interrupt()) and the replay of
  // interrupts that arrived while soft-masked (arch/powerpc/kernel/irq_64.c replay_soft_interrupts(),
  // called from arch_local_irq_restore()); 5.x kernels returned from each replayed interrupt through
  // the `replay_interrupt_return` label of exceptions-64s.S, which an NMI backtrace then shows as NIP
  '^timer_interrupt$',
  // and the entry code an interrupt came in through (arch/powerpc/kernel/exceptions-64s.S: GEN_COMMON's
  // `<name>_common_virt`, EXC_COMMON_BEGIN(decrementer_common))
  '_common_virt$',
  '^decrementer_common$',
  '^_*replay_soft_interrupts',
  '^replay_interrupt_return$',
  '^arch_timer_handler',
  '^riscv_intc_irq$',
  '^handle_riscv_irq$',
  // timekeeping reads, stale words on the stack of any task that slept with a timeout
  // (kernel/time/timekeeping.c ktime_get(), arch/x86/kernel/tsc.c read_tsc(), native_sched_clock())
  '^ktime_get',
  '^read_tsc$',
  '^(?:native_)?sched_clock',
  '^local_clock',
  // lockdep's own dependency checks and their report (kernel/locking/lockdep.c validate_chain(),
  // check_prev_add(), check_noncircular(), check_irq_usage(), print_circular_bug(); 2.6's
  // print_circular_bug_tail())
  '^validate_chain$',
  '^check_prevs?_add$',
  '^check_noncircular$',
  '^check_irq_usage$',
  '^print_circular_bug',
  '^print_bad_irq_dependency$',
  // and its other reports (print_deadlock_bug(), print_lock_invalid_wait_context(), print_held_locks_bug(),
  // print_lock_nested_lock_not_held(), print_freed_lock_bug(), print_irq_inversion_bug()) with the checks
  // that call them (check_deadlock(), check_wait_context(), mark_lock_irq())
  '^print_(?:deadlock_bug|lock_invalid_wait_context|held_locks_bug|lock_nested_lock_not_held|freed_lock_bug|irq_inversion_bug)$',
  '^check_(?:deadlock|wait_context)$',
  '^mark_lock_irq$',
  // lockdep's queries, which lockdep_assert_held() and RCU-list checks run everywhere
  // (kernel/locking/lockdep.c lock_is_held_type(), lockdep_is_held())
  '^_*lock_is_held',
  '^lockdep_',
  // notifier chains call every subscriber, taking the chain's own lock (kernel/notifier.c
  // blocking_notifier_call_chain(), notifier_call_chain())
  '^_*(?:blocking_|atomic_|raw_|srcu_)?notifier_call_chain',
  // the page allocator's internals under alloc_pages() (mm/page_alloc.c get_page_from_freelist(),
  // rmqueue(), __rmqueue_pcplist(), rmqueue_bulk())
  '^get_page_from_freelist$',
  '^_*rmqueue',
  // bad page table entries and stack overflows are reported from here (mm/memory.c print_bad_pte(),
  // arch/riscv/kernel/traps.c and arch/arm64/kernel/traps.c handle_bad_stack(), panic_bad_stack(),
  // arch/x86/kernel/traps.c handle_stack_overflow())
  '^print_bad_pte$',
  '^(?:handle|panic)_bad_stack$',
  '^handle_stack_overflow$',
  // reporters of a check whose message names the culprit (kernel/panic.c refcount_error_report() of
  // v4.13-v5.4; arch/x86/kernel/cet.c do_kernel_cp_fault(), `Missing ENDBR:`)
  '^refcount_error_report$',
  '^do_kernel_cp_fault$',
  // the x86 control-protection trap that calls it (arch/x86/kernel/cet.c exc_control_protection())
  '^exc_control_protection$',
  // Rust's panic path (rust/kernel/lib.rs `#[panic_handler]`, the core library's panicking module)
  // and the C helpers Rust calls for kernel macros (rust/helpers/bug.c rust_helper_BUG())
  'rust_begin_unwind$',
  '^core::panicking',
  '^rust_helper_',
  // filesystems' own assertion reporters (fs/xfs/xfs_message.c assfail(), asswarn()): the caller's check failed
  '^ass(?:fail|warn)$',
  // ELF mapping symbols (`$x.11` marks A64 code, `$d` data) and local labels that a toolchain leaked into
  // kallsyms, which drops them (scripts/mksysmap, include/linux/module_symbol.h is_mapping_symbol()):
  // a place inside some function, not a function
  '^\\$',
  '^\\.L',
  // tracing and instrumentation glue
  '^trace_',
  '^__traceiter_',
  '^__trace_',
  '^rcu_lock_release',
  '^__rcu_read_lock',
];
const INFRASTRUCTURE = anyOf(INFRASTRUCTURE_PATTERNS);
/** Generic for a culprit: on syzkaller's skip list or ours (`isSkippedFrame` with `INFRASTRUCTURE`). */
const GENERIC_FOR_CULPRIT = withGlobalSkips(INFRASTRUCTURE_PATTERNS);

/**
 * KASAN's set-up code, which maps and fills the shadow (mm/kasan/shadow.c kasan_populate_vmalloc(),
 * kasan_populate_vmalloc_pte(), kasan_release_vmalloc(); arch/* kasan_init(), kasan_map_populate()), is
 * not its runtime: syzkaller's `kasan` word would skip it, a stall or fault in it is its own.
 */
const KASAN_SETUP = /^_*kasan_(?:init|populate|depopulate|release_vmalloc|map|early)/;

export function isGenericForCulprit(fn: string): boolean {
  const base = readableName(fn);
  return !KASAN_SETUP.test(base) && GENERIC_FOR_CULPRIT.test(base);
}

/**
 * Source files of generic infrastructure, for symbolized traces (`memcmp lib/string.c:861`): the
 * shared headers and library, the allocators and memory sanitizers, locking, the wait and completion
 * helpers (not the scheduler, whose own warnings are about it), RCU, IRQ and timer dispatch, the
 * workqueue and kthread runners, and each architecture's trap, stack-dump, entry and fault code. A
 * function there is a helper the code under suspicion called or was called by, whatever its name
 * (syzkaller blames a source file the same way: ../shared/reference/syzkaller-titles.md).
 */
const GENERIC_SOURCE =
  /^(?:include\/|lib\/|mm\/(?:kasan\/|kmsan\/|kfence\/|sl[aou]b\.c|slab_common\.c|page_alloc\.c|vmalloc\.c|util\.c)|kernel\/(?:locking\/|sched\/(?:s?wait|wait_bit|completion)\.c|rcu\/|irq\/|entry\/|(?:workqueue|softirq|kthread|panic|stacktrace)\.c|time\/(?:hr)?timer\.c)|arch\/[a-z0-9]{1,16}\/(?:entry\/|mm\/fault\.c|kernel\/(?:traps|dumpstack\w{0,8}|stacktrace|entry[\w-]{0,16})\.[cS]))/;

/** Whether a frame is generic code: by its name, or in a symbolized trace by its source file. */
export function isGenericFrame(f: Pick<Frame, 'fn' | 'source'>): boolean {
  return isGenericForCulprit(f.fn) || (f.source !== null && GENERIC_SOURCE.test(f.source));
}

/**
 * The core of the generic code, matched exactly: syzkaller's list matches substrings on purpose
 * (`kmalloc` in `rkmalloc`), which for a title is stable but can leave a paste whose own helpers look
 * generic with no culprit at all. When nothing passes the broad test, the first frame passing this
 * one is taken.
 */
const CORE_GENERIC = anyOf([
  '^_*dump_stack',
  // out-of-tree reporting helpers spell it as one word (OpenZFS's SPL: spl_debug_dumpstack())
  'dumpstack',
  '^show_stack',
  '^_*dump_backtrace',
  'panic',
  '^_*warn',
  '^report_bug',
  '^handle_bug',
  '^exc_',
  '^do_error_trap',
  '^_*die',
  // KASAN's runtime, not its set-up (arch/powerpc/mm/kasan/ kasan_init_region(), KASAN_SETUP)
  '^_*kasan_(?!init|populate|depopulate|release_vmalloc|map|early)',
  '^_*kmsan',
  '^_*ubsan',
  '^lockdep',
  '^_*lock_acquire',
  '^_*lock_release',
  '^print_',
  '^_*might_',
  '^_*kmalloc',
  '^_*kv?realloc',
  '^_*kmem_cache',
  '^_*kfree',
  '^_*kzalloc',
  '^_*kvmalloc',
  '^_*alloc_pages',
  '^_*get_free_pages',
  '^_*vmalloc',
  // lib/hexdump.c hex_dump_to_buffer(), the dump a sanitizer may name
  'hex_dump',
  '^_*v?printk',
  '^_raw_',
  '^do_raw_',
  '^queued_',
  '^native_queued',
  '^_*mutex_',
  '^_*down',
  '^_*up_(?:read|write)',
  '^_*refcount_',
  '^mem(?:cpy|set|move|cmp)',
  '^str[a-z]*$',
  '^_*copy_(?:to|from)_user',
  '^_*schedule',
  '^_*h?list_',
  '^_*(?:get|put)_user',
  '^csum_',
]);

function isCoreGeneric(fn: string): boolean {
  const base = readableName(fn);
  return CORE_GENERIC.test(base) || INFRASTRUCTURE.test(base);
}

interface Candidate {
  fn: string;
  module: string | null;
  line: number;
}

/** What the culprit is read from: a report without its culprit. */
export interface CulpritInput extends CulpritHints {
  kind: ReportKind;
  /** syzkaller's guilty frame (from the RIP line when the trace is missing) and the header's line. */
  guilty: { fn: string; line: number } | null;
  frames: readonly Frame[];
  facts: Facts;
  taint: Taint | null;
}

/**
 * A hung task sleeps under layers of waiting code, its own subsystem's included (`zio_wait`,
 * `cv_wait_common`, `__wait_on_buffer`, `sleep_on_buffer`): the waiter is the first frame past them,
 * whatever it is, a driver-core or teardown helper included, since that is the code that waits.
 */
const HANG_WAIT = anyOf([
  'sched',
  '_lock',
  '_slowlock',
  'down',
  'rwsem',
  'completion',
  'wait',
  'wake',
  'sleep',
  'synchronize',
  'context_switch',
  '__switch_to',
  'rcu_barrier',
  // flush_work() and kthread_stop() wait for a completion (kernel/workqueue.c __flush_work(), kernel/kthread.c)
  '^_*flush_(?:work|workqueue|delayed_work)',
  '^_*cancel_(?:delayed_)?work',
  '^kthread_(?:stop|park)',
  '^refrigerator$',
  '^_*refrigerator',
  '^try_to_freeze',
  // a timed sleep reads the clock (kernel/time/timer.c schedule_timeout(), kernel/sched/core.c io_schedule_timeout()):
  // stale words under the waiting code when no frame is reliable
  '^ktime_get',
  'sched_clock',
  '^read_tsc$',
]);

function isWaitPrimitive(fn: string): boolean {
  const base = readableName(fn);
  return HANG_WAIT.test(base) || CORE_GENERIC.test(base);
}

const LOCKDEP_KINDS: readonly ReportKind[] = [
  'lockdep-circular',
  'lockdep-recursive',
  'lockdep-inconsistent',
  'lockdep-irq-order',
];
/** kmemleak's own frames and the allocators under the leaking caller (mm/kmemleak.c, mm/slub.c, mm/util.c). */
const LEAK_ALLOCATOR = anyOf([
  'kmemleak',
  'create_object',
  '^_*(?:k|kv|v|dev_|devm_)?(?:m|z|c|re)alloc',
  '^_*kmem_cache_',
  '^_*kmalloc',
  '^_*do_kmalloc',
  '^_*(?:___)?slab_',
  '^_*new_slab',
  '^_*alloc_(?:pages|slab|frozen_pages|page|percpu|skb)',
  '^_*get_free_pages',
  '^_*folio_alloc',
  '^_*(?:netdev|napi|dev)_alloc_(?:skb|frag|pages)',
  '^_*(?:napi_)?build_skb',
  '^_*(?:kv?)?(?:strn?dup|memdup)',
  'kasprintf',
  '^_*pcpu_',
  '^mempool_alloc',
  // scatterlist tables (lib/scatterlist.c sg_kmalloc(), __sg_alloc_table(), sg_alloc_table(),
  // sg_alloc_append_table_from_pages(), sg_alloc_table_from_pages_segment() and its inline wrappers)
  '^_*sg_(?:kmalloc|alloc_(?:append_)?table)',
  // boot-time hash tables (mm/mm_init.c alloc_large_system_hash())
  '^alloc_large_system_hash$',
  // core constructors that hand the caller a file it owns and must fput() (fs/file_table.c
  // alloc_empty_file(), alloc_file_pseudo(), alloc_file_clone(); mm/shmem.c shmem_file_setup(),
  // __shmem_file_setup(), shmem_kernel_file_setup(); fs/anon_inodes.c anon_inode_getfile())
  '^alloc_(?:empty_file|file_pseudo|file_clone|file)(?:_noaccount)?$',
  '^_*shmem_(?:kernel_)?file_setup',
  '^_*anon_inode_(?:create_)?getfile',
  // a subsystem's own malloc (`rkmalloc`, `xmalloc`) is a wrapper whatever its prefix
  '[mzc]alloc$',
]);

/**
 * An allocator under the leaking caller: a generic one, or a subsystem's allocation wrapper, which a
 * caller that also allocates called (`generic_alloc` under `rkmalloc`); an `_alloc` function called
 * by code that does not allocate is that code's allocation of the object (`cdev_alloc` in a module's
 * init, `ftgmac100_alloc_rx_buf` in the driver's poll).
 */
function isLeakAllocator(frame: Frame, caller: Frame | undefined): boolean {
  const base = readableName(frame.fn);
  if (LEAK_ALLOCATOR.test(base)) return true;
  return base.includes('alloc') && caller !== undefined && readableName(caller.fn).includes('alloc');
}

/** ID tables, whose nodes kmemleak reports when a table is never destroyed (lib/idr.c, lib/radix-tree.c, lib/xarray.c). */
const ID_TABLE = /^_*(?:idr|ida|radix_tree|xas|xa)_/;
/**
 * A helper that only enters an object in a table (`__drm_mode_object_add()` calling idr_alloc(),
 * drivers/gpu/drm/drm_mode_object.c): the node leaks with the table its caller set up.
 */
const REGISTRATION_HELPER = /_(?:add|register|insert|install)$/;

/**
 * The first frame past the allocators; when the leaked object is an ID table's node, past the helpers
 * that enter objects in the table too, since the code that creates the object owns the table's entry.
 */
function leakingCaller(trace: readonly Frame[]): Frame | undefined {
  let idTable = false;
  return trace.find((f, i) => {
    const base = readableName(f.fn);
    if (ID_TABLE.test(base)) idTable = true;
    if (isGenericFrame(f) || isLeakAllocator(f, trace[i + 1])) return false;
    return !(idTable && REGISTRATION_HELPER.test(base));
  });
}

const ATOMIC_KINDS: readonly ReportKind[] = [
  'sleep-in-atomic',
  'scheduling-while-atomic',
  'invalid-wait-context',
  'preempt-unsafe',
];
const STALL_KINDS: readonly ReportKind[] = ['soft-lockup', 'rcu-stall', 'hard-lockup'];
const SANITIZER_KINDS: readonly ReportKind[] = ['kasan', 'kmsan', 'ubsan', 'kcsan', 'kfence'];

/**
 * The hooks a sanitizer compiles into the code it checks (`__ubsan_handle_shift_out_of_bounds`,
 * `__asan_load8`, `__msan_warning`, `kasan_check_range`): their caller is the checked access, whatever
 * its name (`kasan_init_region` is code UBSAN checked, not KASAN's report path).
 */
const SANITIZER_HOOK =
  /^(?:__ubsan_handle_|__asan_|__hwasan_|__msan_|__tsan_|_*kasan_check_|check_memory_region$)/;

/** The check code of a preemptible-context report, which names itself as the caller on old kernels. */
const PREEMPT_CHECK = /^(?:check_preemption_disabled|debug_smp_processor_id|__this_cpu_preempt_check)$/;

/** Taint letters of code that is not in the kernel tree (kernel/panic.c `taint_flags`). */
const OUT_OF_TREE_TAINT = /[OPE]/;

/** The contexts a stalled CPU's frames ran in, the looping code's most likely first. */
const STALL_CONTEXTS = ['task', 'softirq', 'hardirq'] as const;

export function pickCulprit(given: CulpritInput): Culprit | null {
  const picked = pickCulpritAsPrinted(given);
  return picked && wholeNameOfCut(picked, given.frames);
}

/** A cut name shorter than this is left as it is: too short to say which whole name it began. */
const MIN_CUT_NAME = 6;

/**
 * A terminal or a pager that showed each line up to its width (`less -S`, `journalctl`) cut the long
 * ones inside a name: `Workqueue: rtw89_tx_wq rtw89_co`, `RIP: 0010:rtw89_core_tx_update_`, a frame's
 * `[<ffffffffa01cbccd>] __local_bh_enabl` without its `+0x` offset. When the trace prints the same
 * function whole (a frame with its offset, whose line was shorter) and no whole name is the picked one,
 * the picked name is the start of that function: it is read as the whole name.
 */
function wholeNameOfCut(picked: Culprit, frames: readonly Frame[]): Culprit {
  if (picked.fn.length < MIN_CUT_NAME) return picked;
  let whole: Frame | null = null;
  for (const f of frames) {
    if (f.offset === null) continue;
    const name = readableName(f.fn);
    if (name === picked.fn) return picked;
    if (name.length <= picked.fn.length || !name.startsWith(picked.fn)) continue;
    if (whole !== null && readableName(whole.fn) !== name) return picked;
    whole ??= f;
  }
  return whole === null ? picked : { ...picked, fn: readableName(whole.fn), line: whole.line };
}

function pickCulpritAsPrinted(given: CulpritInput): Culprit | null {
  // A wrapped header's function only counts when it says more than the trace's generic top frame.
  const wrapped = given.wrappedHeaderFn;
  const input =
    given.headerFn === null && wrapped && !isGenericForCulprit(wrapped.fn)
      ? { ...given, headerFn: wrapped }
      : given;
  const main = withoutHeaderHelpers(
    withoutCutFrame(input.frames.filter((f) => f.stack === 'main')),
    input.inlineLines,
  );
  const trace = readTrace(input.frames, main);
  const header = input.headerFn && {
    ...input.headerFn,
    module: input.headerFn.module ?? moduleOf(input.frames, input.headerFn.fn),
  };

  const dying = DYING_KINDS.includes(input.kind) ? faultUnderDeath(trace) : null;
  if (dying) return culprit(dying, 'the task was being killed after it faulted there (the oops above)');

  const smashed = input.stackSmashedIn;
  if (smashed)
    return culprit(smashed, 'the stack-protector panic names it: its stack canary was overwritten');

  const outOfTree = outOfTreeFrame(input, trace);
  if (outOfTree) return outOfTree;

  if (input.kind === 'preempt-unsafe') {
    const used = perCpuUser(input, trace);
    if (used) return used;
  }
  if (ATOMIC_KINDS.includes(input.kind)) {
    const entered = atomicEntry(input, trace);
    if (entered) return entered;
  }
  if (LOCKDEP_KINDS.includes(input.kind)) {
    const taken = lockSite(input, input.facts.acquiring, 'it takes the lock that lockdep reports');
    if (taken) return taken;
    // Taking a lock in generic code (`__irq_get_desc_lock()`) while holding one of the caller's: the
    // caller that holds it made the order.
    const held = lockSite(
      input,
      input.facts.lockdep?.holding ??
        (HOLDING_KINDS.includes(input.kind) ? innermostHeld(input.facts) : null),
      'it holds the lock lockdep found taken first',
    );
    if (held) return held;
  }
  if (input.kind === 'memory-leak') {
    const caller = leakingCaller(trace);
    if (caller) return culprit(caller, 'it allocated the object that was never freed');
  }
  // A slab corruption report (mm/slub.c) prints the object's allocation stack under `Allocated in`:
  // read like a leak's, past the allocators and their wrappers, it names the code that owns the object.
  if (input.kind === 'other' && input.allocatedIn) {
    const owner = leakingCaller(trace);
    if (owner) return culprit(owner, 'it allocated the object whose red zone or poison was overwritten');
  }
  if (STALL_KINDS.includes(input.kind)) {
    const looping = stalledCode(input, trace);
    if (looping) return looping;
  }
  const sleptInRcu = input.kind === 'warning' ? sleeperInRcuReader(input, trace) : null;
  if (sleptInRcu) return sleptInRcu;
  if (input.kind === 'hung-task') {
    const waiter = trace.find((f) => !isWaitPrimitive(f.fn));
    if (waiter) return culprit(waiter, 'the function that waits, under the sleeping and locking primitives');
  } else if (!ATOMIC_KINDS.includes(input.kind)) {
    const loc = interrupted(input);
    if (loc) return loc;
    if (header && !isGenericForCulprit(header.fn)) return culprit(header, 'the function the header names');
    if (SANITIZER_KINDS.includes(input.kind)) {
      const checked = sanitizerCaller(trace);
      if (checked) return culprit(checked, 'the sanitizer checked an access in it');
      // The sanitizer named the function itself, past its own frames: only a string, list or lock
      // helper there points on to its caller (`bpf_snprintf` is no printf helper, whatever its name).
      if (header && !isCoreGeneric(header.fn)) {
        return culprit(header, 'the function the sanitizer names in its header');
      }
    }
  }
  return fallback(input, main, trace);
}

/**
 * kernel/rcu/tree_plugin.h rcu_note_context_switch(), called by kernel/sched/core.c __schedule(), WARNs
 * `Voluntary context switch within RCU read-side critical section!` (its only WARN_ONCE naming no other
 * state): the function the WARN fired in is the scheduler's, and the code to read is the one that went
 * to sleep under rcu_read_lock() - the first frame past the scheduling, waiting and synchronous USB
 * message helpers (drivers/usb/core/message.c usb_start_wait_urb() waits for the URB).
 */
const RCU_SLEEP_WARN = 'rcu_note_context_switch';
const SYNC_USB_MESSAGE = /^(?:usb_start_wait_urb|usb_control_msg|usb_bulk_msg|usb_interrupt_msg)$/;

function sleeperInRcuReader(input: CulpritInput, trace: readonly Frame[]): Culprit | null {
  const at = input.headerFn?.fn ?? input.facts.rip?.fn ?? input.facts.pc?.fn;
  if (at === undefined || at === null || readableName(at) !== RCU_SLEEP_WARN) return null;
  const sleeper = trace.find((f) => {
    const base = readableName(f.fn);
    return base !== RCU_SLEEP_WARN && !SYNC_USB_MESSAGE.test(base) && !isGenericFrame(f);
  });
  return sleeper
    ? culprit(
        sleeper,
        'it slept inside an RCU read-side critical section, under the scheduling and waiting helpers',
      )
    : null;
}

/**
 * The code that kills a task after an oops (kernel/exit.c do_exit(), make_task_dead(); x86
 * rewind_stack_and_make_dead(), arch/x86/kernel/dumpstack.c oops_end(); die() of each arch).
 */
const DEATH = /^(?:do_exit|make_task_dead|rewind_stack_(?:do_exit|and_make_dead)|oops_end|die)$/;
/**
 * The fault and trap entry code an oops is raised from: x86 page_fault, error_exit (entry_64.S before
 * v4.x) and asm_exc_*, exc_* (v5.8 on); arm64 el1_abort, el1h_64_sync*, do_mem_abort; arm __dabt_svc,
 * do_DataAbort; powerpc data_access_common, handle_page_fault; each arch's do_page_fault().
 */
const FAULT_ENTRY =
  /^(?:_*do_page_fault|page_fault|error_exit|error_code|asm_exc_[a-z_]+|exc_(?:page_fault|general_protection|invalid_op)|_*do_(?:general_protection|invalid_op|trap|mem_abort|DataAbort|kernel_fault)|general_protection|invalid_op|el1_(?:abort|sync|da|ia)|el1h_64_sync(?:_handler)?|__dabt_svc|data_access_common|handle_page_fault|do_page_fault_common)$/;

/**
 * Reports the killing itself raises (kernel/exit.c: do_exit() sleeps, in an interrupt it panics with
 * `Aiee, killing interrupt handler!`); a stall in the exit path is about the code that loops there.
 */
const DYING_KINDS: readonly ReportKind[] = [
  'sleep-in-atomic',
  'scheduling-while-atomic',
  'invalid-wait-context',
  'preempt-unsafe',
  'panic',
];

/**
 * A report raised while a task is killed after an oops: its trace runs from the killing code through
 * the fault entry into the code that faulted, which is the oops's, and so this report's, culprit.
 */
function faultUnderDeath(trace: readonly Frame[]): Frame | null {
  const death = trace.findIndex((f) => DEATH.test(readableName(f.fn)));
  if (death < 0) return null;
  let entry = trace.findIndex((f, i) => i > death && FAULT_ENTRY.test(readableName(f.fn)));
  if (entry < 0) return null;
  // Without frame pointers stale words lie between the handler and its entry code (`do_page_fault`,
  // `printk`, `error_exit`): the faulting code is past the last entry frame close by.
  for (let i = entry + 1; i < trace.length && i <= entry + ENTRY_SPREAD; i++) {
    if (FAULT_ENTRY.test(readableName((trace[i] as Frame).fn))) entry = i;
  }
  return trace[entry + 1] ?? null;
}

/** Frames that may lie between a fault handler and the entry code that called it. */
const ENTRY_SPREAD = 4;

/**
 * A paste cut in the middle of its last frame leaves a name without its `+0x` offset (`__local_bh_enabl`)
 * where the frames before carry one: that name may be a fragment, not a function.
 */
function withoutCutFrame(frames: readonly Frame[]): readonly Frame[] {
  const last = frames[frames.length - 1];
  const cut =
    last !== undefined &&
    last.offset === null &&
    last.source === null &&
    // `unwind_next_frame.part`: a compiler suffix begun, so the name itself was printed whole.
    !last.fn.includes('.') &&
    frames.some((f) => f.offset !== null);
  return cut ? frames.slice(0, -1) : frames;
}

/**
 * A trace syzkaller's symbolizer decoded names the inline functions of the kernel's shared headers on
 * lines of their own (`atomic_read include/linux/atomic/atomic-instrumented.h:32 [inline]`): helpers
 * every subsystem inlines, whose caller is the code to read. They are dropped when the trace shows more.
 * (decode_stacktrace.sh's `f (include/linux/log2.h:57 fs/x.c:46)` names the real function: it stays.)
 */
function withoutHeaderHelpers(frames: readonly Frame[], inline: ReadonlySet<number>): readonly Frame[] {
  const helper = (f: Frame): boolean => inline.has(f.line) && f.source !== null && isSharedHeader(f.source);
  if (!frames.some((f) => !helper(f) && f.source !== null)) return frames;
  return frames.filter((f) => !helper(f));
}

/**
 * A frame at its function's first instruction (`sock_init+0x0/0xaa`) below the innermost one is no
 * return address: a call returns past the call instruction, inside the caller. Such words are function
 * pointers left on the stack, which traces that print every stack word holding a kernel text address
 * show unmarked (m68k show_trace() in arch/m68k/kernel/traps.c). The innermost frame may be a jump to a
 * function's start that faulted, unless the trace holds more such words; arm's `(f+0x0/0x30) from [<..>] (g+0x1c/0x40)` lines name the callee
 * by its start on purpose (arch/arm/kernel/traps.c dump_backtrace_entry()), two frames on one line.
 */
function isStackedFunctionPointer(main: readonly Frame[], f: Frame, i: number): boolean {
  if (!isFunctionStart(f) || main.some((g) => g !== f && g.line === f.line)) return false;
  return i > 0 || main.some((g) => g !== f && isFunctionStart(g));
}

function isFunctionStart(f: Frame): boolean {
  return f.offset === 0 && f.size !== null;
}

/**
 * The trace the rules read: the main stack's reliable frames; when it has none, a later stack's (a
 * report printed into a stale dump of `? ` words); else every main frame, since kernels without frame
 * pointers may mark every frame `? ` and the marks then tell nothing apart.
 */
function readTrace(frames: readonly Frame[], main: readonly Frame[]): readonly Frame[] {
  const reliable = main.filter((f, i) => !f.unreliable && !isStackedFunctionPointer(main, f, i));
  if (reliable.length > 0) return reliable;
  const later = frames.filter((f) => f.stack === 'other' && !f.unreliable);
  return later.length > 0 ? later : main;
}

/**
 * Where a whole stack ends: thread and CPU start (kernel/kthread.c kthread(), init/main.c start_kernel(),
 * the idle loop), system call and exception entry, interrupt entry, the work and timer runners.
 */
const OUTERMOST =
  /^(?:_*ret_from_|kthread$|worker_thread$|process_one_work$|smpboot_thread_fn$|entry_|do_syscall|__x64_sys_|__arm64_sys_|__ia32_sys_|__se_sys_|__do_sys_|sys_|x64_sys_call$|invoke_syscall|el0t?_|do_el0_svc|system_call|ret_fast_syscall|syscall_|start_kernel$|rest_init$|kernel_init|cpu_startup_entry$|do_idle$|secondary_start|start_secondary$|__primary_switched$|cpu_bringup|asm_|common_interrupt$|gic_handle_irq$|handle_arch_irq$|do_IRQ$|run_ksoftirqd$|__do_softirq$|handle_softirqs$|irq_exit|call_timer_fn$|expire_timers$|run_timer_softirq$|rcu_core$|rcu_do_batch$|do_one_initcall$)/;

/** The last frame of a trace of several that stops before its entry code (`OUTERMOST`), or null. */
function cutTraceEnd(trace: readonly Frame[]): Frame | null {
  const last = trace.at(-1);
  return trace.length > 1 && last && !OUTERMOST.test(readableName(last.fn)) ? last : null;
}

const CUT_TRACE_END = 'the outermost frame the cut trace shows; all of it is generic kernel code';

/**
 * x86's rwsem slow paths before v5.2 went through asm thunks (arch/x86/lib/rwsem.S
 * `call_rwsem_down_write_failed` and kin) that set up no frame, so the lock call that entered them
 * (`down_write`) is printed as a `? ` word right below. Returns that word when `end` is such a thunk.
 */
function thunkCaller(main: readonly Frame[], end: Frame): Frame | null {
  if (!RWSEM_THUNK.test(end.fn)) return null;
  const next = main[main.indexOf(end) + 1];
  return next?.unreliable ? next : null;
}

const RWSEM_THUNK = /^call_rwsem_/;
const RWSEM_THUNK_CALLER = 'it entered the rwsem slow path through an asm thunk that left it as a `? ` word';

/**
 * Reports whose reliable frames are the path into the scheduler (a hung task waiting; a task that slept
 * where it may not: kernel/sched/core.c __schedule_bug(), __might_sleep()). Cut before its caller, that
 * path still says where it went to sleep, which a stale `? ` word on the stack does not.
 */
const SLEEPING_KINDS: ReadonlySet<string> = new Set([
  'hung-task',
  'scheduling-while-atomic',
  'sleep-in-atomic',
]);

/** The code that prints a report (lib/dump_stack.c, mm/page_alloc.c bad_page(), kernel/panic.c __warn()). */
const REPORTING =
  /^(?:_*dump_stack|show_stack|_*dump_backtrace|bad_page|print_|_*warn|report_bug|handle_bug)/;

/** When no rule of the report's kind chose: the first frame outside generic code, most telling first. */
function fallback(input: CulpritInput, main: readonly Frame[], trace: readonly Frame[]): Culprit | null {
  const first = pastLockWrapper(belowNamedFrame(input, trace));
  if (first) return culprit(first, 'the first frame of the call trace outside generic kernel code');
  // A hung task's reliable frames, all waiting primitives and cut before their entry code (waiting in
  // __synchronize_srcu(), its caller not pasted): the outermost says what it waits for, which a stale
  // `? ` word left on the stack by an earlier call (mod_timer()) does not.
  const cutEnd = cutTraceEnd(trace);
  if (cutEnd && trace.length < main.length && SLEEPING_KINDS.has(input.kind)) {
    const caller = thunkCaller(main, cutEnd);
    if (caller) return culprit(caller, RWSEM_THUNK_CALLER);
    return culprit(cutEnd, CUT_TRACE_END);
  }
  // An excerpt, a cut stack, stale `? ` words only: still the best a reader can start from.
  const stale = main.find((f) => !isGenericFrame(f));
  if (stale) return culprit(stale, 'the first frame outside generic kernel code that the paste shows');
  // A call through a bad pointer from generic code (an RCU callback, a timer function): the pc has no
  // symbol, and the caller in the link register is where the pointer was called.
  const { rip, pc, lr } = input.facts;
  if (!rip && pc && pc.fn === null && lr?.fn) {
    return culprit(
      { fn: lr.fn, module: moduleOf(input.frames, lr.fn), line: lr.line },
      'it called a pointer to no code (the pc has no symbol); the link register names it',
    );
  }
  const { headerFn: header, workFn } = input;
  if (header && !isGenericForCulprit(header.fn)) {
    return culprit(header, 'the function the header names; the paste shows no other');
  }
  if (workFn && !isGenericForCulprit(workFn.fn)) {
    return culprit(workFn, 'the work item the worker was running; the trace shows only generic code');
  }
  const { inFlight } = input;
  if (inFlight && !isGenericForCulprit(inFlight.fn)) {
    return culprit(inFlight, 'the work function in flight on the stuck pool');
  }
  const { allocatedIn } = input;
  if (allocatedIn && !isGenericForCulprit(allocatedIn.fn)) {
    return culprit(allocatedIn, 'it allocated the object whose red zone or poison was overwritten');
  }
  if (header) return culprit(header, 'the function the header names; the paste shows no other');
  const own = trace.find((f) => !isCoreGeneric(f.fn)) ?? main.find((f) => !isCoreGeneric(f.fn));
  if (own) return culprit(own, 'the first frame outside the core of generic kernel code');
  // Another stack of the report (another CPU, an allocation or free stack) when the main one says nothing.
  const other =
    input.frames.find((f) => !f.unreliable && !isGenericFrame(f)) ??
    input.frames.find((f) => !isGenericFrame(f));
  if (other) return culprit(other, 'the first frame outside generic kernel code that the paste shows');
  const registers = registerLocation(input);
  if (registers) return registers;
  const locks = input.facts.locksHeld?.locks ?? [];
  const holder = [...locks].reverse().find((l) => l.at !== null && !isGenericForCulprit(l.at));
  if (holder?.at) {
    return culprit(
      { fn: holder.at, module: moduleOf(input.frames, holder.at), line: holder.line },
      `it took ${holder.name}, which is held while the report is printed`,
    );
  }
  // A lockdep report cut before its stacks: the lock it was taking, even in generic code, is all there is.
  const taking = input.facts.acquiring;
  if (taking?.at) {
    return culprit(
      { fn: taking.at, module: moduleOf(input.frames, taking.at), line: taking.line },
      `it takes ${taking.name}, the lock the report is about; the paste shows no other code`,
    );
  }
  if (input.guilty) {
    return culprit(
      { fn: input.guilty.fn, module: null, line: input.guilty.line },
      'the function the report title names; the paste shows no call trace',
    );
  }
  if (workFn) return culprit(workFn, 'the work item the worker was running');
  // An idle task's scheduling-while-atomic shows only its dump: where it disabled preemption (the idle
  // loop's `secondary_start_kernel`) is still more than the unwinder.
  const site = input.facts.preemptionDisabledAt;
  if (site && ATOMIC_KINDS.includes(input.kind)) {
    return culprit(site, 'preemption was disabled there; the trace shows only generic code');
  }
  // A trace cut before its entry code: its last frame shown is the nearest to the caller that went wrong.
  if (cutEnd) return culprit(cutEnd, CUT_TRACE_END);
  const bare = trace.find((f) => !REPORTING.test(readableName(f.fn))) ?? trace[0] ?? input.frames[0];
  return bare ? culprit(bare, 'the only kind of frame the paste shows: generic kernel code') : null;
}

/**
 * The trace below the generic function its header names (`Badness in local_bh_enable at ...`, `WARNING:
 * at lib/list_debug.c:53 __list_del_entry+0xa1/0xd0()`): a frame printed above it is no caller of it but
 * a stale word an unwinder without frame pointers found on the stack (MIPS's heuristic unwinder, i386's
 * and x86-64's stack scan), so the code that called the checking function is read below it. The whole
 * trace when the header names no function the trace shows.
 */
function belowNamedFrame(input: CulpritInput, trace: readonly Frame[]): readonly Frame[] {
  const named = input.headerFn?.fn ?? input.guilty?.fn;
  if (named === undefined || !isGenericForCulprit(named)) return trace;
  const base = readableName(named);
  const at = trace.findIndex((f) => readableName(f.fn) === base);
  return at > 0 ? trace.slice(at + 1) : trace;
}

/**
 * The first frame outside generic code, unless it only wraps a lock (`clk_prepare_lock()` calling
 * `mutex_lock()`, drivers/clk/clk.c): then its caller, which wanted the lock.
 */
function pastLockWrapper(trace: readonly Frame[]): Frame | undefined {
  const at = trace.findIndex((f) => !isGenericFrame(f));
  const frame = trace[at];
  const callee = trace[at - 1];
  if (
    !frame ||
    !callee ||
    !LOCK_WRAPPER.test(readableName(frame.fn)) ||
    !LOCK_PRIMITIVE.test(readableName(callee.fn))
  )
    return frame;
  return trace.slice(at + 1).find((f) => !isGenericFrame(f)) ?? frame;
}

const LOCK_WRAPPER = /_(?:un)?lock(?:_[a-z]+)?$/;

/** The caller of `wrapper` when the trace shows `wrapper` named like a lock helper calling a lock primitive. */
function callerOfLockWrapper(trace: readonly Frame[], wrapper: string): Frame | undefined {
  const name = readableName(wrapper);
  if (!LOCK_WRAPPER.test(name)) return undefined;
  const at = trace.findIndex((f) => readableName(f.fn) === name);
  const callee = trace[at - 1];
  if (at < 1 || !callee || !LOCK_PRIMITIVE.test(readableName(callee.fn))) return undefined;
  return trace.slice(at + 1).find((f) => !isGenericFrame(f));
}
const LOCK_PRIMITIVE =
  /^_*(?:raw_)?(?:mutex_lock|down|spin_lock|read_lock|write_lock|rt_mutex_lock|ww_mutex_lock)|^_*mutex_lock/;

function culprit(c: Candidate, why: string): Culprit {
  return { fn: readableName(c.fn), module: c.module, why, line: c.line };
}

/**
 * Generic code that runs callbacks through function pointers (kernel/rcu/tree.c rcu_do_batch(), the
 * 4.x rcu_process_callbacks(); kernel/time/timer.c call_timer_fn(); kernel/workqueue.c
 * process_one_work(); kernel/softirq.c handle_softirqs()): when the pc holds no symbol and the link
 * register is one of them, it called a freed or corrupted callback, and it is where a reader starts.
 */
const CALLBACK_RUNNER =
  /^(?:rcu_do_batch|rcu_process_callbacks|rcu_core|call_timer_fn|expire_timers|process_one_work|__do_softirq|handle_softirqs)$/;

/**
 * The interrupted instruction (`RIP`, `pc`, `PC is at`, `NIP`) when it is not generic code; when the
 * pc has no symbol (a call through a bad pointer, code without symbols), the function in the link
 * register, which called it.
 */
function interrupted(input: CulpritInput): Culprit | null {
  const { rip, pc, lr } = input.facts;
  // An instruction fetch that faulted: the pc is the bad target, not code that ran. The link register
  // (powerpc's `LR [...]`, arm64's `lr :`) holds the return address into the function that branched
  // there; without one, the trace's caller jumped there.
  if (input.fetchFault) {
    if (!rip && lr?.fn && lr.fn !== pc?.fn && (!isGenericForCulprit(lr.fn) || CALLBACK_RUNNER.test(lr.fn))) {
      return culprit(
        { fn: lr.fn, module: moduleOf(input.frames, lr.fn), line: lr.line },
        'it branched to the address the instruction fetch faulted on (the link register)',
      );
    }
    return null;
  }
  const outside = input.pcOutsideHeaders;
  if (outside && (rip ?? pc)?.fn === outside.helper && !isGenericForCulprit(outside.fn)) {
    return culprit(
      { ...outside, module: moduleOf(input.frames, outside.fn) },
      `the code that was running, in which ${readableName(outside.helper)} of a shared header was inlined`,
    );
  }
  for (const loc of [rip, pc]) {
    if (loc?.fn && !isGenericForCulprit(loc.fn)) {
      return culprit(
        { fn: loc.fn, module: moduleOf(input.frames, loc.fn), line: loc.line },
        'the code that was running when the report was raised',
      );
    }
  }
  if (
    !rip &&
    pc &&
    pc.fn === null &&
    lr?.fn &&
    (!isGenericForCulprit(lr.fn) || CALLBACK_RUNNER.test(lr.fn))
  ) {
    return culprit(
      { fn: lr.fn, module: moduleOf(input.frames, lr.fn), line: lr.line },
      'it called the code that was running, which has no symbol (the link register)',
    );
  }
  const branch = input.lastBreak;
  if (!rip && pc && pc.fn === null && branch && !isGenericForCulprit(branch.fn)) {
    return culprit(
      branch,
      'it branched to the code that was running, which has no symbol (s390 last breaking event)',
    );
  }
  return null;
}

/**
 * Reports that print the lock the task already holds (kernel/locking/lockdep.c print_circular_bug_header(),
 * print_deadlock_bug(), print_bad_irq_dependency()); an inconsistent-state report names none.
 */
const HOLDING_KINDS: readonly ReportKind[] = ['lockdep-circular', 'lockdep-recursive', 'lockdep-irq-order'];

/** The innermost held lock whose `at:` is not generic code: the one the task took last. */
function innermostHeld(facts: Facts): LockRecord | null {
  const locks = facts.locksHeld?.locks ?? [];
  return [...locks].reverse().find((l) => l.at !== null && !isGenericForCulprit(l.at)) ?? null;
}

/** Where a lock of a lockdep report was taken (`at: f+0x..`), when that is not generic code. */
function lockSite(input: CulpritInput, lock: LockRecord | null, why: string): Culprit | null {
  const at = lock?.at;
  if (!lock || !at || isGenericForCulprit(at)) return null;
  return culprit({ fn: at, module: moduleOf(input.frames, at), line: lock.line }, why);
}

/** Faults on a bad address: a generic helper that faulted (`strlen`, `kmem_cache_alloc`) was handed it. */
const BAD_ACCESS_KINDS: readonly ReportKind[] = ['null-deref', 'paging-fault', 'gpf'];

/**
 * A paste of the register dump alone (MIPS `epc`/`ra`, arm `PC is at`/`LR is at`, x86 `RIP:`, xmon
 * `pc:`/`lr:`): where the CPU was; for a bad access in generic code, the return address when that is
 * outside it (the driver that called the allocator or string helper that faulted); else where the CPU
 * was all the same, since an assertion in generic code is about that code.
 */
function registerLocation(input: CulpritInput): Culprit | null {
  const { rip, pc, lr } = input.facts;
  const at = rip?.fn ? rip : pc?.fn ? pc : null;
  const caller = lr?.fn ? lr : null;
  const pick = (loc: CodeLocation, why: string): Culprit =>
    culprit({ fn: loc.fn ?? '', module: moduleOf(input.frames, loc.fn ?? ''), line: loc.line }, why);
  const running = 'the code that was running; the paste shows no call trace';
  if (at?.fn && (!isGenericForCulprit(at.fn) || !BAD_ACCESS_KINDS.includes(input.kind))) {
    return pick(at, running);
  }
  if (caller?.fn && !isGenericForCulprit(caller.fn)) {
    return pick(caller, 'the caller in the link register; the code that was running is generic');
  }
  if (at) return pick(at, running);
  return caller ? pick(caller, 'the caller in the link register; the paste shows no call trace') : null;
}

function moduleOf(frames: readonly Frame[], fn: string): string | null {
  return frames.find((f) => f.fn === fn)?.module ?? null;
}

/** With a tainted kernel, a frame of an out-of-tree or proprietary module is the first suspect. */
function outOfTreeFrame(input: CulpritInput, trace: readonly Frame[]): Culprit | null {
  if (!input.taint?.tainted || !OUT_OF_TREE_TAINT.test(input.taint.letters)) return null;
  const marked = new Set(
    (input.facts.modules ?? []).filter((m) => OUT_OF_TREE_TAINT.test(m.marks)).map((m) => m.name),
  );
  if (marked.size === 0) return null;
  const frame = trace.find((f) => f.module !== null && marked.has(f.module) && !isGenericFrame(f));
  return frame
    ? culprit(frame, `a frame of the out-of-tree module ${frame.module}, and the kernel is tainted`)
    : null;
}

/**
 * `caller is f` names the function that used per-CPU data with preemption on (lib/smp_processor_id.c
 * check_preemption_disabled() prints `__builtin_return_address(0)` of the check), generic or not; when
 * it names the check itself (old kernels), its caller in the trace is the one.
 */
function perCpuUser(input: CulpritInput, trace: readonly Frame[]): Culprit | null {
  const why = 'it used per-CPU data with preemption enabled (the report says "caller is")';
  const caller = input.callerIs;
  if (caller && !PREEMPT_CHECK.test(readableName(caller.fn)) && !isCoreGeneric(caller.fn)) {
    return culprit({ ...caller, module: moduleOf(input.frames, caller.fn) }, why);
  }
  const check = trace.findIndex((f) => PREEMPT_CHECK.test(readableName(f.fn)));
  if (check < 0) return null;
  const user = trace.slice(check + 1).find((f) => !PREEMPT_CHECK.test(readableName(f.fn)));
  return user ? culprit(user, why) : null;
}

/** The frame that called a sanitizer's hook, past string, lock and other core helpers: the access it checked. */
function sanitizerCaller(trace: readonly Frame[]): Frame | null {
  let hooked = false;
  for (const f of trace) {
    const base = readableName(f.fn);
    if (SANITIZER_HOOK.test(base)) hooked = true;
    else if (hooked && !isCoreGeneric(base)) return f;
  }
  return null;
}

/**
 * The code that entered the atomic context: a held spinlock's `at:`, the `Preemption disabled at:`
 * site when in_atomic() is set (it records the outermost disable, kernel/sched/core.c
 * `preempt_latency_start()`), or the interrupt or softirq handler the sleep happened in; for an invalid
 * wait context whose outer lock generic code holds, the code taking the inner lock; else nothing here.
 */
function atomicEntry(input: CulpritInput, trace: readonly Frame[]): Culprit | null {
  const { facts } = input;
  const locks = facts.locksHeld?.locks ?? [];
  const rt = facts.sleepAt !== null && RT_LOCK_SOURCE.test(facts.sleepAt.file);
  for (let i = locks.length - 1; i >= 0; i--) {
    const lock = locks[i];
    if (!lock?.at || isGenericForCulprit(lock.at) || !isSpinningLock(lock.name, lock.waitTypes?.inner, rt))
      continue;
    return culprit(
      { fn: lock.at, module: moduleOf(input.frames, lock.at), line: lock.line },
      `it took ${lock.name}, a lock that may not sleep, which is still held`,
    );
  }
  const site = facts.preemptionDisabledAt;
  if (site && facts.inAtomic !== false && !isGenericForCulprit(site.fn)) {
    return culprit(site, 'preemption was disabled there and not enabled again');
  }
  const handler = trace.find((f) => f.context !== 'task' && !isGenericFrame(f));
  if (handler) return culprit(handler, `the ${handler.context} handler the sleep happened in`);
  const inner = facts.acquiring;
  if (input.kind === 'invalid-wait-context' && inner?.at && !isGenericForCulprit(inner.at)) {
    // A one-line wrapper that only takes the lock (drivers/pmdomain/core.c genpd_lock_mtx() is
    // mutex_lock(&genpd->mlock)): the trace shows it right above the lock primitive, and its caller
    // is the code that takes the lock in the wrong context.
    const taker = callerOfLockWrapper(trace, inner.at);
    if (taker)
      return culprit(
        taker,
        `it takes ${inner.name} through ${readableName(inner.at)}, a lock of the wrong kind for the context generic code holds`,
      );
    return culprit(
      { fn: inner.at, module: moduleOf(input.frames, inner.at), line: inner.line },
      `it takes ${inner.name}, a lock of the wrong kind for the context generic code holds`,
    );
  }
  return null;
}

/**
 * Names of locks a holder may sleep under, where lockdep's inner wait type (4, or 3 before raw nesting)
 * is not printed or not checked (LD_WAIT_INV): mutexes, semaphores and rtnl, SRCU's read side (include/linux/srcu.h: sleepable RCU; its map has no wait type),
 * reclaim's `fs_reclaim` (mm/page_alloc.c), the workqueue's maps held while a work item runs
 * (kernel/workqueue.c process_one_work()), the CPU-hotplug and superblock freeze percpu rwsems
 * (kernel/cpu.c, fs/super.c sb_writers_name) and jbd2's handle map (fs/jbd2/journal.c).
 */
const SLEEPING_LOCK_NAME =
  /mutex|rtnl|sem\b|_sem|rwsem|s_umount|sb_writers|sb_internal|sb_pagefaults|i_rwsem|&type->s_|kn->active|srcu|fs_reclaim|_completion\)|cpu_hotplug_lock|jbd2_handle/;

/**
 * The sleep check of PREEMPT_RT's spinlocks (kernel/locking/spinlock_rt.c rtlock_might_resched(),
 * rtmutex.c): the kernel is an RT one, where a spinlock_t sleeps and only raw spinlocks spin.
 */
const RT_LOCK_SOURCE = /spinlock_rt\.c|rtmutex(?:_api)?\.c|rwbase_rt\.c/;

function isSpinningLock(name: string, inner: number | undefined, rt: boolean): boolean {
  // include/linux/lockdep_types.h: LD_WAIT_SPIN is 2; a lock above it is a sleeping one, or a
  // spinlock_t under CONFIG_PROVE_RAW_LOCK_NESTING, which the name tells apart.
  // Inner type 3 is a spinlock_t with raw nesting checked, or a mutex without; 4 only a sleeping lock.
  // LD_WAIT_INV (0) is a map whose wait type is not checked: the name has to tell.
  if (inner !== undefined && inner >= 1 && inner <= 2) return true;
  if (inner !== undefined && inner >= 4) return false;
  // LD_WAIT_CONFIG (3), "preemptible in PREEMPT_RT, spinlock_t etc."
  if (rt) return false;
  return !SLEEPING_LOCK_NAME.test(name);
}

/**
 * The looping code of a stalled CPU: the interrupted instruction, else the first frame outside generic
 * code (the task's, else the softirq's or interrupt's it was stuck in), else where an idle CPU was
 * parked or the work item it ran; only then the generic code it was in.
 */
/**
 * x86-64's stack scan before v2.6.25 (`<ffffffff8020e578>{__set_page_dirty_nobuffers+0}`, no size printed)
 * shows every kernel-text word on the stack: one at a function's first byte is a function pointer left
 * there (an address_space_operations member, a callback), not a return address, which always follows a
 * call instruction. Under a stall's interrupt it is not where the CPU looped.
 */
function isPointerWord(f: Frame): boolean {
  return f.offset === 0 && f.size === null && f.source === null;
}

function stalledCode(input: CulpritInput, trace: readonly Frame[]): Culprit | null {
  const loc = interrupted(input);
  if (loc) return loc;
  for (const context of STALL_CONTEXTS) {
    const frame =
      trace.find((f) => f.context === context && !isGenericFrame(f) && !isPointerWord(f)) ??
      trace.find((f) => f.context === context && !isGenericFrame(f));
    if (frame) {
      return culprit(
        frame,
        context === 'task'
          ? 'the first frame of the stalled code under the interrupt'
          : `the first frame of the stalled code, in ${context} context`,
      );
    }
  }
  const { idlingAt, workFn } = input;
  if (idlingAt) return culprit(idlingAt, 'the stalled CPU was idle there (NMI backtrace skipped)');
  if (workFn && !isGenericForCulprit(workFn.fn)) {
    return culprit(workFn, 'the work item the stalled worker was running');
  }
  // An idle or generic loop: still where the CPU was, which is what the stall is about.
  for (const loc of [input.facts.rip, input.facts.pc]) {
    if (loc?.fn) {
      return culprit(
        { fn: loc.fn, module: moduleOf(input.frames, loc.fn), line: loc.line },
        'where the stalled CPU was running; only generic code is shown',
      );
    }
  }
  return null;
}

/**
 * Reports of one event printed back to back share a culprit: the panic an oops ends in, or a header
 * repeated before the report that carries the frames (`Unable to handle kernel NULL pointer` before
 * `Internal error: Oops`, a second KMSAN headline). A report showing no frame takes the culprit of the
 * one it lies in or runs into.
 */
/**
 * User-mode Linux reports a kernel fault by panicking with it, after its register dump and the stack of
 * the faulting code (arch/um/kernel/trap.c segv(), relay_signal()): that panic is the fault report itself,
 * not the end of the report above it.
 */
const FAULT_PANIC =
  /not syncing: Kernel (?:mode fault at addr|tried to access user memory at addr|mode signal)/;

export function shareCulprits(reports: Report[], lines: readonly PasteLine[]): Report[] {
  /**
   * Whether `second` starts right after `first` ends: no line of the paste between them. Input line
   * numbers alone would part them where the paste reader dropped a line (a double-spaced page's blank
   * line, a tail folded onto the line before).
   */
  const follows = (first: Report, second: Report): boolean =>
    second.lines.start <= first.lines.end + 1 || !hasLineBetween(lines, first.lines.end, second.lines.start);
  // Panics that took their culprit from a report above the one right before them: that one, in between,
  // shows nothing of it.
  const fromFurtherAbove = new Set<Report>();
  for (let i = 1; i < reports.length; i++) {
    const report = reports[i] as Report;
    const previous = reports[i - 1] as Report;
    // A panic printed in or right after a report is that report's end (panic_on_warn, `Fatal exception`):
    // its own stack is the reporting path, the report it ends names the culprit.
    const ending = report.kind === 'panic' && follows(previous, report) && !FAULT_PANIC.test(report.headline);
    const before = ending ? lastNamingCulprit(reports, i, follows) : previous;
    if ((report.culprit !== null && !ending) || before.culprit === null) continue;
    // Printed right after it, a report of another kind without frames is that report's aftermath
    // (`First byte 0x0 instead of 0x6b` after `INFO: Slab`); one of the same kind is a report of its own,
    // unless the same task on the same CPU printed both (`spinlock lockup` after `spinlock bad magic`:
    // kernel/locking/spinlock_debug.c, the task still spinning on the lock it found bad).
    const aftermath =
      report.frames.length === 0 && (report.kind !== before.kind || sameTask(report.task, before.task));
    if (ending || aftermath ? !follows(previous, report) : report.lines.start > before.lines.end) continue;
    report.culprit = {
      ...before.culprit,
      why: `it follows the report above (${before.headline.slice(0, 60)}), whose culprit this is`,
    };
    if (before !== previous) fromFurtherAbove.add(report);
  }
  for (let i = reports.length - 2; i >= 0; i--) {
    const report = reports[i] as Report;
    const after = reports[i + 1] as Report;
    if (
      report.frames.length > 0 ||
      after.culprit === null ||
      fromFurtherAbove.has(after) ||
      !follows(report, after)
    ) {
      continue;
    }
    // A generic function the title named from the lines below is no better than the report below's own.
    if (
      report.culprit !== null &&
      (!isGenericCulprit(report.culprit.fn) || isGenericCulprit(after.culprit.fn))
    )
      continue;
    report.culprit = {
      ...after.culprit,
      why: `the report below (${after.headline.slice(0, 60)}) continues this one and names it`,
    };
  }
  return reports;
}

/**
 * The report a panic at `at` ends: the one right before it, or, past reports printed one after the other
 * that show no frame and name no culprit (a second oops cut short before its trace), the last that names
 * one. Such a report cannot be what panicked: it shows nothing the panic could come from.
 */
function lastNamingCulprit(
  reports: readonly Report[],
  at: number,
  follows: (first: Report, second: Report) => boolean,
): Report {
  let j = at - 1;
  for (; j > 0; j--) {
    const report = reports[j] as Report;
    if (report.culprit !== null || report.frames.length > 0 || !follows(reports[j - 1] as Report, report))
      break;
  }
  return reports[j] as Report;
}

/** Whether a line of `lines` (in input order) has an input line number between `after` and `before`. */
function hasLineBetween(lines: readonly PasteLine[], after: number, before: number): boolean {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((lines[mid] as PasteLine).no <= after) low = mid + 1;
    else high = mid;
  }
  const next = lines[low];
  return next !== undefined && next.no < before;
}

function sameTask(a: Task | null, b: Task | null): boolean {
  return a !== null && b !== null && a.pid !== null && a.cpu !== null && a.pid === b.pid && a.cpu === b.cpu;
}

/** Most lines of a trace read above a report that printed none of its own. */
const MAX_TRACE_ABOVE = 64;
/**
 * A frame the unwinder printed without a symbol (`[<0000000000000000>] 0x0`, the end of a sparc64 or
 * parisc trace; an address in no symbol table): a line of the trace that names nothing.
 */
const BARE_ADDRESS = /^\[<[0-9a-fA-F]{1,16}>\](?: 0x[0-9a-fA-F]{1,16})?$/;
/** `...`, `<snip>`, `[...]`: where a poster cut lines out of the trace. */
const ELISION = /^(?:\.{2,8}|…|\[\s?\.{2,8}\s?\]|<snip>|\[snip\])$/i;
/** A function name alone on its line, as a frame retyped by hand loses its offset: skipped, not read. */
const RETYPED_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** `<TASK>`, `</IRQ>`: x86's stack markers between the frames of a trace. */
const STACK_MARKER = /^<\/?[A-Z#]{2,8}>$/;
/**
 * What an oops and a panic print after their trace (arch/x86/kernel/dumpstack.c oops_end(), arm64
 * die(), kernel/panic.c panic(): the code bytes, the end marker, stopping the other CPUs, the kernel
 * offset, CPU features and memory limit lines), and x86's summary "in case the body of the oops
 * scrolled away" (arch/x86/mm/fault.c page_fault_oops(): `CR2: %016lx`; old kernels' ` RSP <%016lx>`
 * after the `RIP` summary line, see `readDieSummary`).
 */
const TRACE_TAIL =
  /^(?:RSP <|CR2: |Code: |Instruction dump:|---\[ end |SMP: stopping|Kernel Offset: |CPU features: |Memory Limit: |Rebooting in )/;

/**
 * A report that shows no frame but follows a trace outside every report (`journalctl -r` reverses a
 * log, a panic line glued below the trace it ends, a poster who put the trace first): the frames
 * printed right above its header, up to a blank line or other text, are the ones to read.
 */
export function culpritsFromTraceAbove(
  reports: Report[],
  blocks: readonly ReportBlock[],
  lines: readonly PasteLine[],
): Report[] {
  reports.forEach((report, k) => {
    if (report.culprit !== null || report.frames.length > 0) return;
    // The block's first line, not the first line with its number: a joined line split before the
    // header (`RIP  [<...>] f+0x48/0x71 RSP <...> <0>Kernel panic - ...`) keeps its trace above it.
    const first = lines.indexOf(blocks[k]?.lines[0] as PasteLine);
    const frames = traceAbove(lines, first, report, reports);
    const pick =
      frames.find((f) => !f.unreliable && !isGenericFrame(f)) ??
      frames.find((f) => !isGenericFrame(f)) ??
      frames.find((f) => !isCoreGeneric(f.fn));
    // A trace of generic code alone still says where the CPU was: better than no function at all.
    const generic = pick ?? frames.find((f) => !f.unreliable);
    if (generic) {
      report.culprit = {
        fn: readableName(generic.fn),
        module: generic.module,
        why: pick
          ? 'the first frame outside generic kernel code of the trace printed just above the report'
          : 'the first frame of the trace printed just above the report, all of it generic kernel code: look at its callers',
        line: generic.line,
      };
    }
  });
  return reports;
}

function traceAbove(
  lines: readonly PasteLine[],
  first: number,
  report: Report,
  reports: readonly Report[],
): (FrameText & { line: number })[] {
  const frames: (FrameText & { line: number })[] = [];
  for (let j = first - 1; j >= 0 && first - j <= MAX_TRACE_ABOVE; j--) {
    const line = lines[j] as PasteLine;
    const text = line.text.trim();
    // An empty line the kernel printed (it has a timestamp) is part of the log, and so is what is left
    // of a line a mail client wrapped; the paste's own blank line is not.
    if ((text === '' && line.time === null && line.folded !== true) || line.isBreak) break;
    // Lines another report holds are its trace, not this one's.
    if (reports.some((r) => r !== report && line.no >= r.lines.start && line.no <= r.lines.end)) break;
    if (
      text === '' ||
      STACK_MARKER.test(text) ||
      BARE_ADDRESS.test(text) ||
      ELISION.test(text) ||
      (RETYPED_NAME.test(text) && text.includes('_')) ||
      (frames.length === 0 && TRACE_TAIL.test(text))
    )
      continue;
    if (startsStack(text)) break;
    const parsed = parseFrameLine(text) ?? dieSummaryFrame(text, line.no);
    if (parsed === null) break;
    frames.unshift(...parsed.map((f) => ({ ...f, line: line.no })));
  }
  return frames;
}

/** The interrupted function of an x86 die() summary line, as the one frame it names. */
function dieSummaryFrame(text: string, line: number): FrameText[] | null {
  const pc = readDieSummary(text, line);
  return pc?.fn
    ? [{ fn: pc.fn, offset: pc.offset, size: pc.size, module: null, unreliable: false, source: null }]
    : null;
}

/** No culprit, or one read from a trace of generic code alone with no register line to say where the CPU was. */
function showsOnlyGenericCode(report: Report): boolean {
  if (report.culprit === null) return true;
  const { rip, pc } = report.facts;
  return (
    isCoreGeneric(report.culprit.fn) &&
    report.frames.length > 0 &&
    report.frames.every((f) => isCoreGeneric(f.fn)) &&
    !rip?.fn &&
    !pc?.fn
  );
}

/** A culprit in generic code by either measure: the readers of the text around a report may replace it. */
export function isGenericCulprit(fn: string): boolean {
  return isGenericForCulprit(fn) || CORE_GENERIC.test(readableName(fn));
}

/**
 * A report printed again and again (a flood on a serial console, cut mid-trace) whose copy shows only
 * generic code, or no frame: an earlier copy of the same headline names the culprit.
 */
export function culpritsOfRepeats(reports: Report[]): Report[] {
  reports.forEach((report, i) => {
    if (!showsOnlyGenericCode(report)) return;
    for (let j = i - 1; j >= 0; j--) {
      const earlier = reports[j] as Report;
      if (earlier.kind !== report.kind || earlier.headline !== report.headline) continue;
      if (earlier.culprit === null || isCoreGeneric(earlier.culprit.fn)) continue;
      report.culprit = {
        ...earlier.culprit,
        why: `an earlier copy of this report names it: ${earlier.culprit.why}`,
      };
      return;
    }
  });
  return reports;
}
