/**
 * One page of what a reader may see, from a keyset-paged query some of whose rows are not shown
 * to them: `fetch` answers up to `limit + 1` rows after the given one (from the start when
 * undefined); this fetches on after the last row until `limit` rows are shown and one more is
 * known to follow, or the rows run out. So a page is full whatever is hidden, and its cursor is
 * always a row the reader was shown.
 */
export async function shownPage<R, V>(
  fetch: (after: R | undefined) => Promise<R[]>,
  show: (rows: R[]) => Promise<Array<V | undefined>> | Array<V | undefined>,
  limit: number,
): Promise<{ page: Array<{ row: R; view: V }>; more: boolean }> {
  const shown: Array<{ row: R; view: V }> = [];
  let after: R | undefined;
  for (;;) {
    const rows = await fetch(after);
    const views = await show(rows);
    rows.forEach((row, i) => {
      const view = views[i];
      if (view !== undefined) shown.push({ row, view });
    });
    if (shown.length > limit || rows.length <= limit) break;
    after = rows[rows.length - 1];
  }
  return { page: shown.slice(0, limit), more: shown.length > limit };
}
