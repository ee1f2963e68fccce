import { mkdirSync } from 'node:fs';

/** Where browser tests save screenshots for review (git-ignored). */
export const SCREENSHOTS = new URL('../e2e/screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });
