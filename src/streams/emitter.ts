import {
  errorTraceMessage,
  streamStateMessage,
  streamStatusMessage,
  type FailureType,
  type StreamDescriptor,
  type StreamStatus,
} from '../protocol/messages.js';
import type { MessageWriter } from '../protocol/writer.js';

/**
 * Writes one stream's messages and keeps the per-stream count that each STATE reports as
 * `sourceStats.recordCount`: the records of this stream since its previous state. A state is
 * written only after the records it covers, because every call writes in order.
 */
export class StreamEmitter {
  /** The serialized start of every RECORD line of this stream, up to the record's data. */
  private readonly recordPrefix: string;
  private recordsSinceState = 0;
  private lastState?: string;
  private running = false;
  totalRecords = 0;

  constructor(
    readonly stream: StreamDescriptor,
    private readonly writer: MessageWriter,
  ) {
    // Same bytes as JSON.stringify(recordMessage(...)), built without a message object per record,
    // because records are the hot path of a read.
    const namespace = stream.namespace === undefined ? '' : `,"namespace":${JSON.stringify(stream.namespace)}`;
    this.recordPrefix = `{"type":"RECORD","record":{"stream":${JSON.stringify(stream.name)}${namespace},"data":`;
  }

  record(data: Record<string, unknown>, emittedAt: number): void {
    this.writer.writeLine(`${this.recordPrefix}${JSON.stringify(data)},"emitted_at":${emittedAt}}}`);
    this.recordsSinceState += 1;
    this.totalRecords += 1;
  }

  /** Writes a checkpoint, unless it repeats the previous one with no records in between. */
  state(streamState: Record<string, unknown>): void {
    const serialized = JSON.stringify(streamState);
    if (serialized === this.lastState && this.recordsSinceState === 0) return;

    this.writer.write(streamStateMessage(this.stream, streamState, this.recordsSinceState));
    this.lastState = serialized;
    this.recordsSinceState = 0;
  }

  status(status: StreamStatus): void {
    this.writer.write(streamStatusMessage(this.stream, status));
  }

  /** Writes RUNNING once, when the first page of data has arrived. */
  markRunning(): void {
    if (this.running) return;
    this.running = true;
    this.status('RUNNING');
  }

  error(options: { message: string; failureType: FailureType; internalMessage?: string }): void {
    this.writer.writeRedacted(errorTraceMessage({ ...options, stream: this.stream }));
  }

  /** Resolves when stdout can take more; awaited between pages for backpressure. */
  ready(): Promise<void> {
    return this.writer.ready();
  }
}
