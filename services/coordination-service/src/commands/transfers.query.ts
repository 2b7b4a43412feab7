import type { ReadModelDb } from '../reads/read-model.database';

export interface TransferListRow {
  transfer_id: string;
  child_ref: string;
  from_municipality: string | null;
  to_municipality: string | null;
  status: 'pending' | 'accepted' | 'declined';
  requested_at: Date | null;
  answered_at: Date | null;
  reason: string | null;
  name: string | null;
  name_ciphertext: string | null;
}

/** The last 200 transfers to or from the municipality, newest first, with the child's name as the read model holds it. */
export async function findTransfers(
  db: ReadModelDb,
  municipality: string,
  status?: string,
): Promise<TransferListRow[]> {
  const { rows } = await db.query<TransferListRow>(
    `SELECT t.transfer_id, t.child_ref, t.from_municipality, t.to_municipality, t.status, t.requested_at, t.answered_at,
       t.reason, c.name, c.name_ciphertext
     FROM read_model.transfers t LEFT JOIN read_model.children c ON c.child_ref = t.child_ref AND c.erased_at IS NULL
     WHERE (t.to_municipality = $1 OR t.from_municipality = $1) AND ($2::text IS NULL OR t.status = $2)
     ORDER BY t.requested_at DESC NULLS LAST, t.transfer_id DESC
     LIMIT 200`,
    [municipality, status ?? null],
  );
  return rows;
}

/** The child and receiver of a transfer to `municipality`; undefined for any other. */
export async function transferTo(
  db: ReadModelDb,
  transferId: string,
  municipality: string,
): Promise<{ childRef: string; toMunicipality: string } | undefined> {
  const { rows } = await db.query<{ child_ref: string; to_municipality: string }>(
    `SELECT child_ref, to_municipality FROM read_model.transfers WHERE transfer_id = $1 AND to_municipality = $2`,
    [transferId, municipality],
  );
  return rows[0] && { childRef: rows[0].child_ref, toMunicipality: rows[0].to_municipality };
}
