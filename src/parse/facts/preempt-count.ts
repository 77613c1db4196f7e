/**
 * preempt_count's fields (include/linux/preempt.h, 6.12): bits 0-7 preempt-disable depth, 8-15 softirq
 * (SOFTIRQ_OFFSET 0x100 while serving a softirq, SOFTIRQ_DISABLE_OFFSET 0x200 per local_bh_disable()),
 * 16-19 hardirq nesting, 20-23 NMI. Bit 31 is PREEMPT_NEED_RESCHED, which x86 keeps inverted in the
 * count. NMI entry adds NMI_OFFSET + HARDIRQ_OFFSET together (include/linux/hardirq.h `__nmi_enter`),
 * so `0x110000` is one NMI and no interrupted hardirq handler.
 */
export interface PreemptCount {
  value: number;
  preemptDepth: number;
  /** The softirq byte: bit 0 set while serving a softirq, the rest counts bh-disable levels × 2. */
  softirq: number;
  servingSoftirq: boolean;
  bhDisabled: number;
  /** Hardirq handlers entered, without the hardirq level each NMI entry adds along with its own. */
  hardirq: number;
  nmi: number;
}

export function decodePreemptCount(value: number): PreemptCount {
  const v = value & 0x7fffffff;
  const softirq = (v >>> 8) & 0xff;
  const nmi = (v >>> 20) & 0xf;
  return {
    value,
    preemptDepth: v & 0xff,
    softirq,
    servingSoftirq: (softirq & 1) === 1,
    bhDisabled: softirq >>> 1,
    hardirq: Math.max(0, ((v >>> 16) & 0xf) - nmi),
    nmi,
  };
}
