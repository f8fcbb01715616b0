// docs/configuration.md lists every knob of the schema with its default: this keeps the page honest.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../src/core/config/parse.js';

const root = resolve(import.meta.dirname, '../../..');
const doc = readFileSync(resolve(root, 'docs/configuration.md'), 'utf8');

type Node = { properties?: Record<string, Node & { default?: unknown }>; items?: Node };

/** [section title, key, default] for every property of every object in the schema. */
function knobs(node: Node, title: string): [string, string, unknown][] {
  const props = Object.entries(node.properties ?? {});
  return [
    ...props.map(([key, p]): [string, string, unknown] => [title, key, p.default]),
    ...props.flatMap(([key, p]) => {
      const path = title === 'Top level' ? key : `${title}.${key}`;
      if (p.properties) return knobs(p, path);
      if (p.items?.properties) return knobs(p.items, `${path}[]`);
      return [];
    }),
  ];
}

function section(title: string): string {
  const heading = title === 'Top level' ? '### Top level' : `### \`${title}\``;
  const start = doc.indexOf(`${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n#', start + heading.length);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/configuration.md', () => {
  const all = knobs(configJsonSchema() as Node, 'Top level');

  it('covers the whole schema', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  it.each(all)('%s: `%s` is documented with its default', (title, key, dflt) => {
    const row = section(title)
      .split('\n')
      .find((line) => new RegExp(`^\\| \`${key.replace('$', '\\$')}\` +\\|`).test(line));
    expect(row, `${title}.${key}`).toBeDefined();
    if (dflt !== undefined && typeof dflt !== 'object') expect(row).toContain(`\`${JSON.stringify(dflt)}\``);
  });
});
