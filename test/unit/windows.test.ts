import { HISTORY_FLOOR, WindowPlanner, type TimeWindow } from '../../src/streams/windows.js';

const DAY = 24 * 60 * 60 * 1000;

function drain(planner: WindowPlanner, recordsFor: (window: TimeWindow) => number = () => 0): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let window = planner.next(); window; window = planner.next()) {
    windows.push(window);
    planner.observe(window, recordsFor(window));
    if (windows.length > 10_000) throw new Error('planner does not terminate');
  }
  return windows;
}

describe('WindowPlanner', () => {
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2026, 11, 1);

  it('covers the range without gaps or overlaps and leaves the last window open', () => {
    const windows = drain(new WindowPlanner({ start, end, targetRecords: 100, initialSizeMs: 10 * DAY }), () => 50);

    expect(windows[0].start).toBe(start);
    for (let i = 1; i < windows.length; i += 1) {
      expect(windows[i].start).toBe((windows[i - 1].end as number) + 1);
    }
    expect(windows.at(-1)?.end).toBeUndefined();
    expect(windows.map((w) => w.index)).toEqual(windows.map((_, i) => i));
  });

  it('grows windows over empty history', () => {
    const windows = drain(new WindowPlanner({ start, end, targetRecords: 100, initialSizeMs: DAY }));
    // Growing by four each time crosses eleven months in a handful of windows.
    expect(windows.length).toBeLessThan(8);
  });

  it('shrinks windows where records are dense', () => {
    const planner = new WindowPlanner({ start, end, targetRecords: 100, initialSizeMs: 10 * DAY });
    const first = planner.next() as TimeWindow;
    planner.observe(first, 1000);
    const second = planner.next() as TimeWindow;

    expect((second.end as number) - (second.start as number) + 1).toBe(2.5 * DAY);
  });

  it('reads history before the floor as one window without a start', () => {
    const windows = drain(new WindowPlanner({ end, targetRecords: 100 }));
    expect(windows[0]).toEqual({ index: 0, end: HISTORY_FLOOR - 1 });
    expect(windows[1].start).toBe(HISTORY_FLOOR);
  });

  it('reads from a start later than the end with one open window', () => {
    expect(drain(new WindowPlanner({ start: end + DAY, end, targetRecords: 100 }))).toEqual([{ index: 0, start: end + DAY }]);
  });

  it('uses one open window when the range is shorter than a window', () => {
    expect(drain(new WindowPlanner({ start: end - DAY, end, targetRecords: 100 }))).toEqual([{ index: 0, start: end - DAY }]);
  });
});
