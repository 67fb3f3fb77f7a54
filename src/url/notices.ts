/** Something in a link that was repaired or ignored, named by its key. */
export interface Notice {
  readonly key: string;
  readonly message: string;
}

/** Unknown or unreadable keys named one by one; past this they are counted in one notice on 'link'. */
export const MAX_NAMED_UNKNOWN = 8;
/** Distinct messages kept per key (a key repeated 8 000 times is one notice, not 8 000). */
const MAX_MESSAGES = 4;

/**
 * Collects notices with one entry per key (the page lists them keyed by `key`), in first-seen order,
 * so a link of any size gives at most (table keys + MAX_NAMED_UNKNOWN + 1) notices of bounded length.
 * Keys are a Map's, so '__proto__' or 'constructor' are ordinary keys.
 */
export class Notices {
  private readonly byKey = new Map<string, string[]>();
  private unknownNamed = 0;
  private unknownMore = 0;

  /** A notice about a key of the table, or about the link as a whole ('link'). */
  add(key: string, message: string): void {
    const messages = this.byKey.get(key);
    if (!messages) this.byKey.set(key, [message]);
    else if (messages.length < MAX_MESSAGES && !messages.includes(message)) messages.push(message);
  }

  /** A notice about a key the table does not have (already clipped and sanitized by the caller). */
  addUnknown(key: string, message: string): void {
    if (this.byKey.has(key) || this.unknownNamed < MAX_NAMED_UNKNOWN) {
      if (!this.byKey.has(key)) this.unknownNamed++;
      this.add(key, message);
    } else this.unknownMore++;
  }

  list(): Notice[] {
    if (this.unknownMore > 0) this.add('link', `${this.unknownMore} more unknown or unreadable parts ignored`);
    return [...this.byKey].map(([key, messages]) => ({ key, message: messages.join('; ') }));
  }
}
