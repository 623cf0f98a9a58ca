// Keyset paging: SQL for a page in either direction after or before a cursor's key, and the Page around it.
// A sort key has one or two parts (k0, k1); cursors may carry extra parts a query needs to stay stable.
import { decodeCursor, encodeCursor, queryTag, type Cursor, type KeyPart } from './cursor.ts';
import type { Page, PageRequest } from './types.ts';

export const MAX_PAGE_SIZE = 100;

export interface KeyedRow {
  k0: KeyPart;
  k1?: KeyPart;
}

export interface PagePlan {
  limit: number;
  tag: string;
  cursor: Cursor | null;
}

/** `keyLength`: sort-key parts plus extra parts the cursor carries. */
export function planPage(page: PageRequest, query: unknown, keyLength = 2): PagePlan {
  const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(Number(page.limit)) || 1));
  const tag = queryTag(query);
  return { limit, tag, cursor: decodeCursor(page.cursor, tag, keyLength) };
}

export interface KeysetQuery {
  /** Must yield k0 (and k1 for two-part keys). */
  select: string;
  from: string;
  where: string[];
  /** SQL expressions of the key parts, in sort order. */
  keys: [string] | [string, string];
  /** Result order: keys descending (else ascending). */
  descending: boolean;
  /** Wrap in a subquery and compare on k0/k1 (needed when a key is computed, such as a rank). */
  wrap?: boolean;
}

/** The page's SQL: keyset condition from the cursor, order for its direction, one row extra. */
/**
 * better-sqlite3 binds every JS number as REAL; FTS5 ignores (and mishandles) REAL rowid constraints, so
 * integers go in as BigInt.
 */
export function sqlValue(value: KeyPart): KeyPart | bigint {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

export function keysetSql(
  query: KeysetQuery,
  plan: PagePlan,
): { sql: string; params: Record<string, KeyPart | bigint>; /** The same order over the selected k0 (, k1). */ keyOrder: string } {
  const { cursor } = plan;
  const forward = !cursor || cursor.dir === 'n';
  const ascending = query.descending ? !forward : forward;
  const keys = query.wrap ? query.keys.map((_, i) => `k${i}`) : query.keys;
  const params: Record<string, KeyPart | bigint> = {};
  let condition: string | null = null;
  if (cursor) {
    const op = (cursor.dir === 'n') === query.descending ? '<' : '>';
    const names = keys.map((_, i) => `@c${i}`);
    keys.forEach((_, i) => (params[`c${i}`] = sqlValue(cursor.key[i]!)));
    condition = keys.length === 1 ? `${keys[0]} ${op} ${names[0]}` : `(${keys.join(', ')}) ${op} (${names.join(', ')})`;
  }
  const order = keys.map((k) => `${k} ${ascending ? 'ASC' : 'DESC'}`).join(', ');
  const limit = `LIMIT ${plan.limit + 1}`;
  const keyOrder = query.keys.map((_, i) => `k${i} ${ascending ? 'ASC' : 'DESC'}`).join(', ');
  const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
  if (query.wrap) {
    const inner = `SELECT ${query.select} FROM ${query.from} ${where(query.where)}`;
    return { sql: `SELECT * FROM (${inner}) AS keyed ${where(condition ? [condition] : [])} ORDER BY ${order} ${limit}`, params, keyOrder };
  }
  return {
    sql: `SELECT ${query.select} FROM ${query.from} ${where(condition ? [...query.where, condition] : query.where)} ORDER BY ${order} ${limit}`,
    params,
    keyOrder,
  };
}

/** Rows as fetched by keysetSql -> the page's rows in display order, offset and cursors. */
export function finishPage<R extends KeyedRow, T>(
  fetched: R[],
  plan: PagePlan,
  total: number,
  toItem: (rows: R[]) => T[],
  extraKey: KeyPart[] = [],
): Page<T> {
  const { cursor, limit, tag } = plan;
  const more = fetched.length > limit;
  const rows = fetched.slice(0, limit);
  let offset: number;
  let hasNext: boolean;
  let hasPrev: boolean;
  if (cursor?.dir === 'p') {
    rows.reverse();
    offset = more ? Math.max(0, cursor.offset - rows.length) : 0;
    hasPrev = more;
    hasNext = rows.length > 0;
  } else {
    offset = cursor ? cursor.offset : 0;
    hasNext = more;
    hasPrev = offset > 0;
  }
  const keyOf = (r: R) => [r.k0, ...(r.k1 === undefined ? [] : [r.k1]), ...extraKey];
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    items: toItem(rows),
    total,
    offset,
    nextCursor: hasNext && last ? encodeCursor({ dir: 'n', offset: offset + rows.length, key: keyOf(last) }, tag) : null,
    prevCursor: hasPrev && first ? encodeCursor({ dir: 'p', offset, key: keyOf(first) }, tag) : null,
  };
}

/** The same paging over rows already in memory and sorted (for short lists such as speakers). */
export function pageArray<T>(sorted: T[], keyOf: (item: T) => [KeyPart, KeyPart], plan: PagePlan): Page<T> {
  const keyed = sorted.map((item) => ({ item, key: keyOf(item) }));
  const { cursor, limit } = plan;
  const at = cursor ? keyed.findIndex((k) => k.key[0] === cursor.key[0] && k.key[1] === cursor.key[1]) : -1;
  let rows: typeof keyed;
  if (at < 0) rows = keyed.slice(0, limit + 1);
  else if (cursor!.dir === 'n') rows = keyed.slice(at + 1, at + 2 + limit);
  else rows = keyed.slice(Math.max(0, at - limit - 1), at).reverse();
  return finishPage(
    rows.map((r) => ({ k0: r.key[0], k1: r.key[1], item: r.item })),
    at < 0 ? { ...plan, cursor: null } : plan,
    sorted.length,
    (page) => page.map((r) => r.item),
  );
}
