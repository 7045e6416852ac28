import type { ContactPolicy } from '../index-store/source-document.ts';
import { findContacts, type FoundContact } from '../text/find-contacts.ts';

export type { ContactPolicy };

/** What replaces a removed contact; it contains nothing the finder matches, so redacting twice changes nothing. */
export const contactMarker = '[contact removed]';

export interface RedactOptions {
  /** Which organisational contacts to keep; personal ones are removed whatever this says. Default: none. */
  keep?: (contact: FoundContact) => boolean;
}

/** `text` with its contact data replaced by the marker (see find-contacts.ts for what counts as contact data). */
export function redactContacts(text: string, { keep = () => false }: RedactOptions = {}): string {
  let redacted = '';
  let last = 0;
  for (const contact of findContacts(text)) {
    if (contact.kind === 'organisational' && keep(contact)) continue;
    redacted += `${text.slice(last, contact.start)}${contactMarker}`;
    last = contact.end;
  }
  return last === 0 ? text : redacted + text.slice(last);
}

/** A source's own text (a passage, a citation) as its policy lets it be shown. */
export function redactForSource(text: string, policy: ContactPolicy): string {
  return redactContacts(text, { keep: () => policy === 'organisational' });
}

/** The organisational contacts in a text, by key: those an answer drawn from it may repeat when its source allows. */
export function organisationalContacts(text: string): string[] {
  return findContacts(text)
    .filter((contact) => contact.kind === 'organisational')
    .map((contact) => contact.key);
}
