// What identifies a page by its address: the canonical URL without tracking parameters, fragment, www. or a
// trailing slash. Intake's duplicate check and the index's unique article key (store/articles.ts) share it.

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|ref|ref_src|smid|at_medium|at_campaign)$/i;

/** A URL reduced to what identifies the page. */
export function urlKey(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    url.hash = '';
    url.hostname = url.hostname.toLowerCase().replace(/^www\./, '');
    for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
    url.searchParams.sort();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${path}${url.search}`;
  } catch {
    return null;
  }
}
