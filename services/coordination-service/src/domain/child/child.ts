import {
  childEnrolledV1,
  childErasedV1,
  consentGivenV1,
  consentWithdrawnV1,
  coordinatorAssignedV1,
  coordinatorRequestedV1,
  planEstablishedV1,
  planRevisedV1,
  responsibilityGroupMetV1,
  transferAcceptedV1,
  transferDeclinedV1,
  transferRequestedV1,
  type CatalogEvent,
  type ChildEnrolledV1,
  type ConsentGivenV1,
  type CoordinatorAssignedV1,
  type PlanEstablishedV1,
  type PlanRevisedV1,
  type TransferAcceptedV1,
  type TransferDeclinedV1,
  type TransferRequestedV1,
} from '@samvirke/contracts';
import { isBefore } from '@samvirke/contracts';

/**
 * A child in the coordination service: enrolled by the coordinating unit, given a coordinator,
 * consents per sector, an individual plan and its responsibility group meetings, until erased.
 * One stream per child, named by the childRef; the envelope's subject is the childRef and its
 * municipality the child's. The child's municipality is the enrolling unit's, and changes only
 * when another municipality's unit accepts a transfer.
 */

export type ChildEvent =
  /** The enrolment, with its envelope's municipality: the enrolling unit's (see `childEventOf`). */
  | (CatalogEvent<typeof childEnrolledV1.type> & { municipality: string })
  | CatalogEvent<
      | typeof coordinatorRequestedV1.type
      | typeof coordinatorAssignedV1.type
      | typeof consentGivenV1.type
      | typeof consentWithdrawnV1.type
      | typeof planEstablishedV1.type
      | typeof planRevisedV1.type
      | typeof responsibilityGroupMetV1.type
      | typeof childErasedV1.type
      | typeof transferRequestedV1.type
      | typeof transferAcceptedV1.type
      | typeof transferDeclinedV1.type
    >;

export interface Consent extends ConsentGivenV1 {
  withdrawnAt?: string;
}

export interface IndividualPlan {
  established: PlanEstablishedV1;
  /** In the order recorded, which need not be the order in time. */
  revisions: PlanRevisedV1[];
}

/** A transfer to another municipality: asked by the child's unit, then accepted or declined by the receiving one. */
export type Transfer =
  | ({ status: 'pending' } & TransferRequestedV1)
  | ({ status: 'accepted' } & TransferRequestedV1 &
      Pick<TransferAcceptedV1, 'acceptedAt' | 'acceptedBy'>)
  | ({ status: 'declined' } & TransferRequestedV1 & Omit<TransferDeclinedV1, 'transferId'>);

/** What the stream has recorded about an enrolled child. */
export interface ChildRecord {
  enrolment: ChildEnrolledV1;
  /** Kommunenummer: whose child it is (the enrolling unit's, then each accepted transfer's receiver). */
  municipality: string;
  /** By transferId. */
  transfers: Record<string, Transfer>;
  /** The current coordinator: the latest assignment. */
  coordinator?: CoordinatorAssignedV1;
  coordinatorRequests: string[];
  consents: Record<string, Consent>;
  plan?: IndividualPlan;
  responsibilityGroupMeetings: string[];
}

export type ChildState =
  | { status: 'not-enrolled' }
  | ({ status: 'enrolled' } & ChildRecord)
  // Kept so that access rules still know the coordinator; the personal data is gone with the key.
  | ({ status: 'erased'; erasedAt: string } & ChildRecord);

export const streamIdForChild = (childRef: string): string => `coordination-child-${childRef}`;

export const initialChildState = (): ChildState => ({ status: 'not-enrolled' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveChild(state: ChildState, event: ChildEvent): ChildState {
  if (event.type === childEnrolledV1.type) {
    return state.status === 'not-enrolled'
      ? {
          status: 'enrolled',
          enrolment: event.data,
          municipality: event.municipality,
          transfers: {},
          coordinatorRequests: [],
          consents: {},
          responsibilityGroupMeetings: [],
        }
      : state;
  }
  if (state.status !== 'enrolled') return state;
  switch (event.type) {
    case coordinatorRequestedV1.type:
      return {
        ...state,
        coordinatorRequests: [...state.coordinatorRequests, event.data.requestedAt],
      };
    case coordinatorAssignedV1.type:
      return { ...state, coordinator: event.data };
    case consentGivenV1.type:
      return {
        ...state,
        consents: { ...state.consents, [event.data.consentId]: { ...event.data } },
      };
    case consentWithdrawnV1.type: {
      const consent = state.consents[event.data.consentId];
      if (!consent || consent.withdrawnAt !== undefined) return state;
      return {
        ...state,
        consents: {
          ...state.consents,
          [consent.consentId]: { ...consent, withdrawnAt: event.data.withdrawnAt },
        },
      };
    }
    case planEstablishedV1.type:
      return state.plan ? state : { ...state, plan: { established: event.data, revisions: [] } };
    case planRevisedV1.type:
      return state.plan
        ? { ...state, plan: { ...state.plan, revisions: [...state.plan.revisions, event.data] } }
        : state;
    case responsibilityGroupMetV1.type:
      return {
        ...state,
        responsibilityGroupMeetings: [...state.responsibilityGroupMeetings, event.data.heldAt],
      };
    case childErasedV1.type:
      return { ...state, status: 'erased', erasedAt: event.data.erasedAt };
    case transferRequestedV1.type:
      return {
        ...state,
        transfers: {
          ...state.transfers,
          [event.data.transferId]: { status: 'pending', ...event.data },
        },
      };
    case transferAcceptedV1.type:
      return transferAccepted(state, event.data);
    case transferDeclinedV1.type: {
      const transfer = state.transfers[event.data.transferId];
      if (transfer?.status !== 'pending') return state;
      const { transferId: _, ...declined } = event.data;
      return {
        ...state,
        transfers: {
          ...state.transfers,
          [transfer.transferId]: { ...transfer, ...declined, status: 'declined' },
        },
      };
    }
    default: {
      const _: never = event;
      return state;
    }
  }
}

/**
 * The child is the receiving municipality's from the acceptance. A coordinator belongs to a
 * municipality and a consent was given to this one's services, so both end with the transfer:
 * the receiving unit assigns a coordinator, and the family consents anew.
 */
function transferAccepted(
  state: ChildRecord & { status: 'enrolled' },
  data: TransferAcceptedV1,
): ChildState {
  const transfer = state.transfers[data.transferId];
  if (transfer?.status !== 'pending') return state;
  const consents = Object.fromEntries(
    Object.entries(state.consents).map(([id, consent]) => [
      id,
      consent.withdrawnAt === undefined ? { ...consent, withdrawnAt: data.acceptedAt } : consent,
    ]),
  );
  const { coordinator: _, ...rest } = state;
  return {
    ...rest,
    municipality: data.toMunicipality,
    consents,
    transfers: {
      ...state.transfers,
      [transfer.transferId]: {
        ...transfer,
        status: 'accepted',
        acceptedAt: data.acceptedAt,
        acceptedBy: data.acceptedBy,
      },
    },
  };
}

/** The transfer still waiting for the receiving unit, if any (there is at most one). */
export function openTransferOf(state: ChildRecord): Transfer | undefined {
  return Object.values(state.transfers).find((transfer) => transfer.status === 'pending');
}

/**
 * A stored event of the child's stream as the decider folds it: the enrolment with its
 * envelope's municipality (the data never carries a municipality), the rest as `{type, data}`.
 */
export function childEventOf(stored: {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}): ChildEvent {
  if (stored.type === childEnrolledV1.type) {
    return {
      type: childEnrolledV1.type,
      data: stored.data as ChildEnrolledV1,
      municipality: String(stored.metadata['municipality']),
    };
  }
  return { type: stored.type, data: stored.data } as ChildEvent;
}

/** The plan version in force: the latest revision, or the plan as established. */
export function currentPlanVersion(plan: IndividualPlan): { at: string; reviewDueAt: string } {
  // A revision recorded late may be older than one recorded before it: the latest in time wins.
  return plan.revisions.reduce(
    (current, revision) =>
      !isBefore(revision.revisedAt, current.at)
        ? { at: revision.revisedAt, reviewDueAt: revision.reviewDueAt }
        : current,
    { at: plan.established.establishedAt, reviewDueAt: plan.established.reviewDueAt },
  );
}
