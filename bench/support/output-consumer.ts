import type { Readable } from 'node:stream';

/** Byte and record counts of a process's stdout, with its last lines. */
export interface OutputSummary {
  bytes: number;
  /** Lines that start with `{"type":"RECORD"`, as the connector and the baseline write them. */
  records: number;
  /** The last lines of the output (up to TAIL_BYTES), for the final messages. */
  tail: string;
  /** The whole output, when the consumer was asked to keep it. */
  text?: string;
}

export interface ConsumerOptions {
  /** Maximum read rate; the pipe then fills up, so the writing process gets backpressure. */
  bytesPerSecond?: number;
  /** Keeps the whole output in memory (only for outputs of a few tens of MB). */
  keepAll?: boolean;
}

const TAIL_BYTES = 256 * 1024;
// A record line starts right after a newline; JSON.stringify escapes newlines inside strings.
const RECORD_START = Buffer.from('\n{"type":"RECORD"');

/**
 * Reads a stream to its end and counts bytes and record lines, dropping the data unless
 * `keepAll` is set. Counting scans each chunk with Buffer.indexOf, which costs little next to
 * the processes under test.
 */
export function consumeOutput(stream: Readable, options: ConsumerOptions = {}): Promise<OutputSummary> {
  const counter = new RecordCounter();
  const chunks: Buffer[] = [];
  let tail: Buffer[] = [];
  let tailBytes = 0;
  let bytes = 0;
  const startedAt = performance.now();

  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      counter.scan(chunk);
      if (options.keepAll) chunks.push(chunk);

      tail.push(chunk);
      tailBytes += chunk.length;
      if (tailBytes > 2 * TAIL_BYTES) {
        const joined = Buffer.concat(tail).subarray(-TAIL_BYTES);
        tail = [joined];
        tailBytes = joined.length;
      }

      if (options.bytesPerSecond) throttle(stream, bytes, options.bytesPerSecond, startedAt);
    });
    stream.once('error', reject);
    stream.once('end', () => {
      resolve({
        bytes,
        records: counter.records,
        tail: Buffer.concat(tail).subarray(-TAIL_BYTES).toString('utf8'),
        text: options.keepAll ? Buffer.concat(chunks).toString('utf8') : undefined,
      });
    });
  });
}

/** Pauses the stream until the bytes read so far are due at the given rate. */
function throttle(stream: Readable, bytes: number, bytesPerSecond: number, startedAt: number): void {
  const dueAt = startedAt + (bytes / bytesPerSecond) * 1000;
  const waitMs = dueAt - performance.now();
  if (waitMs <= 0) return;
  stream.pause();
  setTimeout(() => stream.resume(), waitMs);
}

/** Counts occurrences of RECORD_START across chunk boundaries. */
class RecordCounter {
  records = 0;
  // The output starts a line, so the first record line counts too.
  private carry = Buffer.from('\n');

  scan(chunk: Buffer): void {
    const window = Buffer.concat([this.carry, chunk]);
    for (let at = window.indexOf(RECORD_START); at >= 0; at = window.indexOf(RECORD_START, at + 1)) {
      this.records += 1;
    }
    // Keeping fewer bytes than the pattern means no match is counted twice.
    this.carry = window.subarray(Math.max(0, window.length - (RECORD_START.length - 1)));
  }
}
