import { PassThrough, Writable } from 'node:stream';

import { classifyHttpError } from '../../src/brex/errors.js';
import { buildQueryString } from '../../src/brex/query.js';
import { resolveBaseUrl } from '../../src/brex/base-url.js';
import { parseArguments } from '../../src/arguments.js';
import { logMessage, recordMessage } from '../../src/protocol/messages.js';
import { MessageWriter } from '../../src/protocol/writer.js';
import { SecretRedactor } from '../../src/redact.js';

describe('MessageWriter', () => {
  it('writes one complete JSON line per message', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new MessageWriter(output);

    writer.write(recordMessage({ name: 'users' }, { id: 'u1', note: 'line\nbreak' }, 1));
    writer.write(recordMessage({ name: 'users', namespace: 'brex' }, { id: 'u2' }, 2));
    await writer.flush();

    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).record.data.note).toBe('line\nbreak');
    expect(JSON.parse(lines[1]).record.namespace).toBe('brex');
  });

  it('waits for a slow reader instead of buffering without bound', async () => {
    // Holds every write until released, like a destination that stopped reading.
    let open = false;
    const heldCallbacks: Array<() => void> = [];
    const release = () => {
      open = true;
      heldCallbacks.splice(0).forEach((callback) => callback());
    };
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        if (open) callback();
        else heldCallbacks.push(() => callback());
      },
    });
    const writer = new MessageWriter(slow);
    for (let i = 0; i < 2000; i += 1) writer.write(recordMessage({ name: 'users' }, { id: `u${i}`, pad: 'x'.repeat(50) }, 1));

    let ready = false;
    const waiting = writer.ready().then(() => {
      ready = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ready).toBe(false);

    release();
    await waiting;
    expect(ready).toBe(true);
  });
});

describe('SecretRedactor', () => {
  it('masks known secrets and bearer credentials', () => {
    const redactor = new SecretRedactor();
    redactor.addSecret('  bxt_secret_value_123 ');
    const text = redactor.redact('token bxt_secret_value_123 and Authorization: Bearer other-token-456');
    expect(text).not.toContain('bxt_secret_value_123');
    expect(text).not.toContain('other-token-456');
  });

  it('is applied to log lines by the writer', async () => {
    const redactor = new SecretRedactor();
    redactor.addSecret('bxt_secret_value_123');
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const writer = new MessageWriter(output, redactor.redact);
    writer.writeRedacted(logMessage('INFO', 'using bxt_secret_value_123'));
    await writer.flush();
    expect(text).not.toContain('bxt_secret_value_123');
  });
});

describe('classifyHttpError', () => {
  const path = '/v2/users';

  it('tells an invalid token from a missing scope', () => {
    expect(classifyHttpError(401, '', path).kind).toBe('invalid_token');
    expect(classifyHttpError(401, '{"type":"UNAUTHORIZED","message":"PERMISSION_DENIED: Invalid or Revoked Token"}', path).kind).toBe('invalid_token');
    expect(classifyHttpError(403, '{"type":"FORBIDDEN","message":"Invalid or Revoked Token"}', path).kind).toBe('invalid_token');

    const scope = classifyHttpError(403, '{"type":"FORBIDDEN","message":"Missing required scope: users.readonly"}', path);
    expect(scope.kind).toBe('missing_scope');
    expect(scope.scope).toBe('users.readonly');
  });

  it('recognises Brex Cash not enabled only on the cash accounts listing', () => {
    const body = '{"type":"UNAUTHORIZED","message":"Brex Cash is not enabled for this account"}';
    expect(classifyHttpError(401, body, '/v2/accounts/cash').kind).toBe('cash_not_enabled');
    expect(classifyHttpError(401, body, '/v1/vendors').kind).toBe('permission_denied');
  });

  it('marks only transient kinds as retryable', () => {
    expect(classifyHttpError(429, '', path).retryable).toBe(true);
    expect(classifyHttpError(503, '<html>', path).retryable).toBe(true);
    expect(classifyHttpError(400, '{"message":"bad limit"}', path).retryable).toBe(false);
    expect(classifyHttpError(404, '', path).kind).toBe('not_found');
  });
});

describe('buildQueryString', () => {
  it('keeps array brackets literal and encodes values', () => {
    expect(buildQueryString({ limit: 100, 'expand[]': ['merchant', 'receipts.download_uris'], cursor: 'a+b/c=', skip: undefined })).toBe(
      'limit=100&expand[]=merchant&expand[]=receipts.download_uris&cursor=a%2Bb%2Fc%3D',
    );
  });
});

describe('resolveBaseUrl', () => {
  it('defaults to production and accepts https or loopback http', () => {
    expect(resolveBaseUrl(undefined)).toBe('https://api.brex.com');
    expect(resolveBaseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(resolveBaseUrl('https://api-staging.brex.com')).toBe('https://api-staging.brex.com');
  });

  it('rejects plain http to another host, and non-URLs', () => {
    expect(() => resolveBaseUrl('http://api.brex.com')).toThrow(/unencrypted/);
    expect(() => resolveBaseUrl('not a url')).toThrow(/not a valid URL/);
  });
});

describe('parseArguments', () => {
  it('reads both flag forms and returns unknown ones', () => {
    expect(parseArguments(['read', '--config', 'c.json', '--catalog=k.json', '--state', 's.json', '--debug'])).toEqual({
      command: 'read',
      args: { config: 'c.json', catalog: 'k.json', state: 's.json' },
      unknown: ['--debug'],
    });
  });
});

describe('Semaphore', () => {
  it('bounds concurrent holders and serves waiters by priority', async () => {
    const { Semaphore } = await import('../../src/brex/semaphore.js');
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    await semaphore.acquire();
    const low = semaphore.acquire(undefined, 0).then(() => order.push('low'));
    const high = semaphore.acquire(undefined, 9).then(() => order.push('high'));

    semaphore.release();
    await high;
    expect(order).toEqual(['high']);
    semaphore.release();
    await low;
    expect(order).toEqual(['high', 'low']);
  });
});

describe('MessageWriter checkpoints', () => {
  it('sends a STATE and the records before it at once', () => {
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const writer = new MessageWriter(output);

    writer.write(recordMessage({ name: 'users' }, { id: 'u1' }, 1));
    expect(output.writableLength + text.length).toBe(0);

    writer.write({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'users' }, stream_state: {} } } });
    // A flowing PassThrough emits 'data' during the write, so both lines are out without a flush.
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
  });
});
