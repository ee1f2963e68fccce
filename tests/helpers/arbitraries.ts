import fc from 'fast-check';

/**
 * Text a property test feeds an entry: up to `pieces` pieces, each one of `fragments` (the syntax
 * the test is about) or a short random string of at most `pieceLength` characters, joined.
 */
export function trickyText(
  fragments: readonly string[],
  { pieces, pieceLength }: { pieces: number; pieceLength: number },
) {
  return fc
    .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: pieceLength })), { maxLength: pieces })
    .map((parts) => parts.join(''));
}
