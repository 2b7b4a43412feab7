import {
  investigationConcludedV1,
  investigationExtendedV1,
  investigationStartedV1,
  type InvestigationConcludedV1,
  type InvestigationExtendedV1,
  type InvestigationStartedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * An investigation (undersøkelse) after a concern report: started, extended at most once
 * (3 -> 6 months, barnevernsloven §2-2), concluded once. Its own stream, apart from the report
 * it follows, so a long investigation never contends with writes to the report.
 */

export type InvestigationEvent = CatalogEvent<
  | typeof investigationStartedV1.type
  | typeof investigationExtendedV1.type
  | typeof investigationConcludedV1.type
>;

export type InvestigationState =
  | { status: 'unknown' }
  | { status: 'started'; start: InvestigationStartedV1 }
  | { status: 'extended'; start: InvestigationStartedV1; extension: InvestigationExtendedV1 }
  | {
      status: 'concluded';
      start: InvestigationStartedV1;
      /** null when it was concluded within the first deadline. */
      extension: InvestigationExtendedV1 | null;
      conclusion: InvestigationConcludedV1;
    };

export const streamIdForInvestigation = (investigationId: string): string =>
  `childwelfare-investigation-${investigationId}`;

export const initialInvestigationState = (): InvestigationState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveInvestigation(
  state: InvestigationState,
  event: InvestigationEvent,
): InvestigationState {
  switch (event.type) {
    case investigationStartedV1.type:
      return state.status === 'unknown' ? { status: 'started', start: event.data } : state;
    case investigationExtendedV1.type:
      return state.status === 'started'
        ? { status: 'extended', start: state.start, extension: event.data }
        : state;
    case investigationConcludedV1.type:
      switch (state.status) {
        case 'started':
          return {
            status: 'concluded',
            start: state.start,
            extension: null,
            conclusion: event.data,
          };
        case 'extended':
          return {
            status: 'concluded',
            start: state.start,
            extension: state.extension,
            conclusion: event.data,
          };
        default:
          return state;
      }
    default: {
      const _: never = event;
      return state;
    }
  }
}
