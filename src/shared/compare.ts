/** Texts in code-unit order (ids, owners, period texts of one form): the same on every machine. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
