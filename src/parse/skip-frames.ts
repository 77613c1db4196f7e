import { trieRegExp } from './header-trie.js';

/**
 * Frames that never name a bug: the reporting machinery, allocators, locking and string primitives,
 * generic teardown. A title names the first frame past them, so that the same bug reached through a
 * different helper keeps its title. Patterns are unanchored unless written with `^`/`$`, which is
 * deliberately broad (syzkaller's choice, kept for title compatibility).
 */
const GLOBAL_SKIP = [
  // sanitizers and the reporting path
  '__sanitizer',
  '__asan',
  'kasan',
  'hwasan',
  '__msan',
  'kmsan',
  'kcsan_setup_watchpoint',
  'check_memory_region',
  'check_object',
  'print_address_description',
  'print_report',
  'report_bug',
  'fixup_bug',
  'panic',
  'invalid_op',
  'do_error',
  '_trap$',
  'show_stack',
  'dump_stack',
  'walk_stack',
  'dump_backtrace',
  'warn_slowpath',
  '__warn',
  'warn_alloc',
  'print_tainted',
  '__fortify_report',
  'fortify_panic',
  'stack_trace_save',
  'arch_stack_walk',
  'stack_trace_consume_entry',
  'check_heap_object',
  'read_word_at_a_time',
  '(?:read|write)_once_.*nocheck',
  'warn_bogus',
  '^get_taint$',
  'assertfail',
  'print_unlock',
  'imbalance_bug',
  'save_stack',
  'handle_bug',
  'exc_invalid_op',
  'asm_exc_',
  // (not asm_sysvec_: a task that can't die, preempted by the timer, is titled by that entry,
  // `INFO: task can't die in asm_sysvec_apic_timer_interrupt`)
  'bug_handler',
  'do_trap',
  'do_int3',
  'die$',
  '__die',
  // alpha and sparc64 die() (arch/alpha/kernel/traps.c, arch/sparc/kernel/traps_64.c die_if_kernel())
  'die_if_kernel',
  // ia64's trap entry (arch/ia64/kernel/traps.c ia64_bad_break() and ia64_fault(), entry.S
  // ia64_leave_kernel; the architecture left the kernel in v6.7, read in v6.1).
  '^ia64_(?:bad_break|fault|leave_kernel|native_leave_kernel)$',
  // User-mode Linux takes a kernel fault and an interrupt as a host signal: arch/um/os-Linux/signal.c
  // sig_handler(), sig_handler_common(), hard_handler(), the signal unmasking they end in, and
  // arch/um/kernel/trap.c segv_handler(), segv().
  '^(?:sig_handler(?:_common)?(?:_skas)?|hard_handler|unblock_signals(?:_trace)?|um_set_signals(?:_trace)?|segv_handler|segv)$',
  'oops_',
  'debug_check_no_obj_freed',
  'debug_object',
  'work_is_static_object',
  'timer_is_static_object',
  'trace_hardirqs',
  '(?:trace|lockdep)_(?:hard|soft)irq',
  'perf_trace',
  'ubsan_',
  // allocators
  'alloc_page',
  'alloc_frozen_pages',
  'k?v?(?:m|z|c)alloc',
  'krealloc',
  'kmem_cache',
  'slab_',
  'allocate_slab',
  'folio_alloc',
  'filemap_alloc_folio',
  '__filemap_get_folio',
  'pagecache_get_page',
  'find_or_create_page',
  'grab_cache_page',
  'read_cache_page',
  'folio_(?:alloc|unlock)',
  '^(?:un)?lock_page',
  'xas_(?:start|load|find)',
  'find_lock_entries',
  'truncate_inode_pages_range',
  '^kv?free$',
  '^__kfree',
  'kfree_skb',
  'kfree_sensitive',
  'memdup',
  'strdup',
  'kasprintf',
  'kvasprintf',
  // locking and preemption
  'lockdep',
  'lock_acquire',
  'lock_release',
  'mark_lock',
  'mark_held_locks',
  'register_lock_class',
  'lock_class',
  'owner_on_cpu',
  'osq_unlock',
  'seqprop_assert',
  'reacquire_held_locks',
  'debug_check_no_locks',
  'print_usage_bug',
  'lock_timer_base',
  'spin_lock',
  'spin_unlock',
  'spin_trylock',
  'read_lock',
  'read_unlock',
  'read_trylock',
  'write_lock',
  'write_unlock',
  'write_trylock',
  'down_read',
  'down_write',
  '^down$',
  '^down_',
  'up_read',
  'up_write',
  '^up$',
  '^mutex_',
  '^__mutex_',
  '^rt_mutex_',
  '^__rt_mutex',
  'osq_lock',
  'atomic_dec_and_(?:raw_)?lock',
  'raw_spin_rq',
  'bh_enable',
  'bh_disable',
  '__might_fault',
  'might_sleep',
  'might_fault',
  '__might_resched',
  '__cond_resched',
  'preempt_count_',
  'rcu_lock_acquire',
  'rcu_read_lock',
  // primitives
  'atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)',
  '__wake_up',
  '(?:set|clear|change|test)_bit',
  '^refcount_',
  '^kref_',
  'ref_tracker',
  'memcpy',
  'memcmp',
  'memset',
  'memchr',
  'memmove',
  '^str[a-z]*$',
  'copy_to_user',
  'copy_from_user',
  'copy_user',
  'copy_[a-z_]*_iter',
  '^copyin$',
  '^copyout$',
  'extract_(?:user|iter)_to_sg',
  'va_format',
  '_copy_to_iter',
  '^(?:__)?(?:get|put)_user',
  'list_add',
  'list_del',
  'list_replace',
  'list_move',
  'list_splice',
  '^__rb_',
  '^klist_',
  '__list_',
  '^hlist_',
  '^rb_',
  'string',
  'pointer',
  'printf',
  'hex_dump',
  'printk',
  'vsprintf',
  '^dev_(?:printk|emerg|alert|crit|err|warn|notice|info|dbg)',
  '^_dev_',
  '^(?:__raw_)?(?:read|write)[bwlq]$',
  '^crc\\d+',
  'crc_itu_t',
  'fixup_exception',
  'ex_handler_',
  'page_fault_oops',
  'kernelmode_fixup_or_oops',
  'exc_page_fault',
  'asm_exc_page_fault',
  'do_page_fault',
  '^page_fault$',
  '_indirect_thunk_',
  '__x86_return_thunk',
  // generic teardown and workqueues
  'del_timer',
  // only the sync wait: syzbot titles a bad timer by its __timer_delete() caller's frame itself
  // (`KASAN: global-out-of-bounds Read in __timer_delete`)
  '__timer_delete_sync',
  '^flush_work$',
  '^__flush_work',
  'cancel_work',
  'finish_wait',
  'rollback_registered',
  'device_destroy',
  'i2c_del_adapter',
  '^ida_',
  '^idr_',
  'rhashtable_lookup',
  '__phys_addr',
  '__virt_addr_valid',
  '__read_once',
  'cleanup_srcu_struct',
  'program_check',
  'drop_nlink',
  '^do_read_cache',
  'tty_unregister_device',
  'logic_in',
  'logic_out',
  // syzkaller's list also names flush_workqueue and drain_workqueue, but its own old-lockdep test (a
  // 2.6.32 splat titled `possible deadlock in flush_workqueue`) keeps them: they are skipped per format.
  'queue_work',
  'sk_stop_timer_sync',
  'try_to_grab_pending',
  'insert_work',
  '__queue_delayed_work',
  'queue_delayed_work_on',
  'destroy_workqueue',
  'kthread_stop',
  'kobject_',
  'device_add',
  'device_del',
  'device_unregister',
  'add_uevent_var',
  'get_device_parent',
  'device_release',
  'devres_release_all',
  'hwrng_unregister',
  '__unregister_client',
  'device_for_each_child',
  'device_remove_file',
  'unregister_netdev',
  'sysfs_remove',
  '^complete$',
  'wait_for_completion',
  '^iput$',
  '^iput_final$',
  '^ihold$',
  'mark_buffer_dirty',
  'dput',
  '^put_device$',
  '__mod_timer',
  'usb_submit_urb',
  'usb_kill_urb',
  'usb_control_msg',
  'dummy_urb_enqueue',
  'usb_kill_anchored_urbs',
  'usb_hcd_submit_urb',
  // arm64 exception paths
  'do_mem_abort',
  'el1_abort',
  'el1h_64_sync',
  'el1_sync',
  'do_kernel_fault',
  'do_translation_fault',
  '__do_kernel_fault',
  'do_bad_area',
  'do_page_fault',
  'die_kernel_fault',
  // arch/arm64/mm/fault.c: the handlers do_mem_abort() dispatches to by fault status
  'do_tag_check_fault',
  'do_alignment_fault',
];

/** One pattern matching any of `patterns`. */
export function anyOf(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.join('|'));
}

/** A pattern that is a plain word: found anywhere in a name. */
const PLAIN_WORD = /^\w+$/;
/**
 * The plain words of the list as one trie-shaped pattern, and the rest as an alternation: together
 * they match what the whole list does, but each name is scanned once for all the words instead of
 * trying every word at every character.
 */
const GLOBAL_SKIP_WORDS = trieRegExp(GLOBAL_SKIP.filter((p) => PLAIN_WORD.test(p)));
const GLOBAL_SKIP_PATTERNS = anyOf(GLOBAL_SKIP.filter((p) => !PLAIN_WORD.test(p)));

/** Whether a frame (its base name) is generic, globally or for the format whose extra list is `extra`. */
export function isSkippedFrame(fn: string, extra: RegExp | undefined): boolean {
  return (
    GLOBAL_SKIP_WORDS.test(fn) || GLOBAL_SKIP_PATTERNS.test(fn) || (extra !== undefined && extra.test(fn))
  );
}

/**
 * Syscall wrappers that the same system call is reached through on different kernels and arches
 * (`__x64_sys_`, `__arm64_sys_`, `SyS_`...). One prefix is trimmed, the one leaving the shortest name,
 * so `__x64_sys_exit_group` becomes `sys_exit_group` and `__se_sys_mremap` becomes `mremap`.
 */
const SYSCALL_PREFIXES = [
  'SYSC_',
  'SyS_',
  'sys_',
  '__x64_',
  '__ia32_',
  '__arm64_',
  '____sys_',
  '___sys_',
  '__sys_',
  '__se_',
  '__se_sys_',
  '__do_sys_',
  'compat_SYSC_',
  'compat_SyS_',
  'ksys_',
];

/** The canonical name first, then the other spellings syzbot also files the bug under. */
export function syscallVariants(fn: string): string[] {
  const variants = [fn];
  let best = fn;
  for (const prefix of SYSCALL_PREFIXES) {
    if (fn.length > prefix.length && fn.startsWith(prefix)) {
      const trimmed = fn.slice(prefix.length);
      if (!variants.includes(trimmed)) variants.push(trimmed);
      if (trimmed.length < best.length) best = trimmed;
    }
  }
  return [best, ...variants.filter((v) => v !== best)];
}
