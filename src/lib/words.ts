/**
 * A count with its noun, singular or plural.
 * @example plural(1, 'paper') // '1 paper'
 * @example plural(3, 'paper') // '3 papers'
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
