/** A copy of the set with `x` taken out when it is in, put in when it is not (for check-box selections in state). */
export function toggled<T>(s: Set<T>, x: T): Set<T> {
  const n = new Set(s);
  if (n.has(x)) n.delete(x);
  else n.add(x);
  return n;
}
