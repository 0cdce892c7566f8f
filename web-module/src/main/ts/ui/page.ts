/** The sections of index.html; exactly one of them is visible at a time. */
export type View = 'loading' | 'signed-out' | 'home' | 'problem';

const VIEWS: readonly View[] = ['loading', 'signed-out', 'home', 'problem'];

export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`index.html lacks #${id}`);
  }
  return found as T;
}

/** Shows one view, hides the others, and moves the focus to the main region for keyboard and screen readers. */
export function show(view: View): void {
  for (const id of VIEWS) {
    element(id).hidden = id !== view;
  }
  element('main').focus();
}

export function setText(id: string, text: string): void {
  element(id).textContent = text;
}
