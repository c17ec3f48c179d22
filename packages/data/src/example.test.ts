import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickstart } from '../examples/quickstart';

const root = new URL('..', import.meta.url);

describe('the README example', () => {
  it('is examples/quickstart.ts, word for word (with the package import)', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const example = readFileSync(new URL('examples/quickstart.ts', root), 'utf8')
      .replace("from '../src/index';", "from '@plasticity/data';")
      .trimEnd();
    expect(readme).toContain(`\`\`\`ts\n${example}\n\`\`\``);
  });

  it('runs: trains softmax regression on the Iris training split and scores the test split', () => {
    const lines: string[] = [];
    const { testAccuracy } = quickstart((...args) => lines.push(args.join(' ')));
    expect(testAccuracy).toBeGreaterThan(0.85);
    expect(lines[0]).toBe('Iris plants BSD-3-Clause 150 samples');
    expect(lines[1]).toMatch(/^leakage guard: Pipeline.fit\(data\): 30 of these 150 samples/);
    expect(lines).toContain('circle folds 160/40 160/40 160/40 160/40 160/40');
    expect(lines).toContain('csv columns height:number, label:category');
  });
});
