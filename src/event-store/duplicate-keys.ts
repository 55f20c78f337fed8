/**
 * Whether a stored JSON text names a key twice in one object. JSON.parse keeps the last of
 * two, SQLite's json_extract the first: a text edited to hold both could hash as its parse
 * and still be read otherwise by an index over the text (the recorded-time index that places
 * every as-of answer, the data filters). The store never writes one, so a verification that
 * finds one has found an edit.
 */

/** A key an object names twice, and where that object lies: its keys and indexes from the top. */
export interface DuplicateKey {
  readonly key: string;
  readonly path: readonly (string | number)[];
}

/** An open object (its keys so far, the latest) or array (the index of its current item). */
interface Open {
  readonly keys: Set<string> | null;
  key: string;
  index: number;
}

/**
 * The first key some object of `text` names twice, with where it lies, or undefined (also for
 * text not JSON). One scan; the path is built only for the duplicate found.
 */
export const firstDuplicateKeyIn = (text: string): DuplicateKey | undefined => {
  const open: Open[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = open[open.length - 1];
      if (top?.keys && expectKey) {
        let key: string;
        try {
          // Decoded: "a" and "\u0061" are the same key to every reader.
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (top.keys.has(key)) {
          const path = open.slice(0, -1).map((o) => (o.keys === null ? o.index : o.key));
          return { key, path };
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push({ keys: new Set(), key: '', index: 0 });
      expectKey = true;
    } else if (c === '[') {
      open.push({ keys: null, key: '', index: 0 });
      expectKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = open[open.length - 1];
      if (top?.keys === null) top.index++;
      expectKey = top !== undefined && top.keys !== null;
    }
  }
  return undefined;
};

/** The first key some object of `text` names twice, or undefined (also for text not JSON). */
export const firstDuplicateKey = (text: string): string | undefined =>
  firstDuplicateKeyIn(text)?.key;
