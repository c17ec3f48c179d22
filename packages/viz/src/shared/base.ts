import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { baseStyles } from './styles';
import { InputError, messageOf } from './validate';

/** Resolves on the next animation frame (at once where there is none, e.g. a hidden page). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function') return resolve();
    requestAnimationFrame(() => resolve());
  });
}

/**
 * What every chart shares: a `label`, a `theme` attribute, input validation that renders a message
 * (role="alert") in place instead of throwing, and rendering coalesced to one per animation frame,
 * so a training loop that sets properties hundreds of times a second costs one draw per frame.
 */
export abstract class VizElement extends LitElement {
  static override styles = [baseStyles];
  static override properties = {
    label: { type: String },
    theme: { type: String, reflect: true },
    drawProblem: { state: true },
  };

  /** Accessible name and visible title of the chart. */
  declare label: string;
  /** `'light'` or `'dark'` forces a theme; unset follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined;
  declare protected drawProblem: string | null;
  /** The message shown for the current input, or null when the input is valid. */
  problem: string | null = null;

  constructor() {
    super();
    this.label = '';
    this.drawProblem = null;
  }

  /** Throws an InputError describing the first thing wrong with the properties. */
  protected abstract validate(): void;
  /** The chart itself, called only with valid input. */
  protected abstract renderChart(): TemplateResult;
  /** Canvas drawing after the DOM is in place; only called with valid input. */
  protected draw(): void {}

  private lastRender = Number.NEGATIVE_INFINITY;

  /**
   * Renders at once (Lit's microtask) unless this element already rendered less than ~a frame ago;
   * then waits for the next animation frame. A producer that updates once per frame gets a render
   * each frame with no delay, and one that updates a thousand times a frame still gets one.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (performance.now() - this.lastRender < 12) await nextFrame();
    this.lastRender = performance.now();
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.size > (changed.has('drawProblem') ? 1 : 0)) this.drawProblem = null;
  }

  protected override render(): TemplateResult {
    let problem = this.drawProblem;
    let chart: TemplateResult | undefined;
    if (!problem) {
      try {
        this.validate();
        chart = this.renderChart();
      } catch (error) {
        problem =
          error instanceof InputError
            ? `${this.localName}(${error.where}): ${error.detail}`
            : `${this.localName}: ${messageOf(error)}`;
      }
    }
    this.problem = problem;
    return html`${this.label ? html`<div class="title">${this.label}</div>` : nothing}${
      problem
        ? html`<div class="message" role="alert"><strong>Cannot draw this chart</strong> ${problem}</div>`
        : chart
    }`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.problem) return;
    try {
      this.draw();
    } catch (error) {
      this.drawProblem = `${this.localName}: could not draw: ${messageOf(error)}`;
    }
  }

  /** Dispatches a bubbling, composed CustomEvent. */
  protected emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  protected get tag(): string {
    return this.localName;
  }
}

/** Registers a custom element once, so importing a module twice (or two copies) does not throw. */
export function define(name: string, elementClass: CustomElementConstructor): void {
  if (typeof customElements !== 'undefined' && !customElements.get(name))
    customElements.define(name, elementClass);
}

/** Arrow/Home/End/Page keys as a step delta on [0, count), or null for other keys. */
export function keyStep(event: KeyboardEvent, index: number, count: number, page = 10): number | null {
  const last = count - 1;
  switch (event.key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return Math.min(last, index + 1);
    case 'ArrowLeft':
    case 'ArrowDown':
      return Math.max(0, index - 1);
    case 'PageUp':
      return Math.min(last, index + page);
    case 'PageDown':
      return Math.max(0, index - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
