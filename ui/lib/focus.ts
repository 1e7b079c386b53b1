/** Field order for "Next": every element marked `data-field-control`, in document order. */
export function fieldControlsAfter(el: Element, doc: Document = document): HTMLElement[] {
  const all = [...doc.querySelectorAll<HTMLElement>('[data-field-control]')];
  return all.slice(all.indexOf(el as HTMLElement) + 1);
}

/** Moves focus to the next field; returns false when `el` is the last one. */
export function focusNextField(el: Element, doc: Document = document): boolean {
  const next = fieldControlsAfter(el, doc)[0];
  if (!next) return false;
  next.focus();
  next.scrollIntoView({ block: 'center' });
  return true;
}
