import type { Random } from '../random.js';

/**
 * Issues unique ids of the form `<prefix>c<24 base-36 characters>`, shaped like the
 * cuid-based ids Brex shows (for example `expense_c...`). Brex documents no id format,
 * so only the `expense_` and `cuacc_` prefixes follow Brex; the others are invented.
 */
export class IdFactory {
  private readonly issued = new Set<string>();

  constructor(private readonly random: Random) {}

  next(prefix: string): string {
    for (;;) {
      const id = `${prefix}c${this.random.base36(24)}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }
}
