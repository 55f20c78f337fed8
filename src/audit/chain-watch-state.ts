/**
 * What the service knows of its own hash chain, as a pure state machine: the chain watch
 * (chain-watch.ts) feeds it what its verifications find, /health and /metrics read it. No
 * clock and no I/O here: the times arrive on the events.
 */
import { VerifyReport } from './ledger-verifier';

/** What the last finished verification found. */
export type ChainVerdict =
  | {
      readonly state: 'intact';
      readonly eventsChecked: number;
      /**
       * The head of the ledger when the verification began: every link up to it (at least)
       * holds. Absent when the store could not say.
       */
      readonly position?: bigint;
      /** When the verification ended (ISO instant). */
      readonly verifiedAt: string;
    }
  | {
      readonly state: 'broken';
      readonly eventsChecked: number;
      /** The lowest position whose link is broken (absent if the verifier could not name one). */
      readonly firstBrokenPosition?: bigint;
      /** Why, as publicReason gives it: no text quoted from the stored event. */
      readonly reason: string;
      readonly verifiedAt: string;
    };

export type ChainKnowledge =
  /** LEDGER_CHAIN_WATCH_MINUTES=0: the service does not verify its chain by itself. */
  | { readonly state: 'off' }
  | { readonly state: 'not-yet-verified' }
  /** A verification runs (since `since`); what the last one found still stands meanwhile. */
  | { readonly state: 'verifying'; readonly since: string; readonly last?: ChainVerdict }
  | ChainVerdict;

export type ChainWatchEvent =
  | { readonly type: 'started'; readonly at: string }
  | {
      readonly type: 'verified';
      readonly report: VerifyReport;
      /** The head when the verification began. */
      readonly position?: bigint;
      readonly at: string;
    }
  /** The verification did not run (the gate was full) or failed: nothing new is known. */
  | { readonly type: 'abandoned' };

/** What is worth a log line when a verdict replaces the one before. */
export type ChainTransition =
  /** The first verdict since start, and the chain holds. */
  | 'intact'
  /** The chain no longer verifies (or did not at the first verdict). */
  | 'broken'
  /** Still broken, but the first broken link is somewhere else now. */
  | 'break-moved'
  /** It was broken and verifies again (the file was restored, say). */
  | 'mended';

/** The default of an exhaustive switch: the compiler proves it is never reached. */
const unreachable = (what: string, value: never): Error =>
  new Error(
    `unknown ${what} ${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
  );

/** Longest reason /health and the log carry. */
export const MAX_PUBLIC_REASON_LENGTH = 300;
/** A double quote, or a single one that opens a quotation (not the apostrophe of "event's"). */
const OPENING_QUOTE = /["“«]|(?<![\p{L}\p{N}])['‘`]/u;
const CUT = '…';

/**
 * Text as /health (which needs no token) and the log may carry it: up to the first
 * quotation, since a verifier's reason or a store's error may quote the stored event (a parse
 * error cites the text it failed on, a duplicate key is named) and event data is never shown
 * or logged; bounded in length.
 */
export const withoutQuotedText = (text: string): string => {
  const quote = text.search(OPENING_QUOTE);
  const unquoted = quote === -1 ? text : `${text.slice(0, quote).trimEnd()} ${CUT}`;
  return unquoted.length <= MAX_PUBLIC_REASON_LENGTH
    ? unquoted
    : `${unquoted.slice(0, MAX_PUBLIC_REASON_LENGTH - CUT.length)}${CUT}`;
};

/** A verifier's reason as /health shows it; GET /api/audit/verify gives the whole reason. */
export const publicReason = (reason: string | undefined): string =>
  reason === undefined || reason === '' ? 'the chain does not verify' : withoutQuotedText(reason);

/** The verdict the last finished verification gave, whatever runs now. */
export const lastVerdict = (knowledge: ChainKnowledge): ChainVerdict | undefined => {
  switch (knowledge.state) {
    case 'off':
    case 'not-yet-verified':
      return undefined;
    case 'verifying':
      return knowledge.last;
    case 'intact':
    case 'broken':
      return knowledge;
    default:
      throw unreachable('chain state', knowledge);
  }
};

const verdictOf = (event: Extract<ChainWatchEvent, { type: 'verified' }>): ChainVerdict => {
  const { report, at } = event;
  if (report.ok) {
    return {
      state: 'intact',
      eventsChecked: report.eventsChecked,
      ...(event.position === undefined ? {} : { position: event.position }),
      verifiedAt: at,
    };
  }
  return {
    state: 'broken',
    eventsChecked: report.eventsChecked,
    ...(report.firstBrokenPosition === undefined
      ? {}
      : { firstBrokenPosition: report.firstBrokenPosition }),
    reason: publicReason(report.reason),
    verifiedAt: at,
  };
};

/** The next state of knowledge. A watch that is off stays off. */
export const evolveChain = (knowledge: ChainKnowledge, event: ChainWatchEvent): ChainKnowledge => {
  if (knowledge.state === 'off') return knowledge;
  switch (event.type) {
    case 'started': {
      if (knowledge.state === 'verifying') return knowledge;
      const last = lastVerdict(knowledge);
      return { state: 'verifying', since: event.at, ...(last === undefined ? {} : { last }) };
    }
    case 'verified':
      return verdictOf(event);
    case 'abandoned':
      return knowledge.state === 'verifying'
        ? (knowledge.last ?? { state: 'not-yet-verified' })
        : knowledge;
    default:
      throw unreachable('chain watch event', event);
  }
};

/** Whether a new verdict is news, against the one before it (undefined: the first). */
export const transitionOf = (
  before: ChainVerdict | undefined,
  after: ChainVerdict,
): ChainTransition | undefined => {
  switch (after.state) {
    case 'intact':
      if (before === undefined) return 'intact';
      return before.state === 'broken' ? 'mended' : undefined;
    case 'broken':
      if (before === undefined || before.state === 'intact') return 'broken';
      return before.firstBrokenPosition === after.firstBrokenPosition ? undefined : 'break-moved';
    default:
      throw unreachable('chain verdict', after);
  }
};
