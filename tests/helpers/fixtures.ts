import { readFileSync } from 'node:fs';

/** Path of a file in tests/fixtures/. */
export const fixturePath = (name: string): string => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** Text of a file in tests/fixtures/. */
export const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');
