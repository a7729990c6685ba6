import type { MeasuredRun } from './measured-process.js';

interface TailMessage {
  type?: string;
  trace?: { type?: string; error?: { message?: string }; stream_status?: { stream_descriptor?: { name?: string }; status?: string } };
}

/**
 * Throws unless a `read` run exited 0 and its output ends with COMPLETE for every stream in
 * `streams`, so a benchmark never reports the time of a failed sync. Without the whole output
 * only its tail is searched, which contains the final messages of the streams that ended last.
 */
export function assertReadCompleted(run: MeasuredRun, streams: string[], label: string): void {
  const messages = parseLines(run.output.text ?? run.output.tail, run.output.text === undefined);
  const finalStatus = new Map<string, string>();
  const errors: string[] = [];
  for (const message of messages) {
    const status = message.trace?.stream_status;
    if (status?.stream_descriptor?.name && status.status) finalStatus.set(status.stream_descriptor.name, status.status);
    if (message.trace?.type === 'ERROR') errors.push(message.trace.error?.message ?? '(no message)');
  }

  const incomplete = streams.filter((name) => finalStatus.get(name) !== 'COMPLETE');
  if (run.exitCode !== 0 || incomplete.length > 0 || errors.length > 0) {
    throw new Error(
      `${label}: the read did not complete (exit code ${run.exitCode}; streams without COMPLETE: ${incomplete.join(', ') || 'none'}; ` +
        `errors: ${errors.join(' | ') || 'none'}).\nstderr: ${run.stderr.slice(-2000)}`,
    );
  }
}

/** Parses JSON lines; the first line of a tail may be cut and is skipped. */
function parseLines(text: string, isTail: boolean): TailMessage[] {
  const lines = text.split('\n').slice(isTail ? 1 : 0);
  const messages: TailMessage[] = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      messages.push(JSON.parse(line) as TailMessage);
    } catch {
      // A line cut by the tail boundary; the complete ones around it are enough.
    }
  }
  return messages;
}
