import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { removeEntry, writeEntry } from '../../../scripts/lib/entry-files.ts';
import { digestOf } from '../../../src/lib/render/cache.ts';

describe('writeEntry and removeEntry', () => {
  let root: string;
  const path = 'content/papers/2025/03/04/a.mdx';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'paperboy-entries-'));
    await mkdir(join(root, 'content/papers/2025/03/04'), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  test('write a new entry only where there is none', async () => {
    expect(writeEntry(root, path, 'first', undefined)).toBe(true);
    expect(writeEntry(root, path, 'second', undefined)).toBe(false);
    expect(await readFile(join(root, path), 'utf8')).toBe('first');
  });

  test('keep a note saved after the plan read the file', async () => {
    await writeFile(join(root, path), 'as read');
    const read = digestOf('as read');
    await writeFile(join(root, path), 'as read\n## Notes\n\nTyped meanwhile.\n');
    expect(writeEntry(root, path, 'the import’s update', read)).toBe(false);
    expect(removeEntry(root, path, read)).toBe(false);
    expect(await readFile(join(root, path), 'utf8')).toContain('Typed meanwhile.');
  });

  test('leave no temporary file behind, whatever happens', async () => {
    await writeFile(join(root, path), 'as read');
    writeEntry(root, path, 'updated', digestOf('as read'));
    writeEntry(root, path, 'not written', digestOf('something else'));
    expect(await readdir(join(root, 'content/papers/2025/03/04'))).toEqual(['a.mdx']);
    expect(await readFile(join(root, path), 'utf8')).toBe('updated');
  });

  test('never write outside content/papers', () => {
    expect(() => writeEntry(root, 'content/elsewhere.mdx', 'x', undefined)).toThrow(
      'refusing to write outside content/papers',
    );
  });
});
