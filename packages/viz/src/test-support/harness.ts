import axe from 'axe-core';
import type { LitElement } from 'lit';
import { expect } from 'vitest';
import { page } from 'vitest/browser';

const mounted: HTMLElement[] = [];

/** Creates `<tag>`, assigns `props`, attaches it to the page and waits for its first render. */
export async function mount<T extends LitElement>(
  tag: string,
  props: Record<string, unknown> = {},
): Promise<T> {
  const el = document.createElement(tag) as T;
  Object.assign(el, props);
  document.body.append(el);
  mounted.push(el);
  await settle(el);
  return el;
}

/** Waits until the element has rendered everything pending, including a re-render after a draw error. */
export async function settle(el: LitElement): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const done = await el.updateComplete;
    if (done) return;
  }
}

/** Sets properties and waits for the render. */
export async function update<T extends LitElement>(el: T, props: Record<string, unknown>): Promise<void> {
  Object.assign(el, props);
  await settle(el);
}

export function removeMounted(): void {
  for (const el of mounted.splice(0)) el.remove();
}

export function $<E extends Element = HTMLElement>(el: Element, selector: string): E {
  const found = el.shadowRoot!.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} inside <${el.localName}>`);
  return found;
}

export function $$<E extends Element = HTMLElement>(el: Element, selector: string): E[] {
  return [...el.shadowRoot!.querySelectorAll<E>(selector)];
}

/** Runs axe on the element (shadow DOM included) and fails listing every violation. */
export async function expectAccessible(el: Element): Promise<void> {
  const result = await axe.run(el, { resultTypes: ['violations'] });
  const lines = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(lines, lines.join('\n')).toEqual([]);
}

/** The alert message an element shows for bad input, or null. */
export function alertText(el: Element): string | null {
  return el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
}

/** Saves a screenshot of the element to packages/viz/.screenshots/<name>.png (test files sit two levels down). */
export async function screenshot(el: Element, name: string): Promise<void> {
  await page.screenshot({ element: el, path: `../../.screenshots/${name}.png` });
}

/** Counts non-blank pixels of a canvas, to tell that something was drawn. */
export function inkedPixels(canvas: HTMLCanvasElement): number {
  const ctx = canvas.getContext('2d')!;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let count = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
  return count;
}

/** Sends a key press to an element inside a shadow root. */
export function press(target: Element, key: string): void {
  target.dispatchEvent(
    new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
  );
}
