// Array.prototype.map called from optimised code returns a holey array (V8 allocates it at full length first), while
// arrays from literals and push are packed: two hidden classes for one kind of array, and the code reading both
// deoptimises on 'wrong map' and is compiled again. mapPacked always returns a packed array.

/** `a.map(f)`, as a packed array (see above). */
export function mapPacked<T, U>(a: readonly T[], f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < a.length; i++) out.push(f(a[i]!, i));
  return out;
}
