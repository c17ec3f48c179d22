#!/usr/bin/env node
// Scaffolds packages/<name> with the repository's conventions: `pnpm new:package <name> "<description>"`.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [name, description = `@plasticity/${process.argv[2]}`] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error(
    'new:package: expected a package name in kebab-case, e.g. `pnpm new:package xai "Attribution methods"`',
  );
  process.exit(1);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'packages', name);
if (existsSync(dir)) {
  console.error(`new:package: packages/${name} already exists`);
  process.exit(1);
}
const pkg = `@plasticity/${name}`;
const files = {
  'package.json': `${JSON.stringify(
    {
      name: pkg,
      version: '0.0.0',
      description,
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      files: ['dist', 'src', '!src/**/*.test.ts'],
      exports: {
        '.': {
          types: './dist/index.d.ts',
          '@plasticity/source': './src/index.ts',
          default: './dist/index.js',
        },
        './package.json': './package.json',
      },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      scripts: {
        build: 'tsup',
        'lint:package': 'publint --strict --pack npm && attw --pack . --profile esm-only',
      },
      peerDependencies: { '@plasticity/core': 'workspace:^' },
      devDependencies: { '@plasticity/core': 'workspace:*' },
      repository: {
        type: 'git',
        url: 'https://example.invalid/plasticity.git',
        directory: `packages/${name}`,
      },
    },
    null,
    2,
  )}\n`,
  'tsup.config.ts':
    "import { packageBuild } from '../../tsup.config.base';\nexport default packageBuild();\n",
  'vitest.config.ts': `import { defineProject, mergeConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared';

export default mergeConfig(
  sourceConditions,
  defineProject({ test: { name: '${name}', include: ['src/**/*.test.ts'], environment: 'node' } }),
);
`,
  'src/index.ts': `/**
 * ${pkg} — ${description}
 * @packageDocumentation
 */
export { version } from './version';
`,
  'src/version.ts': `/** The package's name, for diagnostics. */
export const version = '${pkg}@0.0.0';
`,
  'src/version.test.ts': `import { expect, it } from 'vitest';
import { version } from './version';

it('names the package', () => {
  expect(version).toContain('${pkg}');
});
`,
  'README.md': `# ${pkg}\n\n${description}\n\n\`\`\`ts\nimport { version } from '${pkg}';\nconsole.log(version);\n\`\`\`\n`,
};
for (const [file, text] of Object.entries(files)) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
writeFileSync(
  join(root, '.changeset', `${name}-initial.md`),
  `---\n"${pkg}": minor\n---\n\nFirst release of ${pkg}: ${description}.\n`,
);
console.log(
  `Created packages/${name} and .changeset/${name}-initial.md. Next: pnpm install, then write src/.`,
);
