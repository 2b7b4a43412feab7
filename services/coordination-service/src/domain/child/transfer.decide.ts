import { DomainError } from '@samvirke/event-sourcing';
import {
  isBefore,
  transferAcceptedV1,
  transferDeclinedV1,
  transferRequestedV1,
  type TransferAcceptedV1,
  type TransferDeclinedV1,
  type TransferRequestedV1,
} from '@samvirke/contracts';
import { openTransferOf, type ChildEvent, type ChildRecord, type Transfer } from './child';

/**
 * Moving a child to another municipality (the family moved): the child's coordinating unit asks,
 * the receiving municipality's unit accepts or declines. Until it is accepted nothing moves.
 */

/** `fromMunicipality` is the asking unit's own; the transfer id is the server's. */
export type RequestTransfer = { type: 'RequestTransfer'; data: TransferRequestedV1 };
/** `byMunicipality`: the municipality of the unit that answers. */
export type AcceptTransfer = {
  type: 'AcceptTransfer';
  data: { transferId: string; acceptedAt: string; acceptedBy: string; byMunicipality: string };
};
export type DeclineTransfer = {
  type: 'DeclineTransfer';
  data: TransferDeclinedV1 & { byMunicipality: string };
};
export type TransferCommand = RequestTransfer | AcceptTransfer | DeclineTransfer;

export function requestTransfer(data: TransferRequestedV1, state: ChildRecord): ChildEvent[] {
  if (data.fromMunicipality !== state.municipality) {
    throw new DomainError(
      'only the coordinating unit of the child’s own municipality may transfer the child',
      'not-the-childs-unit',
    );
  }
  if (data.toMunicipality === state.municipality) {
    throw new DomainError(
      `the child is already ${state.municipality}’s; a transfer goes to another municipality`,
      'same-municipality',
    );
  }
  const open = openTransferOf(state);
  if (open) {
    // The same request again (a retry without a key) is the open one; another destination waits for its answer.
    if (open.toMunicipality === data.toMunicipality) return [];
    throw new DomainError(
      `a transfer to ${open.toMunicipality} (${open.transferId}) is waiting for an answer; it must be declined first`,
      'transfer-open',
    );
  }
  return [{ type: transferRequestedV1.type, data }];
}

export function acceptTransfer(data: AcceptTransfer['data'], state: ChildRecord): ChildEvent[] {
  const transfer = receivedTransfer(data.transferId, data.byMunicipality, state);
  if (transfer.status === 'accepted') return [];
  if (transfer.status === 'declined') {
    throw new DomainError(
      `transfer ${transfer.transferId} was declined at ${transfer.declinedAt}; it cannot be accepted`,
      'transfer-declined',
    );
  }
  const accepted: TransferAcceptedV1 = {
    transferId: transfer.transferId,
    fromMunicipality: transfer.fromMunicipality,
    toMunicipality: transfer.toMunicipality,
    acceptedAt: data.acceptedAt,
    acceptedBy: data.acceptedBy,
  };
  return [{ type: transferAcceptedV1.type, data: accepted }];
}

export function declineTransfer(data: DeclineTransfer['data'], state: ChildRecord): ChildEvent[] {
  const transfer = receivedTransfer(data.transferId, data.byMunicipality, state);
  if (transfer.status === 'accepted') {
    throw new DomainError(
      `transfer ${transfer.transferId} was accepted at ${transfer.acceptedAt}; it cannot be declined`,
      'transfer-accepted',
    );
  }
  if (transfer.status === 'declined') {
    if (transfer.reason === data.reason) return [];
    throw new DomainError(
      `transfer ${transfer.transferId} was already declined, for another reason`,
      'transfer-already-declined',
    );
  }
  const { byMunicipality: _, ...declined } = data;
  return [{ type: transferDeclinedV1.type, data: declined }];
}

/** The transfer, when the answering unit is the receiving municipality's. */
function receivedTransfer(
  transferId: string,
  byMunicipality: string,
  state: ChildRecord,
): Transfer {
  const transfer = state.transfers[transferId];
  if (!transfer)
    throw new DomainError(`the child has no transfer ${transferId}`, 'unknown-transfer');
  if (transfer.toMunicipality !== byMunicipality) {
    throw new DomainError(
      'only the coordinating unit of the receiving municipality may answer a transfer',
      'not-the-receiving-unit',
    );
  }
  return transfer;
}

/** The stored event that recorded what a transfer command states (for the 200 answer to a repeat). */
export function recordsTransferCommand(event: ChildEvent, command: TransferCommand): boolean {
  switch (command.type) {
    case 'RequestTransfer':
      return (
        event.type === transferRequestedV1.type &&
        event.data.toMunicipality === command.data.toMunicipality
      );
    case 'AcceptTransfer':
      return (
        event.type === transferAcceptedV1.type && event.data.transferId === command.data.transferId
      );
    case 'DeclineTransfer':
      return (
        event.type === transferDeclinedV1.type && event.data.transferId === command.data.transferId
      );
  }
}

/** A transfer accepted after `at`: an assignment cannot reach back before the child came to its municipality. */
export function transferAcceptedAfter(
  state: ChildRecord,
  at: string,
): Extract<Transfer, { status: 'accepted' }> | undefined {
  return Object.values(state.transfers).find(
    (transfer): transfer is Extract<Transfer, { status: 'accepted' }> =>
      transfer.status === 'accepted' && isBefore(at, transfer.acceptedAt),
  );
}
