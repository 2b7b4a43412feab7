import { byChildUrgency, byGapUrgency } from './urgency';

const gap = (dueAt: string, extra: { status?: string; escalated?: boolean } = {}) => ({
  status: extra.status ?? 'open',
  escalated: extra.escalated ?? false,
  dueAt,
});

describe('the caseload’s order of gaps', () => {
  it('given an escalated gap and older ones that are not, when sorted, then the escalated one comes first', () => {
    const sorted = [
      gap('2026-01-01T00:00:00Z'),
      gap('2026-03-01T00:00:00Z', { escalated: true }),
    ].sort(byGapUrgency);
    expect(sorted[0].escalated).toBe(true);
  });

  it('given gaps alike but for their deadlines, when sorted, then the oldest deadline comes first and resolved ones last', () => {
    const sorted = [
      gap('2026-02-01T00:00:00Z', { status: 'resolved' }),
      gap('2026-03-01T00:00:00Z', { status: 'acknowledged' }),
      gap('2026-01-15T00:00:00Z'),
    ].sort(byGapUrgency);
    expect(sorted.map((g) => g.dueAt)).toEqual([
      '2026-01-15T00:00:00Z',
      '2026-03-01T00:00:00Z',
      '2026-02-01T00:00:00Z',
    ]);
  });
});

describe('the caseload’s order of children', () => {
  const child = (
    name: string,
    openGaps: number,
    escalatedGaps: number,
    oldestDueAt: string | null,
  ) => ({
    childRef: `c1_${name}`,
    name,
    openGaps,
    escalatedGaps,
    oldestDueAt,
  });

  it('given children with escalated, open and no gaps, when sorted, then escalated, then oldest deadline, then by name', () => {
    const sorted = [
      child('Åse', 0, 0, null),
      child('Bo', 1, 0, '2026-03-01T00:00:00Z'),
      child('Per', 2, 0, '2026-02-01T00:00:00Z'),
      child('Ada', 0, 0, null),
      child('Kim', 1, 1, '2026-04-01T00:00:00Z'),
    ].sort(byChildUrgency);
    expect(sorted.map((c) => c.name)).toEqual(['Kim', 'Per', 'Bo', 'Ada', 'Åse']);
  });
});
