const MASK = '**********';

/**
 * Removes secrets from text before it leaves the process. It masks the values given to
 * `addSecret` and anything that looks like a bearer credential, so a token read from an
 * unexpected place is still hidden.
 */
export class SecretRedactor {
  private secrets: string[] = [];

  addSecret(value: string | undefined): void {
    if (!value) return;
    for (const candidate of [value, value.trim()]) {
      // Very short values would mask ordinary words; real Brex tokens are far longer.
      if (candidate.length >= 6 && !this.secrets.includes(candidate)) this.secrets.push(candidate);
    }
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact = (text: string): string => {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result.replace(/(bearer\s+)[^\s"'\\,]+/gi, `$1${MASK}`);
  };
}
