const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A closed time range `[start, end]` in epoch ms. An undefined `start` means "from the beginning".
 * An undefined `end` means "no upper bound": the last window has none, so records updated while
 * the read runs, or stamped ahead of this machine's clock, are not left out.
 */
export interface TimeWindow {
  index: number;
  start?: number;
  end?: number;
}

export interface WindowPlannerOptions {
  /** Lower bound of the range; undefined reads all history. */
  start?: number;
  /** End of the planned range, normally the time the read started. The last window is open-ended. */
  end: number;
  /** Records a window should hold: enough pages to be worth a chain, few enough to run many in parallel. */
  targetRecords: number;
  initialSizeMs?: number;
}

/**
 * Brex launched its corporate card in 2018, so no expense is updated before 2017. History before
 * this is read as one window without a start filter, so an older record is still not lost.
 */
export const HISTORY_FLOOR = Date.UTC(2017, 0, 1);

const MIN_SIZE_MS = HOUR_MS;
const MAX_SIZE_MS = 366 * DAY_MS;

/**
 * Splits a time range into consecutive windows handed out one at a time. Each finished window
 * reports how many records it held, and the next windows are sized so that they hold about
 * `targetRecords`: dense periods get short windows, empty history is crossed in a few long ones.
 * Windows do not overlap: each ends 1 ms before the next starts, and the last has no end.
 */
export class WindowPlanner {
  private nextStart: number | undefined;
  private sizeMs: number;
  private issued = 0;
  private openStartIssued = false;

  constructor(private readonly options: WindowPlannerOptions) {
    this.nextStart = options.start;
    this.sizeMs = options.initialSizeMs ?? 30 * DAY_MS;
  }

  /** Returns the next window, or undefined once the range is covered. */
  next(): TimeWindow | undefined {
    const { end } = this.options;

    if (this.nextStart === undefined) {
      if (this.openStartIssued) return undefined;
      this.openStartIssued = true;
      if (end < HISTORY_FLOOR) {
        this.nextStart = Number.POSITIVE_INFINITY;
        return { index: this.issued++ };
      }
      this.nextStart = HISTORY_FLOOR;
      return { index: this.issued++, end: HISTORY_FLOOR - 1 };
    }

    // A range that starts after its end (a watermark ahead of this clock) still gets one open
    // window, so records Brex stamped later than this machine's time are read.
    if (this.nextStart > end && this.issued > 0) return undefined;
    const start = this.nextStart;
    const windowEnd = start + this.sizeMs - 1;
    if (windowEnd >= end) {
      this.nextStart = Number.POSITIVE_INFINITY;
      return { index: this.issued++, start };
    }
    this.nextStart = windowEnd + 1;
    return { index: this.issued++, start, end: windowEnd };
  }

  /** Adapts the size of the windows not yet handed out to the density just seen. */
  observe(window: TimeWindow, records: number): void {
    if (window.start === undefined || window.end === undefined) return;
    const duration = window.end - window.start + 1;
    const proposed = records === 0 ? duration * 4 : (duration * this.options.targetRecords) / records;
    const bounded = Math.min(Math.max(proposed, this.sizeMs / 4, MIN_SIZE_MS), this.sizeMs * 4, MAX_SIZE_MS);
    this.sizeMs = Math.round(bounded);
  }
}
