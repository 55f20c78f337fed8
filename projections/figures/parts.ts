/**
 * How a report over every investment (the fund report, the follow-up) gets one investment's
 * part: `compute` reads that investment's document and works the part out. A caller that can
 * tell the document has not changed since it last asked may answer the part it kept instead,
 * so a part must depend on that one document and the report's options alone.
 */
export type PartOf<P> = (investmentId: string, compute: () => P | undefined) => P | undefined;

/** Every part worked out afresh: for callers that keep nothing. */
export const computeEach = <P>(
  _investmentId: string,
  compute: () => P | undefined,
): P | undefined => compute();
