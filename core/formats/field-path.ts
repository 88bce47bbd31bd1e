/**
 * How errors and warnings name a field: the way a client reads its own JSON,
 * `messages[2].content[0].type`. One renderer for every codec, so a field is named the same
 * whichever format the client speaks.
 */

/** `base` followed by `segments`: numbers as `[n]`, names joined with '.'. */
export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

/** A path from the top of the body; the body itself is `body`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return joinPath('', path) || 'body';
}
