/**
 * Builds one pattern that finds any of a set of words, shaped as a trie: shared prefixes are written
 * once (`B(?:UG(?::| kmalloc-)|ooting the kernel\.)`), so the engine tests each prefix once instead of
 * once per word. The pattern has no repetition and cannot backtrack beyond the longest word.
 */

interface TrieNode {
  children: Map<string, TrieNode>;
  /** A word ends here; longer words through this node add nothing to a "contains any" test. */
  end: boolean;
}

export function trieRegExp(words: readonly string[]): RegExp {
  const root: TrieNode = { children: new Map(), end: false };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let next = node.children.get(ch);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  return new RegExp(alternatives(root));
}

function alternatives(node: TrieNode): string {
  const branches = [...node.children].map(
    ([ch, child]) => escape(ch) + (child.end ? '' : alternatives(child)),
  );
  return branches.length === 1 ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
}

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}
