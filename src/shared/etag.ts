/** A stream's revision as its ETag (a quoted string), on command answers and reads alike. */

/** The one thing needed of an HTTP reply: setting a header (Fastify's reply has it). */
export interface HeaderSink {
  header(name: string, value: string): unknown;
}

export const setEtag = (reply: HeaderSink, revision: bigint | string | undefined): void => {
  if (revision !== undefined) void reply.header('ETag', `"${String(revision)}"`);
};
