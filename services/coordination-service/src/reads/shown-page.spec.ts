import { shownPage } from './shown-page';

// Rows 1..n in order; a fetch answers up to limit + 1 rows after the given one, as the queries do.
const rows = Array.from({ length: 10 }, (_, i) => i + 1);
const fetcher =
  (limit: number, calls: number[] = []) =>
  (after: number | undefined) => {
    calls.push(after ?? 0);
    return Promise.resolve(rows.filter((row) => row > (after ?? 0)).slice(0, limit + 1));
  };
const showEven = (page: number[]) => page.map((row) => (row % 2 === 0 ? `row ${row}` : undefined));

describe('a page of what the reader may see', () => {
  it('given nothing hidden, when paged, then one fetch and the next row known to follow', async () => {
    const calls: number[] = [];
    const { page, more } = await shownPage(fetcher(3, calls), (page) => page.map(String), 3);
    expect([page.map((p) => p.row), more, calls]).toEqual([[1, 2, 3], true, [0]]);
  });

  it('given hidden rows, when paged, then it fetches on until the page is full', async () => {
    const { page, more } = await shownPage(fetcher(3), showEven, 3);
    expect(page).toEqual([
      { row: 2, view: 'row 2' },
      { row: 4, view: 'row 4' },
      { row: 6, view: 'row 6' },
    ]);
    expect(more).toBe(true);
  });

  it('given hidden rows at the end, when the rows run out, then no more is promised', async () => {
    const { page, more } = await shownPage(
      fetcher(4),
      (page) => page.map((row) => (row <= 2 ? row : undefined)),
      4,
    );
    expect([page.map((p) => p.view), more]).toEqual([[1, 2], false]);
  });

  it('given every row hidden, then an empty page and nothing more', async () => {
    expect(await shownPage(fetcher(3), (page) => page.map(() => undefined), 3)).toEqual({
      page: [],
      more: false,
    });
  });
});
