import { accessSync, constants, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  needs?: string;
  container?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const daily = parse(read('.github/workflows/daily.yml')) as Workflow;
const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

/** Commands a runner has besides the repository's own: the shell's and git. */
const RUNNER_TOOLS = new Set(['git', 'echo', 'test', 'date']);

/**
 * Every command a workflow's steps run, as `[program, ...arguments]`: each line of a `run`, split at
 * `&&` and `||`, with `$(…)` substitutions taken as commands of their own.
 */
function commands(workflow: Workflow): string[][] {
  const lines = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .flatMap((step) => (step.run ?? '').split('\n'));
  const substituted = lines.flatMap((line) => [...line.matchAll(/\$\(([^)]*)\)/g)].map((match) => match[1]!));
  return [...lines.map((line) => line.replace(/\$\([^)]*\)/g, 'x')), ...substituted]
    .flatMap((line) => line.split(/&&|\|\|/))
    .map((command) => command.trim().split(/\s+/))
    .filter((words) => words[0] !== '' && !words[0]!.startsWith('#'));
}

/** Why a command cannot run in this repository, or undefined when it can. */
function missing([program, ...args]: string[]): string | undefined {
  if (program === 'npm') {
    const [verb, name] = args;
    if (verb === 'ci' || verb === 'test') return undefined;
    if (verb === 'run') return name && Object.hasOwn(scripts, name) ? undefined : `no npm script "${name}"`;
    return `npm ${verb}: not a command the project uses`;
  }
  if (program!.startsWith('.') || program!.includes('/')) {
    try {
      accessSync(new URL(program!, root), constants.X_OK);
      return undefined;
    } catch {
      return `${program}: not an executable file of the repository`;
    }
  }
  return RUNNER_TOOLS.has(program!) ? undefined : `${program}: not a command a runner has`;
}

describe('the workflows', () => {
  test('run only commands that exist: npm scripts of package.json, the repository’s own files, git', () => {
    for (const workflow of [daily, ci]) {
      const problems = commands(workflow).flatMap((command) => missing(command) ?? []);
      expect(problems).toEqual([]);
    }
    // The check is not vacuous: it finds a script that is not there.
    expect(missing(['npm', 'run', 'no-such-script'])).toBe('no npm script "no-such-script"');
  });

  test('give each job only the permissions it needs', () => {
    expect(daily.permissions).toEqual({});
    expect(daily.jobs['build']!.permissions).toEqual({ contents: 'write', pages: 'read' });
    expect(daily.jobs['deploy']!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(ci.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(ci.jobs)) expect(job.permissions).toBeUndefined();
  });
});

describe('the CI workflow', () => {
  test('runs on every push and pull request what CI runs on a clean clone, with Debian’s Chromium', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const [job] = Object.values(ci.jobs);
    expect(job!.container).toMatch(/^node:22-bookworm/);
    expect(job!.steps.map((step) => step.run ?? step.uses)).toEqual([
      expect.stringMatching(/^actions\/checkout@/),
      '.ci/run',
    ]);
    // .ci/run installs Debian's chromium when it is missing, and runs the README's checks.
    const run = read('.ci/run');
    expect(run).toMatch(/apt-get install -y -qq chromium/);
    for (const check of ['npm ci', 'npm run typecheck', 'npm run format:check', 'npm test', 'npm run test:e2e']) {
      expect(run).toContain(check);
    }
  });
});

describe('the daily workflow', () => {
  const steps = daily.jobs['build']!.steps;
  const indexOf = (match: (step: Step) => boolean) => steps.findIndex(match);

  test('runs on a daily schedule and by hand', () => {
    const schedule = daily.on['schedule'] as { cron: string }[];
    expect(schedule.map((entry) => entry.cron)).toEqual([expect.stringMatching(/^\d+ \d+ \* \* \*$/)]);
    expect(daily.on).toHaveProperty('workflow_dispatch');
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
    expect(daily.jobs['deploy']!.needs).toBe('build');
    expect(daily.jobs['deploy']!.steps.map((step) => step.uses)).toEqual([
      expect.stringMatching(/^actions\/deploy-pages@/),
    ]);
  });
});
