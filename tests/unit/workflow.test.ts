import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
const workflow = parse(readFileSync(new URL('../../.github/workflows/daily.yml', import.meta.url), 'utf8')) as {
  on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  jobs: { build: { steps: Step[] }; deploy: { needs: string; steps: Step[] } };
};
const scripts = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;
const steps = workflow.jobs.build.steps;
const indexOf = (match: (step: Step) => boolean) => steps.findIndex(match);

describe('the daily workflow', () => {
  test('runs on a daily schedule and by hand', () => {
    expect(workflow.on.schedule.map((entry) => entry.cron)).toEqual([expect.stringMatching(/^\d+ \d+ \* \* \*$/)]);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
  });

  test('calls only npm scripts that exist', () => {
    const called = steps.flatMap((step) => [...(step.run ?? '').matchAll(/npm run (\S+)/g)].map((match) => match[1]!));
    expect(called).toEqual(expect.arrayContaining(['fetch', 'build']));
    for (const name of called) expect(scripts, name).toHaveProperty(name);
  });

  test('fetches, restores the caches, builds, uploads dist/ and commits back, in that order', () => {
    const order = [
      indexOf((step) => step.uses?.startsWith('actions/setup-node') === true),
      indexOf((step) => step.run === 'npm ci'),
      indexOf((step) => step.run?.startsWith('npm run fetch -- hf') === true),
      indexOf((step) => step.uses?.startsWith('actions/cache') === true),
      indexOf((step) => step.run?.startsWith('npm run build -- --max-age') === true),
      indexOf((step) => step.uses?.startsWith('actions/upload-pages-artifact') === true),
      indexOf((step) => step.run?.includes('git commit') === true),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps[order[0]!]!.with!['node-version']).toBe(22);
    // The caches the README names, and the site's address from the Pages settings.
    expect(steps[order[3]!]!.with!['path']).toBe('.cache');
    expect(Object.keys(steps[order[4]!]!.env!)).toEqual(['SITE_URL', 'BASE_PATH']);
    expect(steps[order[5]!]!.with!['path']).toBe('dist');
    expect(workflow.jobs.deploy.needs).toBe('build');
    expect(workflow.jobs.deploy.steps.map((step) => step.uses)).toEqual([
      expect.stringMatching(/^actions\/deploy-pages@/),
    ]);
  });
});
