/** A seeded xorshift32 generator of numbers in [0, 1): the trainers' only randomness, so a seed fixes a training run. */
export function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/** Fisher–Yates shuffle of `rows` in place, drawing from `rand`. */
export function shuffle<T>(rows: T[], rand: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
}
