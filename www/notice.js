// The text of an explorer's notice of settings it could not use (from its attributes or a link).

/** Most unused settings the notice names one by one. */
const NOTICE_ITEMS = 8;
/** Longest word (a value from a link, say) the notice quotes whole, in characters. */
const NOTICE_WORD = 40;

/**
 * The notice for `messages` (one sentence per setting not applied), or '' for none: at most
 * NOTICE_ITEMS of them (the rest counted), each word longer than NOTICE_WORD characters cut
 * short, so that a link of any length cannot widen the page or push the charts far down.
 */
export function noticeText(messages) {
  const all = messages.map((m) => m.replace(/\.$/, '').replace(/\S+/gu, (w) => {
    const chars = Array.from(w);
    return chars.length > NOTICE_WORD ? `${chars.slice(0, NOTICE_WORD).join('')}…` : w;
  }));
  if (all.length === 0) return '';
  const list = all.length > NOTICE_ITEMS ? [...all.slice(0, NOTICE_ITEMS), `and ${all.length - NOTICE_ITEMS} more`] : all;
  return `Not applied (the explorer uses its default or current value instead): ${list.join('; ')}.`;
}
