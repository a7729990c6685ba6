import type { Writable } from 'node:stream';

import type { AirbyteMessage } from './airbyte-protocol.generated.js';

/** Bytes gathered before one write to the output stream, to keep syscalls few on large reads. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Writes protocol messages to stdout, one JSON object per line, and is the only code that touches
 * stdout. Lines are buffered into chunks. `ready()` waits while the consumer is slower than
 * the reader, so a slow destination slows the requests down instead of filling memory.
 */
export class MessageWriter {
  private chunk: string[] = [];
  private chunkBytes = 0;
  private drain: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly output: Writable = process.stdout,
    private readonly redact: (line: string) => string = (line) => line,
  ) {
    // EPIPE means the reader of stdout has gone, so there is no one to write to any more.
    this.output.on('error', () => {
      this.closed = true;
    });
  }

  /**
   * Queues one message as one line. The line is complete in the output or absent, never cut.
   * A STATE or TRACE goes out at once with everything queued before it: a checkpoint that stays
   * in this buffer would be lost if the process were killed, and the records it covers with it.
   */
  write(message: AirbyteMessage): void {
    this.writeLine(JSON.stringify(message));
    if (message.type === 'STATE' || message.type === 'TRACE') this.sendChunk();
  }

  /** Queues a log or trace message after removing secrets from its text. */
  writeRedacted(message: AirbyteMessage): void {
    this.writeLine(this.redact(JSON.stringify(message)));
    if (message.type === 'TRACE') this.sendChunk();
  }

  /** Queues one line that is already a serialized protocol message (the RECORD fast path). */
  writeLine(line: string): void {
    if (this.closed) return;
    this.chunk.push(line, '\n');
    this.chunkBytes += line.length + 1;
    if (this.chunkBytes >= CHUNK_BYTES) this.sendChunk();
  }

  private sendChunk(): void {
    if (this.chunk.length === 0 || this.closed) return;
    const text = this.chunk.join('');
    this.chunk = [];
    this.chunkBytes = 0;

    const accepted = this.output.write(text);
    if (!accepted && !this.drain) {
      this.drain = new Promise((resolve) => {
        const done = () => {
          this.output.off('drain', done);
          this.output.off('close', done);
          this.drain = null;
          resolve();
        };
        this.output.on('drain', done);
        this.output.on('close', done);
      });
    }
  }

  /** Resolves when the output can take more lines; callers await it between pages. */
  async ready(): Promise<void> {
    if (this.drain) await this.drain;
  }

  /** Sends everything queued and resolves once the operating system has accepted it. */
  async flush(): Promise<void> {
    this.sendChunk();
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      // An empty write's callback runs after every earlier write has been handed to the OS.
      this.output.write('', () => resolve());
    });
  }
}
