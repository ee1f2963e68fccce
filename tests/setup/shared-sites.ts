/**
 * The build tests' global setup: a folder for this run's shared sites (tests/helpers/shared-sites.ts
 * builds each there when a test file first asks for it), handed to the test files, and removed
 * when they are done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'paperboy-shared-sites-'));
  project.provide('sharedSitesDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
