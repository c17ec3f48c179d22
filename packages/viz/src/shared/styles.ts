import { css, unsafeCSS } from 'lit';

// The private --_* variables are what components read; each falls back from the public --pl-* one.
const light = unsafeCSS(`
  --_fg: var(--pl-fg, #1b1b1f);
  --_bg: var(--pl-bg, #ffffff);
  --_muted: var(--pl-muted, #5b5f66);
  --_grid: var(--pl-grid, #e3e3e8);
  --_positive: var(--pl-positive, #0072B2);
  --_negative: var(--pl-negative, #D55E00);
  --_accent: var(--pl-accent, #009E73);
  --_focus: var(--pl-focus, #0a58ca);
  --_surface: var(--pl-surface, #f4f4f7);
  --_s0: var(--pl-series-1, #0072B2);
  --_s1: var(--pl-series-2, #E69F00);
  --_s2: var(--pl-series-3, #009E73);
  --_s3: var(--pl-series-4, #CC79A7);
  --_s4: var(--pl-series-5, #56B4E9);
  --_s5: var(--pl-series-6, #D55E00);
`);
const dark = unsafeCSS(`
  --_fg: var(--pl-fg, #ececf1);
  --_bg: var(--pl-bg, #17171c);
  --_muted: var(--pl-muted, #a5a8b2);
  --_grid: var(--pl-grid, #34343d);
  --_positive: var(--pl-positive, #56B4E9);
  --_negative: var(--pl-negative, #E69F00);
  --_accent: var(--pl-accent, #2fbf94);
  --_focus: var(--pl-focus, #8ab4ff);
  --_surface: var(--pl-surface, #24242b);
  --_s0: var(--pl-series-1, #56B4E9);
  --_s1: var(--pl-series-2, #E69F00);
  --_s2: var(--pl-series-3, #2fbf94);
  --_s3: var(--pl-series-4, #CC79A7);
  --_s4: var(--pl-series-5, #F0E442);
  --_s5: var(--pl-series-6, #D55E00);
`);

/**
 * Theme and shared pieces for every component. Light and dark follow `prefers-color-scheme`
 * unless the `theme` attribute forces one; any `--pl-*` custom property overrides a colour.
 */
export const baseStyles = css`
  :host {
    ${light}
    display: block;
    box-sizing: border-box;
    width: fit-content;
    max-width: 100%;
    color: var(--_fg);
    background: var(--_bg);
    font: 13px/1.4 var(--pl-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    padding: var(--pl-padding, 8px);
    border-radius: var(--pl-radius, 6px);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .title {
    font-weight: 600;
    margin: 0 0 6px;
    font-size: 14px;
  }
  .message {
    border: 2px solid var(--_negative);
    border-radius: 4px;
    padding: 10px 12px;
    background: var(--_surface);
    max-width: 60ch;
  }
  .message strong {
    display: block;
    margin-bottom: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  canvas,
  svg {
    display: block;
    max-width: 100%;
  }
  [tabindex]:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button,
  select {
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: 4px;
    padding: 3px 9px;
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    background: var(--_fg);
    color: var(--_bg);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  input[type='range'] {
    accent-color: var(--_positive);
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
    margin: 6px 0;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    margin: 6px 0 0;
    padding: 0;
    list-style: none;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .status {
    min-height: 1.4em;
    color: var(--_fg);
    font-variant-numeric: tabular-nums;
  }
  details.alt {
    margin-top: 6px;
  }
  details.alt summary {
    cursor: pointer;
    color: var(--_muted);
    width: max-content;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    margin-top: 4px;
  }
  th,
  td {
    border: 1px solid var(--_grid);
    padding: 2px 6px;
    text-align: right;
  }
  th {
    font-weight: 600;
  }
  th[scope='row'] {
    text-align: left;
  }
`;
