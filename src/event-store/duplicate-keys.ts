/**
 * Whether a stored JSON text names a key twice in one object. JSON.parse keeps the last of
 * two, SQLite's json_extract the first: a text edited to hold both could hash as its parse
 * and still be read otherwise by an index over the text (the recorded-time index that places
 * every as-of answer, the data filters). The store never writes one, so a verification that
 * finds one has found an edit.
 */

/** The first key some object of `text` names twice, or undefined (also for text not JSON). */
export const firstDuplicateKey = (text: string): string | undefined => {
  // One set of keys per open object; null for an open array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        let key: string;
        try {
          // Decoded: "a" and "\u0061" are the same key to every reader.
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open.length > 0 && open[open.length - 1] !== null;
    }
  }
  return undefined;
};
