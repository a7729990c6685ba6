// check: one CONNECTION_STATUS and exit 0, for good, unknown, expired and partly scoped tokens.
import type { RunResult } from '../helpers/cli.js';
import type { AirbyteConnectionStatus } from '../helpers/protocol.js';
import { checkWith, testConfig } from './support/connector.js';
import { useEmulators, type Emulator } from './support/emulator.js';
import { expectExitCode } from './support/read-checks.js';

/** Returns the one CONNECTION_STATUS of a check run, and fails the test when there is not exactly one. */
function connectionStatusOf(result: RunResult): AirbyteConnectionStatus {
  const statuses = result.messages.filter((message) => message.type === 'CONNECTION_STATUS');
  expect(statuses).toHaveLength(1);
  return statuses[0].connectionStatus as AirbyteConnectionStatus;
}

/** Lists the types of the messages other than LOG, to show that check wrote nothing else. */
function nonLogTypes(result: RunResult): string[] {
  return result.messages.filter((message) => message.type !== 'LOG').map((message) => message.type);
}

// Every read-only scope the eight streams need, so a token can be given all of them but a few.
const READ_SCOPES = [
  'users.readonly',
  'departments.readonly',
  'locations.readonly',
  'vendors.readonly',
  'budgets.readonly',
  'expenses.card.readonly',
  'transactions.card.readonly',
  'transactions.cash.readonly',
  'accounts.cash.readonly',
];

describe('check', () => {
  const emulators = useEmulators();
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await emulators.start({
      tokens: {
        'demo-token': { scopes: 'all' },
        'expired-token': { scopes: 'all', expired: true },
        'partial-token': { scopes: READ_SCOPES.filter((scope) => !['vendors.readonly', 'budgets.readonly', 'expenses.card.readonly'].includes(scope)) },
        'no-team-token': { scopes: ['transactions.card.readonly'] },
      },
    });
  });

  it('succeeds with a valid token', async () => {
    const result = await checkWith(emulator, testConfig());

    expectExitCode(result, 0);
    expect(nonLogTypes(result)).toEqual(['CONNECTION_STATUS']);
    expect(connectionStatusOf(result).status).toBe('SUCCEEDED');
  });

  it('fails an unknown token', async () => {
    const result = await checkWith(emulator, testConfig({ user_token: 'unknown-token' }));

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('FAILED');
    expect(status.message).toMatch(/90 days/);
    expect(status.message).toContain('Settings > Developer');
  });

  it('fails an expired token', async () => {
    const result = await checkWith(emulator, testConfig({ user_token: 'expired-token' }));

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('FAILED');
    expect(status.message).toMatch(/90 days/);
    expect(status.message).toContain('Settings > Developer');
  });

  it('names tables a partial token cannot read', async () => {
    const result = await checkWith(emulator, testConfig({ user_token: 'partial-token' }));

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('SUCCEEDED');
    for (const stream of ['vendors', 'budgets', 'expenses']) {
      expect(status.message).toContain(stream);
    }
    for (const scope of ['vendors.readonly', 'budgets.readonly', 'expenses.card.readonly']) {
      expect(status.message).toContain(scope);
    }
    for (const readable of ['card_transactions', 'cash_transactions', 'users', 'departments', 'locations']) {
      expect(status.message).not.toContain(readable);
    }
  });

  it('accepts a token without the users scope', async () => {
    const result = await checkWith(emulator, testConfig({ user_token: 'no-team-token' }));

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('SUCCEEDED');
    expect(status.message).toContain('users.readonly');
    expect(status.message).not.toContain('card_transactions');
  });

  it('fails a token that may read no table', async () => {
    emulator.control.setToken('scopeless-token', { scopes: [] });
    const result = await checkWith(emulator, testConfig({ user_token: 'scopeless-token' }));

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('FAILED');
    expect(status.message).toContain('Settings > Developer');
  });

  it('notes that Brex Cash is disabled', async () => {
    const noCash = await emulators.start({ cashEnabled: false });
    const result = await checkWith(noCash, testConfig());

    expectExitCode(result, 0);
    const status = connectionStatusOf(result);
    expect(status.status).toBe('SUCCEEDED');
    expect(status.message).toMatch(/Brex Cash is not enabled/);
    expect(status.message).toContain('cash_transactions');
  });
});
