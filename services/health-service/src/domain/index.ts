// The health service's pure domain: one decider per aggregate, no Nest, no I/O.
export * from './admission/admission';
export * from './admission/admission.decide';
export * from './referral/referral';
export * from './referral/referral.decide';
export * from './follow-up/follow-up';
export * from './follow-up/follow-up.decide';
