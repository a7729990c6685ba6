// Injected faults: each rule counts the requests whose path it matches and hits the
// requests numbered nth .. nth + times - 1.

import type { Fault, FaultRule } from '../types.js';

interface ActiveRule {
  rule: FaultRule;
  seen: number;
}

export class FaultBook {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    const nth = rule.nth ?? 1;
    const times = rule.times ?? 1;
    if (!Number.isInteger(nth) || nth < 1) {
      throw new Error(`Fault rule nth must be an integer >= 1, got ${nth}`);
    }
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
      throw new Error(`Fault rule times must be an integer >= 1 or Infinity, got ${times}`);
    }
    this.rules.push({ rule: { ...rule, nth, times }, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Counts the request against every matching rule and returns the fault of the first rule it hits. */
  next(path: string): Fault | null {
    let hit: Fault | null = null;
    for (const active of this.rules) {
      const { path: pattern, nth = 1, times = 1 } = active.rule;
      if (typeof pattern !== 'string') {
        pattern.lastIndex = 0;
      }
      const matches = typeof pattern === 'string' ? pattern === path : pattern.test(path);
      if (!matches) {
        continue;
      }
      active.seen += 1;
      if (hit === null && active.seen >= nth && active.seen < nth + times) {
        hit = active.rule.fault;
      }
    }
    return hit;
  }
}
