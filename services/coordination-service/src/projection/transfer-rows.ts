import type {
  EventEnvelope,
  TransferAcceptedV1,
  TransferDeclinedV1,
  TransferRequestedV1,
} from '@samvirke/contracts';

/** A row of `read_model.transfers`: what the receiving unit finds before it answers, and what became of it. */
export interface TransferRow {
  transfer_id: string;
  child_ref: string;
  from_municipality: string | null;
  to_municipality: string | null;
  status: 'pending' | 'accepted' | 'declined';
  requested_at: string | null;
  requested_by: string | null;
  answered_at: string | null;
  answered_by: string | null;
  reason: string | null;
}

export const TRANSFER_EVENT_TYPES: ReadonlySet<string> = new Set([
  'no.samvirke.coordination.transfer-requested.v1',
  'no.samvirke.coordination.transfer-accepted.v1',
  'no.samvirke.coordination.transfer-declined.v1',
]);

/**
 * The batch's transfer events as one row per transfer, each holding only what its events say
 * (the rest null): the upsert fills in, and an answer read before its request still wins.
 */
export function transferRowsOf(envelopes: readonly EventEnvelope[]): TransferRow[] {
  const rows = new Map<string, TransferRow>();
  for (const envelope of envelopes) {
    if (!TRANSFER_EVENT_TYPES.has(envelope.type)) continue;
    const { transferId } = envelope.data as { transferId: string };
    const row = rows.get(transferId) ?? emptyRow(transferId, envelope.subject);
    rows.set(transferId, { ...row, ...columnsOf(envelope) });
  }
  return [...rows.values()];
}

function columnsOf(envelope: EventEnvelope): Partial<TransferRow> {
  switch (envelope.type) {
    case 'no.samvirke.coordination.transfer-requested.v1': {
      const data = envelope.data as TransferRequestedV1;
      return {
        from_municipality: data.fromMunicipality,
        to_municipality: data.toMunicipality,
        requested_at: data.requestedAt,
        requested_by: data.requestedBy,
      };
    }
    case 'no.samvirke.coordination.transfer-accepted.v1': {
      const data = envelope.data as TransferAcceptedV1;
      return {
        from_municipality: data.fromMunicipality,
        to_municipality: data.toMunicipality,
        status: 'accepted',
        answered_at: data.acceptedAt,
        answered_by: data.acceptedBy,
      };
    }
    default: {
      const data = envelope.data as TransferDeclinedV1;
      return {
        status: 'declined',
        answered_at: data.declinedAt,
        answered_by: data.declinedBy,
        reason: data.reason,
      };
    }
  }
}

function emptyRow(transferId: string, childRef: string): TransferRow {
  return {
    transfer_id: transferId,
    child_ref: childRef,
    from_municipality: null,
    to_municipality: null,
    status: 'pending',
    requested_at: null,
    requested_by: null,
    answered_at: null,
    answered_by: null,
    reason: null,
  };
}
