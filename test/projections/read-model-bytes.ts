/**
 * How much a read-model file holds: the bytes of its cells' and value versions' bodies, of
 * every document or of those with one id. What the layout writes, read with SQL from the
 * file itself, for the tests that hold its growth to the ledger's.
 */
import Database from 'better-sqlite3';

export const bodyBytes = (path: string, docId?: string): number => {
  const file = new Database(path, { readonly: true });
  try {
    const bytes = (table: 'cells' | 'cell_values'): number =>
      (
        file
          .prepare(
            `SELECT coalesce(sum(length(body)), 0) AS n FROM ${table}` +
              (docId === undefined ? '' : ' WHERE doc_id = @docId'),
          )
          .get(docId === undefined ? {} : { docId }) as { n: number }
      ).n;
    return bytes('cells') + bytes('cell_values');
  } finally {
    file.close();
  }
};
