import type { EventEnvelope } from '@samvirke/contracts';
import type { GapResolution } from '../read-model';
import {
  GAP_ACKNOWLEDGED,
  GAP_ACKNOWLEDGED_V1,
  GAP_OPENED,
  GAP_RESOLVED,
  GAP_RESOLVED_V1,
  type GapAcknowledgedData,
  type GapOpenedData,
  type GapResolvedData,
} from './gap-events';
import { newGapRow, type GapRow } from './gap-row';

/** A time of an event's data as the rows hold times: ISO 8601 UTC. */
const utc = (time: string) => new Date(time).toISOString();

/**
 * A gap event from the bus applied to its row: the engine's own (coming back, or replayed in a
 * rebuild) and the coordinators' acknowledgements and manual resolutions. Commutative where it
 * matters: of two resolutions the earlier `resolvedAt` wins, of two acknowledgements the earlier.
 * Undefined when the event needs a row that is not there (an acknowledgement before its gap).
 */
export function applyGapEvent(
  row: GapRow | undefined,
  envelope: EventEnvelope,
): GapRow | undefined {
  switch (envelope.type) {
    case GAP_OPENED: {
      if (row) return row;
      const data = envelope.data as GapOpenedData;
      return newGapRow({
        gap_id: data.gapId,
        child_ref: envelope.subject,
        municipality: envelope.municipality,
        rule_id: data.ruleId,
        rule_version: data.ruleVersion,
        owner: data.owner,
        legal_basis: data.legalBasis,
        evidence: [...data.evidence],
        opened_at: utc(data.openedAt),
        due_at: utc(data.dueAt),
      });
    }
    case GAP_ACKNOWLEDGED:
    case GAP_ACKNOWLEDGED_V1: {
      if (!row) return undefined;
      const data = envelope.data as GapAcknowledgedData;
      const at = utc(data.acknowledgedAt);
      const status = row.status === 'resolved' ? 'resolved' : 'acknowledged';
      if (row.acknowledged_at !== null && row.acknowledged_at <= at) return { ...row, status };
      return withNote({
        ...row,
        status,
        acknowledged_at: at,
        acknowledged_by: data.by,
        acknowledged_note: data.note ?? null,
      });
    }
    case GAP_RESOLVED:
    case GAP_RESOLVED_V1: {
      if (!row) return undefined;
      const data = envelope.data as GapResolvedData;
      const at = utc(data.resolvedAt);
      if (row.resolved_at !== null && row.resolved_at <= at) return row;
      const resolution: GapResolution =
        data.how === 'manual'
          ? 'manual'
          : data.resolvingEventId !== undefined
            ? 'auto'
            : 'no-longer-applies';
      return withNote({
        ...row,
        status: 'resolved',
        resolved_at: at,
        resolution,
        resolving_event_id: data.resolvingEventId ?? null,
        resolved_by: data.how === 'manual' ? (data.by ?? null) : null,
        // A coordinator's resolution carries how late it came too: the figures count it.
        late_by_ms: data.lateByMs ?? (data.how === 'manual' ? null : 0),
        resolution_note: data.note ?? null,
      });
    }
    default:
      return row;
  }
}

/** The note a coordinator reads, from the winning resolution and the first acknowledgement (so any order gives it). */
function withNote(row: GapRow): GapRow {
  const note = (row.resolution === 'manual' ? row.resolution_note : null) ?? row.acknowledged_note;
  return { ...row, note };
}
