// The coordination service's answers, as the page reads them (CONTRACT.md, docs/api.md).

export type Sector = 'health' | 'school' | 'child-welfare';
export type TimelineSector = Sector | 'coordination';
export type GapStatus = 'open' | 'acknowledged' | 'resolved';
export type Role = 'coordinator' | 'coordinating-unit' | 'auditor' | `sector:${string}`;

export interface Me {
  sub: string;
  name: string;
  roles: Role[];
  municipality: string | null;
}

export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  municipality: string;
  children?: number;
}

export interface SessionOptions {
  oidc: { issuer: string; clientId: string; scope: string } | null;
  demoLogin: { municipality: string; users: DemoUser[] } | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface ChildListItem {
  childRef: string;
  name: string | null;
  coordinatorId: string | null;
  openGaps: number;
  escalatedGaps: number;
  oldestDueAt: string | null;
  waitingForCoordinatorSince: string | null;
  enrolledAt: string | null;
  sectors: TimelineSector[];
  lastEventAt: string | null;
}

export interface Gap {
  gapId: string;
  childRef: string;
  ruleId: string;
  ruleVersion: number;
  status: GapStatus;
  openedAt: string;
  dueAt: string;
  resolvedAt?: string;
  owner: string;
  ownerId?: string;
  legalBasis: string;
  evidence: string[];
  detail?: Record<string, unknown>;
  escalated: boolean;
  escalatesAt?: string;
  resolution?: string;
  lateByMs?: number;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedBy?: string;
  note?: string;
}

/**
 * A gap of a sector without consent: only that a deadline there has passed (no rule, evidence,
 * legal basis or notes). Child welfare's gaps are not listed at all without a basis.
 */
export interface RestrictedGap {
  gapId: string;
  childRef: string;
  restricted: true;
  sector: Sector;
  status: GapStatus;
  owner: string;
  openedAt: string;
  dueAt: string;
  escalated: boolean;
}

/** A gap as the lists answer it: in full, or restricted. */
export type ListedGap = Gap | RestrictedGap;

export const isRestricted = (gap: ListedGap): gap is RestrictedGap =>
  'restricted' in gap && gap.restricted;

export interface Consent {
  consentId: string;
  sectors: Sector[];
  givenBy: 'parent' | 'child';
  givenAt: string;
  expiresAt?: string;
  withdrawnAt?: string;
  inForce: boolean;
}

export interface ChildSummary {
  childRef: string;
  erased: boolean;
  erasedAt?: string;
  name: string | null;
  enrolledAt?: string;
  coordinator: { coordinatorId: string; assignedAt: string } | null;
  coordinatorRequests?: string[];
  consents?: Consent[];
  consentCovers?: Sector[];
  plan?: {
    establishedAt: string;
    reviewDueAt: string;
    lastRevisedAt: string | null;
    revisions: number;
  } | null;
  responsibilityGroupMeetings?: string[];
  sectors?: TimelineSector[];
  /** Involved sectors whose content is hidden (no consent): the timeline draws a lane mark for each. */
  restrictedSectors?: Sector[];
  openGaps?: ListedGap[];
}

export interface TimelineEntry {
  eventId: string;
  type: string;
  sector: TimelineSector;
  occurredAt: string;
  recordedAt: string;
  summary: string;
  details?: Record<string, unknown>;
}

export interface RuleFigures {
  ruleId: string;
  opened: number;
  open: number;
  escalated: number;
  resolved: number;
  resolvedWithinDeadline: number;
  withinDeadlinePercent: number | null;
}

export interface Statistics {
  municipality: string;
  rules: RuleFigures[];
  [key: string]: unknown;
}

export interface AccessLogEntry {
  id: string;
  subject: string;
  name: string | null;
  roles: string[];
  municipality: string | null;
  at: string;
  what: string;
  requestId: string | null;
}

export interface Page<K extends string, T> {
  nextCursor: string | null;
  items: T[];
  key: K;
}
