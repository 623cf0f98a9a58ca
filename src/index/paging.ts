// Keyset paging over a two-part sort key (k0, k1): SQL for a page in either direction, and the Page around it.
import { decodeCursor, encodeCursor, queryTag, type Cursor, type KeyPart } from './cursor.ts';
import type { Page, PageRequest } from './types.ts';

export const MAX_PAGE_SIZE = 100;

export interface KeyedRow {
  k0: KeyPart;
  k1: KeyPart;
}

export interface PagePlan {
  limit: number;
  tag: string;
  cursor: Cursor | null;
}

export function planPage(page: PageRequest, query: unknown): PagePlan {
  const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(Number(page.limit)) || 1));
  const tag = queryTag(query);
  return { limit, tag, cursor: decodeCursor(page.cursor, tag, 2) };
}

/**
 * Wraps `inner` (a SELECT yielding columns k0, k1 and whatever else) with the keyset condition and order.
 * `descending`: the result's order is k0 DESC, k1 DESC (else ascending). Fetches one row extra.
 */
export function keysetSql(inner: string, descending: boolean, plan: PagePlan): { sql: string; params: Record<string, KeyPart> } {
  const { cursor } = plan;
  const forward = !cursor || cursor.dir === 'n';
  const ascending = descending ? !forward : forward;
  const where = cursor ? `WHERE (k0, k1) ${(cursor.dir === 'n') === descending ? '<' : '>'} (@c0, @c1)` : '';
  const order = ascending ? 'k0 ASC, k1 ASC' : 'k0 DESC, k1 DESC';
  const params: Record<string, KeyPart> = cursor ? { c0: cursor.key[0]!, c1: cursor.key[1]! } : {};
  return { sql: `SELECT * FROM (${inner}) ${where} ORDER BY ${order} LIMIT ${plan.limit + 1}`, params };
}

/** Rows as fetched by keysetSql -> the page's rows in display order, offset and cursors. */
export function finishPage<R extends KeyedRow, T>(
  fetched: R[],
  plan: PagePlan,
  total: number,
  toItem: (rows: R[]) => T[],
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
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    items: toItem(rows),
    total,
    offset,
    nextCursor: hasNext && last ? encodeCursor({ dir: 'n', offset: offset + rows.length, key: [last.k0, last.k1] }, tag) : null,
    prevCursor: hasPrev && first ? encodeCursor({ dir: 'p', offset, key: [first.k0, first.k1] }, tag) : null,
  };
}

/** The same paging over rows already in memory and sorted (for short lists such as speakers). */
export function pageArray<T>(sorted: T[], keyOf: (item: T) => [KeyPart, KeyPart], plan: PagePlan): Page<T> {
  const keyed = sorted.map((item) => ({ item, key: keyOf(item) }));
  const { cursor, limit } = plan;
  let rows: typeof keyed;
  if (!cursor) {
    rows = keyed.slice(0, limit + 1);
  } else {
    const at = keyed.findIndex((k) => k.key[0] === cursor.key[0] && k.key[1] === cursor.key[1]);
    if (at < 0) rows = keyed.slice(0, limit + 1);
    else if (cursor.dir === 'n') rows = keyed.slice(at + 1, at + 2 + limit);
    else rows = keyed.slice(Math.max(0, at - limit - 1), at).reverse();
  }
  const usable = cursor && keyed.some((k) => k.key[0] === cursor.key[0] && k.key[1] === cursor.key[1]) ? plan : { ...plan, cursor: null };
  return finishPage(
    rows.map((r) => ({ k0: r.key[0], k1: r.key[1], item: r.item })),
    usable,
    sorted.length,
    (page) => page.map((r) => r.item),
  );
}
