/** The team check-in's "What should we stop doing?" field, read as the stop-doing items it proposes. */
import type { Page } from '../api/types.js';
import type { Tone } from './format.js';

export type StopDoingStatus = 'proposed' | 'stopped' | 'resumed';

const STATUS: Record<StopDoingStatus, { label: string; tone: Tone }> = {
  proposed: { label: 'Proposed', tone: 'warn' },
  stopped: { label: 'Stopped', tone: 'good' },
  resumed: { label: 'Resumed', tone: 'neutral' },
};

/** How an item's status reads ("Stopped") and looks; a status this UI does not know reads as sent. */
export function describeStopDoingStatus(status: string): { label: string; tone: Tone } {
  return Object.hasOwn(STATUS, status)
    ? STATUS[status as StopDoingStatus]
    : { label: status.charAt(0).toUpperCase() + status.slice(1), tone: 'neutral' };
}

/**
 * Field errors of a failed team check-in, with each error on one stop-doing item moved to the one
 * field the items share ("stopDoing"), saying which item: "Item 2: title is required". The server
 * names the item in the path ("stopDoing[1].title") or, for the list's schema, in the message of
 * an error on "stopDoing" ("stopDoing[1].title: title is required…"). The first error per field wins.
 */
export function stopDoingFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, message] of Object.entries(fields)) {
    const inPath = /^stopDoing\[(\d+)\]/.exec(f);
    const inMessage = f === 'stopDoing' ? /^stopDoing\[(\d+)\](?:\.\w+)*: (.*)$/s.exec(message) : null;
    if (inPath) out.stopDoing ??= `Item ${Number(inPath[1]) + 1}: ${message}`;
    else if (inMessage) out.stopDoing ??= `Item ${Number(inMessage[1]) + 1}: ${inMessage[2]}`;
    else out[f] ??= message;
  }
  return out;
}

/** What to stop, one item per non-empty line of the field. */
export function stopDoingItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]\s+)?/, '').trim())
    .filter((line) => line !== '');
}

/** What is wrong with the items before they are sent (the server's limits), or null. */
export function checkStopDoing(items: readonly string[]): string | null {
  if (items.length > 20) return `That is ${items.length} items: name at most 20, one per line`;
  const long = items.findIndex((t) => t.length > 300);
  if (long !== -1)
    return `Item ${long + 1} is ${items[long]?.length} characters: keep each item to 300 characters or fewer`;
  return null;
}

/**
 * A page of stop-doing items that never ends in the middle of one team check-in's items: when the
 * last item belongs to a check-in and there are older items, the next pages are read until that
 * check-in's items are all in (the API lists them together, in the order written), and
 * what was read beyond them is left for "Show older items" (the cursor is the last item's id, as
 * the API's is). Shown a page at a time otherwise, a check-in's first lines would end one page and
 * its last lines arrive only after "Show older items", below items it was not written with.
 */
export async function readWholeRuns<T extends { id: string; teamCheckInId: string | null }>(
  first: Page<T>,
  readMore: (cursor: string) => Promise<Page<T>>,
  maxExtra = 10,
): Promise<Page<T>> {
  const run = first.items[first.items.length - 1]?.teamCheckInId ?? null;
  if (run === null || !first.next) return first;
  const items = [...first.items];
  let next: string | null = first.next;
  for (let extra = 0; extra < maxExtra && next; extra += 1) {
    const more: Page<T> = await readMore(next);
    const end = more.items.findIndex((item) => item.teamCheckInId !== run);
    if (end === -1) {
      items.push(...more.items);
      next = more.next;
      continue;
    }
    items.push(...more.items.slice(0, end));
    // Older items remain (the one at `end` at least): the next page starts after this run.
    next = items[items.length - 1]?.id ?? next;
    break;
  }
  return { items, next };
}
