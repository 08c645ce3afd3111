interface RadixNode {
  edge: string;
  children: Map<number, RadixNode>;
  /** Declaration indices of the endpoints whose prefix ends exactly here, ascending. */
  items: number[];
  /** Items of this node and of every node above it, ascending: the answer for a lookup ending here. */
  all: readonly number[];
}

const EMPTY: readonly number[] = Object.freeze([]);

/**
 * A radix tree over grammar literal prefixes, so that a space asks only the endpoints whose
 * prefix the identifier starts with, in declaration order, instead of every endpoint. Built
 * once when a space changes; a lookup follows at most one edge per branching point.
 *
 * @example
 * const index = new PrefixIndex(); index.add('res:/a/', 0); index.add('', 1);
 * index.candidates('res:/a/x'); // [0, 1]
 */
export class PrefixIndex {
  private readonly root: RadixNode = { edge: '', children: new Map(), items: [], all: EMPTY };
  private sealed = false;

  add(prefix: string, index: number): void {
    this.sealed = false;
    let node = this.root;
    let pos = 0;
    while (pos < prefix.length) {
      const child = node.children.get(prefix.charCodeAt(pos));
      if (child === undefined) {
        node.children.set(prefix.charCodeAt(pos), { edge: prefix.slice(pos), children: new Map(), items: [index], all: EMPTY });
        return;
      }
      let common = 0;
      const edge = child.edge;
      while (common < edge.length && pos + common < prefix.length && edge.charCodeAt(common) === prefix.charCodeAt(pos + common)) common++;
      if (common < edge.length) {
        // Split the edge: the shared part becomes a new node above the old child.
        const split: RadixNode = { edge: edge.slice(0, common), children: new Map([[edge.charCodeAt(common), child]]), items: [], all: EMPTY };
        child.edge = edge.slice(common);
        node.children.set(prefix.charCodeAt(pos), split);
        node = split;
      } else {
        node = child;
      }
      pos += common;
    }
    node.items.push(index);
  }

  /** Indices of the endpoints whose prefix `identifier` starts with, ascending. Allocates nothing. */
  candidates(identifier: string): readonly number[] {
    if (!this.sealed) this.seal();
    let node = this.root;
    let pos = 0;
    while (pos < identifier.length) {
      const child = node.children.get(identifier.charCodeAt(pos));
      if (child === undefined || !identifier.startsWith(child.edge, pos)) break;
      pos += child.edge.length;
      node = child;
    }
    return node.all;
  }

  /** Work out every node's `all` list once, so that lookups only walk. */
  private seal(): void {
    const visit = (node: RadixNode, above: readonly number[]) => {
      node.all = node.items.length === 0 ? above : above.length === 0 ? node.items : [...above, ...node.items].sort((a, b) => a - b);
      for (const child of node.children.values()) visit(child, node.all);
    };
    visit(this.root, EMPTY);
    this.sealed = true;
  }
}
