/**
 * A count with its noun, singular or plural, the count in thousands as English writes it.
 * @example plural(1, 'paper') // '1 paper'
 * @example plural(2832, 'author') // '2,832 authors'
 */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
}
