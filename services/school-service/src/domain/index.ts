// The school service's pure domain: one decider per aggregate, no Nest, no I/O.
export * from './attendance/attendance';
export * from './attendance/attendance.decide';
export * from './meeting/meeting';
export * from './meeting/meeting.decide';
export * from './expert-assessment/expert-assessment';
export * from './expert-assessment/expert-assessment.decide';
export * from './enrolment/enrolment';
export * from './enrolment/enrolment.decide';
