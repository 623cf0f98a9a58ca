// Whether terminal output is coloured: NO_COLOR (any non-empty value) turns colour off, FORCE_COLOR (any value
// but '0' or 'false') turns it on even through a pipe; otherwise colour only on a terminal. https://no-color.org
export function wantsColor(stream: { isTTY?: boolean } | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  return Boolean(stream?.isTTY);
}
