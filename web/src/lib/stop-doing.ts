/** The team check-in's "What should we stop doing?" field, read as the stop-doing items it proposes. */

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
  if (long !== -1) return `Item ${long + 1} is ${items[long]?.length} characters: keep each item under 300`;
  return null;
}
