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

/**
 * One pattern matching any of `patterns`, laid out so that a name is scanned cheaply. An alternation of
 * hundreds of patterns is tried branch by branch at every character of a name, and at the first one
 * again for every way a leading `_*` can match. Here the patterns are factored as a trie of their
 * atoms (a character, an escape, a class or a group with its quantifier): `^_*kmalloc|^_*kfree|^tick_`
 * is `^(?:_*k(?:malloc|free)|tick_)`, so a shared beginning is tried once for all the patterns that
 * share it, and `^` once for all the anchored ones. The factored pattern matches the same names:
 * `AB|AC` and `A(?:B|C)` match the same text, and a pattern that begins another (`spin_` and
 * `spin_lock`) already matches wherever the longer one does.
 */
export function anyOf(patterns: readonly string[]): RegExp {
  const root = newNode();
  for (const pattern of patterns) {
    // A `|` outside groups and classes is an atom of its own, between two alternatives.
    let alternative: string[] = [];
    for (const atom of atoms(pattern)) {
      if (atom === '|') {
        addAlternative(root, alternative);
        alternative = [];
      } else alternative.push(atom);
    }
    addAlternative(root, alternative);
  }
  return new RegExp(group(root));
}

/** Patterns that share their first atoms down to this node, by the atom that follows. */
interface AtomNode {
  /** A pattern ends here: the node matches on its own. */
  end: boolean;
  children: Map<string, AtomNode>;
}

function newNode(): AtomNode {
  return { end: false, children: new Map() };
}

function addAlternative(root: AtomNode, path: readonly string[]): void {
  let node = root;
  for (const atom of path) {
    let next = node.children.get(atom);
    if (next === undefined) {
      next = newNode();
      node.children.set(atom, next);
    }
    node = next;
  }
  node.end = true;
}

/** The alternation of what may follow a node, grouped when it has more than one branch. */
function group(node: AtomNode): string {
  // A pattern that ends here matches every name reaching this node: the longer ones add nothing.
  if (node.end) return '';
  const branches = [...node.children].map(([atom, child]) => atom + group(child));
  return branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
}

/** `?`, `*`, `+` or `{n,m}`, lazy or not: what binds to the atom before it. */
const QUANTIFIER = /^(?:[?*+]|\{\d+(?:,\d*)?\})\??/;

/**
 * A pattern (one alternative) as its atoms with their quantifiers: `_*k(?:m|z)alloc$` is `_*`, `k`,
 * `(?:m|z)`, `a`, ..., `$`. Concatenated again they are the pattern.
 */
function atoms(pattern: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < pattern.length) {
    const start = i;
    const ch = pattern[i];
    if (ch === '\\') i += 2;
    else if (ch === '[') i = classEnd(pattern, i);
    else if (ch === '(') i = groupEnd(pattern, i);
    else i++;
    const quantifier = QUANTIFIER.exec(pattern.slice(i))?.[0] ?? '';
    i += quantifier.length;
    found.push(pattern.slice(start, i));
  }
  return found;
}

/** Index just past the `]` closing the class that opens at `open`. */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the `)` closing the group that opens at `open`. */
function groupEnd(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(pattern, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return pattern.length;
}

const GLOBAL_SKIP_PATTERN = anyOf(GLOBAL_SKIP);

/** Syzkaller's list and `extra` as one pattern, for a test that is made with both on every frame. */
export function withGlobalSkips(extra: readonly string[]): RegExp {
  return anyOf([...GLOBAL_SKIP, ...extra]);
}

/** Whether a frame (its base name) is generic, globally or for the format whose extra list is `extra`. */
export function isSkippedFrame(fn: string, extra: RegExp | undefined): boolean {
  return GLOBAL_SKIP_PATTERN.test(fn) || (extra !== undefined && extra.test(fn));
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
