import { readFileSync } from 'node:fs';
import * as core from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import * as metrics from './index';

/**
 * Runs every ```ts block of the README: imports become lookups on the real modules, and the lines the
 * block prints must match its `// → …` comments, in order.
 */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

function runnable(code: string): string {
  return code.replace(
    /import\s*\{([^}]*)\}\s*from\s*'@plasticity\/(metrics|core)';/g,
    (_, names: string, pkg: string) => {
      const list = names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .join(', ');
      return `const { ${list} } = ${pkg === 'metrics' ? '__metrics' : '__core'};`;
    },
  );
}

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  blocks.forEach((code, i) => {
    it(`block ${i + 1} runs and prints what its comments say`, () => {
      const printed: string[] = [];
      const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(' ')) };
      const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1].trim());
      new Function('__metrics', '__core', 'console', runnable(code))(metrics, core, fakeConsole);
      expect(printed).toEqual(expected);
    });
  });
});
