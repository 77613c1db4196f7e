/**
 * The kernel's shared headers (`include/`, `arch/<arch>/include/`): a function a symbolizer places in
 * one is a helper every subsystem inlines (`atomic_read`, `list_add`, `__nr_to_section`), not the code
 * that used it.
 */
export function isSharedHeader(source: string): boolean {
  const colon = source.indexOf(':');
  const path = colon < 0 ? source : source.slice(0, colon);
  return path.endsWith('.h') && (path.startsWith('include/') || path.includes('/include/'));
}
