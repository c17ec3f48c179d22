/// <reference types="vite/client" />
import { type LitElement, render } from 'lit';
import { describe, expect, it } from 'vitest';
import { alertText, expectAccessible, screenshot, settle } from '../test-support/harness';

type StoryFn = (args: Record<string, unknown>, context: Record<string, unknown>) => unknown;
interface StoryModule {
  default: { title: string; args?: Record<string, unknown>; render?: StoryFn };
  [name: string]: unknown;
}

// Every story beside every component, rendered the way Storybook does: meta args, then story args.
const modules = import.meta.glob<StoryModule>('../**/*.stories.ts', { eager: true });
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

describe('every story renders in Chromium', () => {
  it('finds the stories of every component', () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(12);
  });

  for (const [path, mod] of Object.entries(modules)) {
    const meta = mod.default;
    describe(meta.title, () => {
      for (const [name, story] of Object.entries(mod)) {
        if (name === 'default') continue;
        it(name, async () => {
          const { args: storyArgs, render: storyRender } = story as {
            args?: Record<string, unknown>;
            render?: StoryFn;
          };
          const args = { ...meta.args, ...storyArgs };
          const renderStory = storyRender ?? meta.render;
          expect(renderStory, `${path} ${name} has no render function`).toBeTypeOf('function');
          const container = document.createElement('div');
          container.style.cssText = 'display: inline-block; padding: 4px;';
          document.body.append(container);
          try {
            const result = renderStory!(args, { args, id: slug(`${meta.title}-${name}`), name });
            if (result instanceof Node) container.append(result);
            else render(result, container);
            const elements = [...container.querySelectorAll<LitElement>('*')].filter((e) =>
              e.localName.startsWith('pl-'),
            );
            expect(elements.length).toBeGreaterThan(0);
            for (const el of elements) await settle(el);
            const alerts = elements.map(alertText);
            if (name === 'BadInput') {
              expect(alerts[0]).toMatch(/^Cannot draw this chart pl-[a-z-]+\(.+\): expected /);
            } else {
              expect(alerts).toEqual(elements.map(() => null));
            }
            await expectAccessible(container);
            await screenshot(container, `story--${slug(meta.title)}--${slug(name)}`);
          } finally {
            container.remove();
          }
        });
      }
    });
  }
});
