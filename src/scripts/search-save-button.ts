/**
 * Save buttons for the papers a script draws, such as search results: kept apart from
 * reading-list.ts so that paper and day pages, which load that, do not load this too.
 */
import type { SaveButtonPaper } from '../lib/reading-list.ts';
import { savedPapers } from './reading-list.ts';
import { buttonData } from './save-button.ts';

/**
 * A Save button for a paper, as HTML, pressed if the paper is saved: a copy of the SaveButton the
 * page holds in a `<template>`, so that it looks and works like every other (reading-list.ts,
 * loaded with this module, handles its clicks). The id defaults to the permalink's last part.
 * Empty on a page with no such template.
 * @example `<li>…${saveButtonFor({ url: result.url, titleHtml, authors: meta['authors'], day: meta['date'] ?? '' })}</li>`
 */
export function saveButtonFor(paper: Omit<SaveButtonPaper, 'id'> & { id?: string | undefined }): string {
  const model = [...document.querySelectorAll('template')]
    .map((template) => template.content.querySelector('[data-save]'))
    .find(Boolean);
  if (!model) return '';
  const id = paper.id ?? paper.url.split('/').at(-2) ?? '';
  const button = model.cloneNode(true) as HTMLElement;
  Object.assign(button.dataset, buttonData({ ...paper, id }));
  button.setAttribute('aria-pressed', String(savedPapers().some((saved) => saved.id === id)));
  return button.outerHTML;
}
