// Wording of the reasons a statement carries when nobody is named for it.
const COUNTS = ['', 'one', 'two', 'three', 'four', 'five'];

export const unattributedReason = (candidates: readonly string[]): string =>
  `${COUNTS[candidates.length] ?? candidates.length} candidates: ${candidates.join(', ')}`;
