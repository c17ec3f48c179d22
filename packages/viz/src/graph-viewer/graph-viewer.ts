import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { define, VizElement } from '../shared/base';
import { formatNumber } from '../shared/scales';
import { checkGraph, gradientsKnown, layoutGraph, type TracedGraph, type TracedNode } from './traced-graph';

const BOX = { w: 128, h: 54, dx: 156, dy: 72, pad: 16 };

/** A short preview of a flat array: the first entries, then how many more. */
export function preview(values: readonly number[], max = 4, digits = 3): string {
  const shown = values.slice(0, max).map((v) => formatNumber(v, digits));
  return values.length === 1
    ? shown[0]
    : `[${shown.join(', ')}${values.length > max ? `, … ${values.length - max} more` : ''}]`;
}

/** What fits inside a node box: up to three entries at two significant digits. */
const boxPreview = (values: readonly number[]) =>
  values.length <= 3
    ? preview(values, 3, 2)
    : `[${values
        .slice(0, 2)
        .map((v) => formatNumber(v, 2))
        .join(', ')}, …]`;
const shapeText = (n: TracedNode) => (n.shape.length ? `[${n.shape.join('×')}]` : 'scalar');
const nodeName = (n: TracedNode) => `${n.op}${n.label ? ` ${n.label}` : ''} (#${n.id})`;

/**
 * `<pl-graph-viewer>`: draws a traced computation graph (core's `traceGraph`) in layers, then
 * steps through it: forward through the nodes showing each value, then backward along
 * `backwardOrder`, highlighting the node whose VJP is applied and showing each gradient once
 * complete. Buttons or arrow keys (Home/End) move; fires `pl-step-change` with `{ step, phase, node }`.
 */
export class GraphViewer extends VizElement {
  static override properties = {
    ...VizElement.properties,
    graph: { attribute: false },
    step: { type: Number },
  };

  declare graph: TracedGraph | undefined;
  /** 0: nothing computed; 1…n: forward through node n; n+1…n+b: backward VJP b applied. */
  declare step: number;

  constructor() {
    super();
    this.graph = undefined;
    this.step = 0;
  }

  protected override validate(): void {
    checkGraph(this.graph, 'graph');
  }

  /** The last step: every forward node plus every backward VJP. */
  get steps(): number {
    return this.graph ? this.graph.nodes.length + (this.graph.backwardOrder?.length ?? 0) : 0;
  }

  private go(step: number): void {
    const next = Math.max(0, Math.min(this.steps, step));
    if (next === this.step) return;
    this.step = next;
    const state = this.state();
    this.emit('pl-step-change', { step: next, phase: state.phase, node: state.current?.id ?? null });
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, number> = {
      ArrowRight: this.step + 1,
      ArrowDown: this.step + 1,
      ArrowLeft: this.step - 1,
      ArrowUp: this.step - 1,
      Home: 0,
      End: this.steps,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.go(moves[event.key]);
  }

  private state() {
    const g = this.graph!;
    const n = g.nodes.length;
    const step = Math.max(0, Math.min(this.steps, this.step));
    const byId = new Map(g.nodes.map((node) => [node.id, node]));
    if (step <= n) {
      const current = step > 0 ? g.nodes[step - 1] : undefined;
      return {
        phase: step === 0 ? 'start' : 'forward',
        step,
        current,
        evaluated: new Set(g.nodes.slice(0, step).map((x) => x.id)),
        known: new Set<number>(),
        byId,
      } as const;
    }
    const k = step - n;
    const current = byId.get(g.backwardOrder![k - 1]);
    return {
      phase: 'backward',
      step,
      current,
      evaluated: new Set(byId.keys()),
      known: gradientsKnown(g, k),
      byId,
    } as const;
  }

  private statusText(): string {
    const g = this.graph!;
    const s = this.state();
    const n = g.nodes.length;
    const b = g.backwardOrder?.length ?? 0;
    if (!s.current)
      return `Ready: ${n} nodes${b ? `, ${b} backward steps` : ''}. Step forward to evaluate the graph.`;
    const c = s.current;
    if (s.phase === 'forward') {
      const from = c.inputs.length ? ` from ${c.inputs.map((i) => `#${i}`).join(', ')}` : '';
      return `Forward ${s.step}/${n}: ${nodeName(c)}${from}${c.value ? ` = ${preview(c.value)}` : ''}.`;
    }
    const grad = c.grad ? ` with gradient ${preview(c.grad)}` : '';
    const to = c.inputs.length ? `, passing gradients to ${c.inputs.map((i) => `#${i}`).join(', ')}` : '';
    return `Backward ${s.step - n}/${b}: applying the VJP of ${nodeName(c)}${grad}${to}.`;
  }

  protected override renderChart(): TemplateResult {
    const g = this.graph!;
    const layout = layoutGraph(g);
    const s = this.state();
    const width = layout.layers * BOX.dx - (BOX.dx - BOX.w) + 2 * BOX.pad;
    const height = layout.maxRows * BOX.dy - (BOX.dy - BOX.h) + 2 * BOX.pad + 14;
    const rowsIn = new Map<number, number>();
    for (const [id, l] of layout.layer) rowsIn.set(l, Math.max(rowsIn.get(l) ?? 0, layout.row.get(id)! + 1));
    const pos = (id: number) => {
      const l = layout.layer.get(id)!;
      const offset = ((layout.maxRows - rowsIn.get(l)!) * BOX.dy) / 2;
      return { x: BOX.pad + l * BOX.dx, y: BOX.pad + 14 + offset + layout.row.get(id)! * BOX.dy };
    };
    const groups = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
    for (const node of g.nodes) {
      if (!node.group) continue;
      const p = pos(node.id);
      const box = groups.get(node.group) ?? { x0: p.x, y0: p.y, x1: p.x + BOX.w, y1: p.y + BOX.h };
      groups.set(node.group, {
        x0: Math.min(box.x0, p.x),
        y0: Math.min(box.y0, p.y),
        x1: Math.max(box.x1, p.x + BOX.w),
        y1: Math.max(box.y1, p.y + BOX.h),
      });
    }
    const cur = s.current?.id;
    const outputs = new Set(g.outputs);
    const name = this.label || 'Computation graph';
    return html`
      <div class="controls" role="group" aria-label="Step through the graph">
        <button @click=${() => this.go(0)} ?disabled=${this.step <= 0}>Start</button>
        <button @click=${() => this.go(this.step - 1)} ?disabled=${this.step <= 0}>◀ Back</button>
        <button @click=${() => this.go(this.step + 1)} ?disabled=${this.step >= this.steps}>Step ▶</button>
        <button @click=${() => this.go(this.steps)} ?disabled=${this.step >= this.steps}>End</button>
        <span class="phase">${s.phase === 'backward' ? 'backward pass' : s.phase === 'forward' ? 'forward pass' : ''}</span>
      </div>
      <div class="scroll" tabindex="0" role="group" @keydown=${this.onKey}
        aria-label=${`${name}: ${g.nodes.length} nodes, step ${this.step} of ${this.steps}. Arrow keys step forward and back.`}>
        <svg width=${width} height=${height} aria-hidden="true">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" class="arrowhead"></path>
            </marker>
            <marker id="arrow-hot" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" class="arrowhead hot"></path>
            </marker>
          </defs>
          ${[...groups].map(
            ([
              label,
              b,
            ]) => svg`<rect class="group" x=${b.x0 - 8} y=${b.y0 - 18} width=${b.x1 - b.x0 + 16} height=${b.y1 - b.y0 + 26} rx="8"></rect>
              <text class="group-label" x=${b.x0 - 2} y=${b.y0 - 6}>${label}</text>`,
          )}
          ${g.nodes.flatMap((node) =>
            node.inputs.map((input) => {
              const a = pos(input);
              const z = pos(node.id);
              const hot = cur === node.id && s.phase !== 'start';
              const back = hot && s.phase === 'backward';
              const [x1, y1, x2, y2] = [a.x + BOX.w, a.y + BOX.h / 2, z.x, z.y + BOX.h / 2];
              const mid = (x1 + x2) / 2;
              return svg`<path class=${`edge${hot ? ' hot' : ''}${back ? ' back' : ''}`} fill="none"
                d=${`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
                marker-end=${back ? nothing : hot ? 'url(#arrow-hot)' : 'url(#arrow)'}
                marker-start=${back ? 'url(#arrow-hot)' : nothing}></path>`;
            }),
          )}
          ${g.nodes.map((node) => {
            const p = pos(node.id);
            const evaluated = s.evaluated.has(node.id);
            const gradKnown = s.known.has(node.id) && node.grad;
            const line3 = gradKnown
              ? `∂ ${boxPreview(node.grad!)}`
              : evaluated && node.value
                ? `= ${boxPreview(node.value)}`
                : '';
            const cls = [
              'node',
              node.op === 'parameter' || node.op === 'input' || node.op === 'constant' ? 'leaf' : '',
              cur === node.id ? 'current' : '',
              evaluated ? 'evaluated' : '',
              gradKnown ? 'has-grad' : '',
              outputs.has(node.id) ? 'output' : '',
            ].join(' ');
            return svg`<g class=${cls}>
              <rect x=${p.x} y=${p.y} width=${BOX.w} height=${BOX.h} rx="6"></rect>
              <text x=${p.x + 8} y=${p.y + 16} class="op">${node.op}${node.label ? svg`<tspan class="label"> ${node.label}</tspan>` : nothing}</text>
              <text x=${p.x + 8} y=${p.y + 31} class="shape">#${node.id} · ${shapeText(node)}</text>
              <text x=${p.x + 8} y=${p.y + 46} class=${gradKnown ? 'grad' : 'value'}>${line3}</text>
            </g>`;
          })}
        </svg>
      </div>
      <div class="status" aria-live="polite">${this.statusText()}</div>
      ${s.current ? this.renderDetail(s.current) : nothing}
      <details class="alt">
        <summary>Graph as a table</summary>
        <table>
          <thead><tr><th scope="col">node</th><th scope="col">op</th><th scope="col">inputs</th><th scope="col">shape</th><th scope="col">value</th><th scope="col">gradient</th></tr></thead>
          <tbody>${g.nodes.map(
            (
              node,
            ) => html`<tr><th scope="row">#${node.id}${node.label ? ` ${node.label}` : ''}</th><td>${node.op}${node.group ? ` (${node.group})` : ''}</td>
              <td>${node.inputs.map((i) => `#${i}`).join(', ') || '—'}</td><td>${shapeText(node)}</td>
              <td>${node.value ? preview(node.value, 6) : '—'}</td><td>${node.grad ? preview(node.grad, 6) : '—'}</td></tr>`,
          )}</tbody>
        </table>
      </details>
    `;
  }

  private renderDetail(node: TracedNode): TemplateResult {
    return html`<dl class="detail">
      <div><dt>node</dt><dd>${nodeName(node)}${node.group ? ` in ${node.group}` : ''}</dd></div>
      <div><dt>shape</dt><dd>${shapeText(node)} ${node.dtype}</dd></div>
      ${node.value ? html`<div><dt>value</dt><dd>${preview(node.value, 8)}</dd></div>` : nothing}
      ${node.grad && this.state().phase === 'backward' ? html`<div><dt>gradient</dt><dd>${preview(node.grad, 8)}</dd></div>` : nothing}
    </dl>`;
  }

  static override styles = [
    ...VizElement.styles,
    css`
      .scroll {
        overflow: auto;
        margin-bottom: 8px;
        max-width: min(100%, 1100px);
        border: 1px solid var(--_grid);
        border-radius: 4px;
      }
      .phase {
        color: var(--_muted);
      }
      svg text {
        fill: var(--_fg);
        font-size: 11px;
      }
      .op {
        font-weight: 600;
        font-size: 12px;
      }
      .label {
        font-weight: 400;
        font-style: italic;
      }
      .shape {
        fill: var(--_muted);
      }
      .node rect {
        fill: var(--_bg);
        stroke: var(--_muted);
        stroke-width: 1.25;
      }
      .node.leaf rect {
        fill: var(--_surface);
      }
      .node.output rect {
        stroke-width: 2.5;
      }
      .node.evaluated rect {
        stroke: var(--_positive);
      }
      .node.has-grad rect {
        stroke: var(--_negative);
        stroke-dasharray: none;
      }
      .node.current rect {
        stroke: var(--_fg);
        stroke-width: 3.5;
      }
      .grad {
        fill: var(--_fg);
        font-weight: 600;
      }
      .edge {
        stroke: var(--_muted);
        stroke-width: 1.25;
      }
      .edge.hot {
        stroke: var(--_positive);
        stroke-width: 2.5;
      }
      .edge.back {
        stroke: var(--_negative);
        stroke-dasharray: 6 3;
      }
      .arrowhead {
        fill: var(--_muted);
      }
      .arrowhead.hot {
        fill: var(--_fg);
      }
      .group {
        fill: none;
        stroke: var(--_accent);
        stroke-dasharray: 5 4;
      }
      .group-label {
        fill: var(--_fg);
        font-style: italic;
      }
      .detail {
        display: grid;
        gap: 2px;
        margin: 4px 0 0;
        font-variant-numeric: tabular-nums;
      }
      .detail div {
        display: flex;
        gap: 8px;
      }
      .detail dt {
        color: var(--_muted);
        min-width: 5em;
      }
      .detail dd {
        margin: 0;
      }
    `,
  ];
}

define('pl-graph-viewer', GraphViewer);

declare global {
  interface HTMLElementTagNameMap {
    'pl-graph-viewer': GraphViewer;
  }
}
