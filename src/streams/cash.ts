import { BrexApiError } from '../brex/errors.js';
import { paginate } from '../brex/pagination.js';
import { maxCursor } from './cursor.js';
import type { StreamCursor, StreamDefinition } from './definition.js';
import { CASH_ACCOUNTS } from './definitions.js';
import type { StreamEmitter } from './emitter.js';
import { readChain } from './page-chain.js';
import type { ReadContext } from './context.js';
import { parseCashState, serializeCashState, type CashState } from './stream-state.js';

/**
 * Reads cash_transactions: lists the cash accounts, then reads each account's transactions
 * (several at once), with one watermark per account. An account's watermark moves only when that
 * account has been read to the end. Checkpoints in between carry its page cursor and the accounts
 * finished in this pass, so a restarted read skips those accounts.
 */
export async function readCashTransactions(
  definition: StreamDefinition & { cursor: StreamCursor },
  incremental: boolean,
  savedState: unknown,
  emitter: StreamEmitter,
  context: ReadContext,
): Promise<void> {
  const state = incremental ? parseCashState(savedState, definition.cursor, definition.name) : emptyCashState();
  const accountIds = await listCashAccounts(definition, emitter, context);
  emitter.markRunning();
  if (accountIds === undefined) {
    emitter.state(serializeCashState(state, definition.cursor));
    return;
  }

  const pending = accountIds.filter((id) => !state.doneInPass.has(id));
  context.logger.info(
    { stream: definition.name, accounts: accountIds.length, already_done: accountIds.length - pending.length },
    'Reading cash transactions per cash account',
  );

  const failures = await forEachLimited(pending, context.config.maxConcurrentRequests, async (accountId) => {
    const start = state.accounts.get(accountId) ?? { watermark: state.floor };
    const result = await readChain({
      definition,
      emitter,
      context,
      start,
      incremental,
      accountId,
      onCheckpoint: incremental
        ? (resume) => {
            state.accounts.set(accountId, { watermark: start.watermark, resume });
            emitter.state(serializeCashState(state, definition.cursor));
          }
        : undefined,
    });

    state.accounts.set(accountId, { watermark: maxCursor(start.watermark, result.maxSeen) });
    state.doneInPass.add(accountId);
    context.logger.info({ stream: definition.name, account_id: accountId, records: result.records, pages: result.pages }, 'Cash account read');
    emitter.state(serializeCashState(state, definition.cursor));
  });

  if (failures.length > 0) {
    // The state already written covers every finished account; the first error fails the stream.
    throw failures[0];
  }
  state.doneInPass.clear();
  emitter.state(serializeCashState(state, definition.cursor));
}

/** Returns the cash account ids, or undefined when Brex Cash is not enabled for this token. */
async function listCashAccounts(definition: StreamDefinition, emitter: StreamEmitter, context: ReadContext): Promise<string[] | undefined> {
  const ids: string[] = [];
  try {
    const pages = paginate(context.client, CASH_ACCOUNTS.path, { limit: context.config.pageSize }, { stream: definition.name, signal: context.signal });
    for await (const page of pages) {
      for (const account of page.items) {
        const id = (account as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && id !== '') ids.push(id);
      }
    }
    return ids;
  } catch (error) {
    if (error instanceof BrexApiError && error.kind === 'cash_not_enabled') {
      context.logger.warn(
        { stream: definition.name, path: CASH_ACCOUNTS.path, trace_id: error.traceId, error: error.brexMessage },
        'Brex Cash is not enabled for this account or token user, so cash_transactions is empty',
      );
      return undefined;
    }
    throw error;
  }
}

/**
 * Runs `task` for every item with at most `limit` running at once. A failing task does not stop
 * the others, except for an invalid token or an abort, which stop the whole read and are thrown.
 * The other errors are returned.
 */
async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  let fatal: unknown;

  const worker = async () => {
    while (next < items.length && fatal === undefined) {
      const item = items[next++];
      try {
        await task(item);
      } catch (error) {
        if (error instanceof BrexApiError && error.kind !== 'invalid_token') failures.push(error);
        else fatal ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (fatal !== undefined) throw fatal;
  return failures;
}

function emptyCashState(): CashState {
  return { accounts: new Map(), doneInPass: new Set() };
}
